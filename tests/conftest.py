"""Shared fixtures: organisations of each role, authenticated API clients."""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from marketplace.celery import app as celery_app
from tests.factories import OrganizationFactory, UserFactory


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
