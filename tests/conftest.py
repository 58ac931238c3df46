"""Shared fixtures: organisations of each role, authenticated API clients."""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from marketplace.celery import app as celery_app
from tests.factories import OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    """Users are made by the dozen; the production hasher's cost is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Brands and bearing sizes come from a data migration; a transactional test's flush wipes
    them, so they are loaded again for any database test that finds them gone."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None:
        transactional = marker.kwargs.get("transaction", False) or (marker.args and marker.args[0])
        request.getfixturevalue("transactional_db" if transactional else "db")
    elif "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    from catalog.models import Brand
    from catalog.reference_data import reference_data_load

    if not Brand.objects.exists():
        reference_data_load()


@pytest.fixture(autouse=True)
def _isolated_cache_and_eager_tasks() -> None:
    """Throttle counters start at zero; tasks run in-process unless a test starts a worker."""
    cache.clear()
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def make_client() -> Callable[..., APIClient]:
    """An APIClient authenticated as a new user of the given organisation."""

    def _make(organization: object | None = None, **user_fields: object) -> APIClient:
        user = UserFactory(organization=organization, **user_fields)
        client = APIClient()
        client.force_authenticate(user)
        client.user = user
        return client

    return _make


@pytest.fixture
def supplier(db: None) -> object:
    return OrganizationFactory(kind="supplier", status="verified")


@pytest.fixture
def buyer(db: None) -> object:
    return OrganizationFactory(kind="buyer", status="verified")


@pytest.fixture
def supplier_client(make_client: Callable[..., APIClient], supplier: object) -> APIClient:
    return make_client(supplier)


@pytest.fixture
def buyer_client(make_client: Callable[..., APIClient], buyer: object) -> APIClient:
    return make_client(buyer)


@pytest.fixture
def staff_client(make_client: Callable[..., APIClient], db: None) -> APIClient:
    return make_client(None, is_staff=True, is_superuser=True)
