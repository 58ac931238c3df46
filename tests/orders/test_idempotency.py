"""Idempotency-Key on POST /api/v1/orders/."""

import threading
from collections import Counter

import pytest
from django.db import connection
from rest_framework.test import APIClient

from orders.models import Order
from tests.factories import OrganizationFactory, UserFactory
from tests.orders.factories import ListingFactory, listing_with, stock_of

URL = "/api/v1/orders/"


def client_of(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_replay_returns_the_same_response_and_one_order(buyer_client: APIClient) -> None:
    listing = listing_with(10)
    body = {"lines": [{"listing": listing.pk, "quantity": 2}]}
    first = buyer_client.post(URL, body, HTTP_IDEMPOTENCY_KEY="po-1")
    second = buyer_client.post(URL, body, HTTP_IDEMPOTENCY_KEY="po-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Order.objects.count() == 1
    assert stock_of(listing) == (10, 2)


@pytest.mark.django_db
def test_same_key_with_another_body_is_422(buyer_client: APIClient) -> None:
    listing = listing_with(10)
    buyer_client.post(URL, {"lines": [{"listing": listing.pk, "quantity": 2}]}, HTTP_IDEMPOTENCY_KEY="po-2")
    response = buyer_client.post(URL, {"lines": [{"listing": listing.pk, "quantity": 3}]}, HTTP_IDEMPOTENCY_KEY="po-2")
    assert response.status_code == 422
    assert Order.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_order_is_replayed_as_refused(buyer_client: APIClient) -> None:
    listing = listing_with(1)
    body = {"lines": [{"listing": listing.pk, "quantity": 2}]}
    first = buyer_client.post(URL, body, HTTP_IDEMPOTENCY_KEY="po-3")
    listing.quantity_on_hand = 5
    listing.save(update_fields=["quantity_on_hand"])
    second = buyer_client.post(URL, body, HTTP_IDEMPOTENCY_KEY="po-3")
    assert first.status_code == second.status_code == 409
    assert first.json() == second.json()


@pytest.mark.django_db
def test_another_organisation_with_the_same_key_gets_its_own_order(buyer_client: APIClient) -> None:
    listing = listing_with(10)
    other = client_of(UserFactory(organization=OrganizationFactory(kind="buyer")))
    body = {"lines": [{"listing": listing.pk, "quantity": 1}]}
    first = buyer_client.post(URL, body, HTTP_IDEMPOTENCY_KEY="shared")
    second = other.post(URL, body, HTTP_IDEMPOTENCY_KEY="shared")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]
    assert stock_of(listing) == (10, 2)


@pytest.mark.django_db(transaction=True)
def test_twenty_racing_requests_with_one_key_make_one_order() -> None:
    listing = ListingFactory(quantity_on_hand=100)
    user = UserFactory(organization=OrganizationFactory(kind="buyer"))
    body = {"lines": [{"listing": listing.pk, "quantity": 1}]}
    barrier = threading.Barrier(20)
    results: list[tuple[int, dict]] = []

    def attempt() -> None:
        try:
            client = client_of(user)
            barrier.wait()
            response = client.post(URL, body, HTTP_IDEMPOTENCY_KEY="race")
            results.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = Counter(status for status, _body in results)
    assert sum(statuses.values()) == 20
    assert set(statuses) <= {201, 409}
    assert statuses[201] >= 1
    assert Order.objects.count() == 1
    created = {body["id"] for status, body in results if status == 201}
    assert created == {Order.objects.get().pk}
    assert stock_of(listing) == (100, 1)
