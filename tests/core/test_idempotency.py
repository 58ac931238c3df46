import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from marketplace.organizations.models import Organization
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.urls("tests.core.urls")
URL = "/test/create/"


def client_for(org: Organization) -> APIClient:
    client = APIClient()
    client.force_authenticate(UserFactory(organization=org))
    return client


@pytest.mark.django_db
def test_same_key_and_body_replays_first_response() -> None:
    client = client_for(OrganizationFactory())
    first = client.post(URL, {"name": "A", "number": 1}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    second = client.post(URL, {"name": "A", "number": 1}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Organization.objects.filter(name="A").count() == 1


@pytest.mark.django_db
def test_same_key_other_body_is_422() -> None:
    client = client_for(OrganizationFactory())
    client.post(URL, {"name": "A", "number": 1}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    response = client.post(URL, {"name": "B", "number": 2}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert not Organization.objects.filter(name="B").exists()


@pytest.mark.django_db
def test_validation_error_is_replayed_too() -> None:
    client = client_for(OrganizationFactory())
    first = client.post(URL, {"name": "A"}, format="json", HTTP_IDEMPOTENCY_KEY="k2")
    second = client.post(URL, {"name": "A"}, format="json", HTTP_IDEMPOTENCY_KEY="k2")
    assert first.status_code == second.status_code == 400
    assert first.json() == second.json()


@pytest.mark.django_db
def test_keys_are_scoped_to_the_organization() -> None:
    one, two = client_for(OrganizationFactory()), client_for(OrganizationFactory())
    first = one.post(URL, {"name": "A", "number": 1}, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    second = two.post(URL, {"name": "A", "number": 2}, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]


@pytest.mark.django_db
def test_overlong_key_is_400() -> None:
    client = client_for(OrganizationFactory())
    response = client.post(URL, {"name": "A", "number": 1}, format="json", HTTP_IDEMPOTENCY_KEY="k" * 256)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]


@pytest.mark.django_db
def test_server_error_frees_the_key() -> None:
    client = client_for(OrganizationFactory())
    client.raise_request_exception = False
    failed = client.post(URL, {"name": "A", "number": -1}, format="json", HTTP_IDEMPOTENCY_KEY="k3")
    assert failed.status_code == 500
    retry = client.post(URL, {"name": "A", "number": -1}, format="json", HTTP_IDEMPOTENCY_KEY="k3")
    assert retry.status_code == 500  # not 409: the key was released


@pytest.mark.django_db(transaction=True)
def test_racing_requests_with_one_key_create_one_object() -> None:
    org = OrganizationFactory()
    user = UserFactory(organization=org)
    statuses: list[int] = []
    bodies: list[dict] = []
    barrier = threading.Barrier(8)

    def attempt() -> None:
        client = APIClient()
        client.force_authenticate(user)
        barrier.wait()
        response = client.post(
            URL, {"name": "Race", "number": 5, "delay": 0.3}, format="json", HTTP_IDEMPOTENCY_KEY="race"
        )
        statuses.append(response.status_code)
        bodies.append(response.json())
        connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Organization.objects.filter(name="Race").count() == 1
    assert statuses.count(201) >= 1
    assert set(statuses) <= {201, 409}
    created = [b for s, b in zip(statuses, bodies, strict=True) if s == 201]
    assert all(body == created[0] for body in created)
