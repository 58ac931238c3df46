"""The orders API as a client sees it."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from catalog.models import Listing
from marketplace.organizations.models import Organization
from orders.models import Order, OrderLine
from tests.factories import OrganizationFactory
from tests.orders.factories import ListingFactory, listing_with, stock_of

pytestmark = pytest.mark.django_db
URL = "/api/v1/orders/"


@pytest.fixture
def clients(buyer_client: APIClient, supplier_client: APIClient) -> dict[str, APIClient]:
    return {"buyer": buyer_client, "supplier": supplier_client}


def order_body(listing: Listing, quantity: int = 1, **extra: object) -> dict:
    return {"lines": [{"listing": listing.pk, "quantity": quantity}], **extra}


def test_buyer_places_an_order_and_gets_its_representation(
    buyer_client: APIClient, buyer: Organization, listing: Listing
) -> None:
    response = buyer_client.post(URL, order_body(listing, 10, delivery_city="Shanghai"))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {
        "id",
        "number",
        "buyer",
        "supplier",
        "status",
        "lines",
        "total",
        "currency",
        "created_at",
        "settlement",
        "delivery_city",
        "tracking_number",
        "pool",
        "custom_request",
    }
    order_line_id = OrderLine.objects.get(order_id=body["id"]).pk
    assert body["lines"] == [
        {
            "id": order_line_id,
            "listing": listing.pk,
            "brand": "SKF",
            "designation": "6205-2RS C3",
            "description": "",
            "quantity": 10,
            "unit_price": "11.00",
            "line_total": "110.00",
        }
    ]
    assert (body["buyer"], body["supplier"], body["status"]) == (buyer.pk, listing.supplier_id, "placed")
    assert (body["total"], body["currency"], body["settlement"]) == ("110.00", "CNY", None)
    assert body["delivery_city"] == "Shanghai"
    assert body["pool"] is None
    assert body["number"].startswith("YD-")
    assert stock_of(listing) == (10, 10)


def test_order_beyond_stock_is_409_naming_the_line(buyer_client: APIClient, listing: Listing) -> None:
    response = buyer_client.post(URL, order_body(listing, 11))
    assert response.status_code == 409
    assert response.json() == {
        "code": "insufficient_stock",
        "detail": "Not enough stock for one or more lines.",
        "errors": {"lines.0.quantity": ["Only 10 available."]},
    }
    assert stock_of(listing) == (10, 0)


def test_two_lines_of_six_on_ten_is_409_and_nothing_is_reserved(buyer_client: APIClient, listing: Listing) -> None:
    line = {"listing": listing.pk, "quantity": 6}
    response = buyer_client.post(URL, {"lines": [line, line]})
    assert response.status_code == 409
    assert stock_of(listing) == (10, 0)
    assert not Order.objects.exists()


def test_lines_from_two_suppliers_are_400(buyer_client: APIClient, listing: Listing) -> None:
    other = ListingFactory()
    body = {"lines": [{"listing": listing.pk, "quantity": 1}, {"listing": other.pk, "quantity": 1}]}
    response = buyer_client.post(URL, body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["lines.1.listing"]


def test_unknown_listing_is_400_naming_the_line(buyer_client: APIClient) -> None:
    response = buyer_client.post(URL, {"lines": [{"listing": 99999999, "quantity": 1}]})
    assert response.status_code == 400
    assert response.json()["errors"] == {"lines.0.listing": ["No such listing is on sale."]}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"lines": []},
        {"lines": None},
        {"lines": "6205"},
        {"lines": [None]},
        {"lines": [{"listing": "abc", "quantity": 1}]},
        {"lines": [{"listing": 1, "quantity": "many"}]},
        {"lines": [{"listing": 1, "quantity": 0}]},
        {"lines": [{"listing": 1, "quantity": -5}]},
        {"lines": [{"listing": 1, "quantity": 2**63}]},
        {"lines": [{"listing": 2**64, "quantity": 1}]},
        {"lines": [{"listing": -1, "quantity": 1}]},
        {"lines": [{"listing": 1}]},
        {"lines": [{"listing": 1, "quantity": 1.5}]},
        {"lines": [{"listing": 1, "quantity": 1}] * 201},
        {"lines": [{"listing": 1, "quantity": 1}], "delivery_city": "x" * 101},
        {"lines": [{"listing": 1, "quantity": 1}], "delivery_city": None},
        [1, 2, 3],
        "text",
    ],
)
def test_bad_bodies_are_400(buyer_client: APIClient, body: object) -> None:
    response = buyer_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_moq_violation_is_400(buyer_client: APIClient) -> None:
    listing = ListingFactory(moq=5, breaks=[(5, "3.00")])
    response = buyer_client.post(URL, order_body(listing, 4))
    assert response.status_code == 400
    assert response.json()["errors"] == {"lines.0.quantity": ["The minimum order quantity is 5."]}


def test_pending_buyer_cannot_order(make_client: Callable, listing: Listing) -> None:
    client = make_client(OrganizationFactory(kind="buyer", status="pending"))
    assert client.post(URL, order_body(listing)).status_code == 403


def test_supplier_cannot_order(supplier_client: APIClient) -> None:
    listing = ListingFactory()
    assert supplier_client.post(URL, order_body(listing)).status_code == 403


def test_anonymous_is_401(api_client: APIClient, listing: Listing) -> None:
    assert api_client.post(URL, order_body(listing)).status_code == 401
    assert api_client.get(URL).status_code == 401


def test_detail_of_own_order_and_404_for_another_organisation(
    buyer_client: APIClient, supplier_client: APIClient, make_client: Callable, listing: Listing
) -> None:
    order_id = buyer_client.post(URL, order_body(listing)).json()["id"]
    assert buyer_client.get(f"{URL}{order_id}/").json()["id"] == order_id
    assert supplier_client.get(f"{URL}{order_id}/").json()["id"] == order_id
    stranger = make_client(OrganizationFactory(kind="buyer"))
    response = stranger.get(f"{URL}{order_id}/")
    assert response.status_code == 404
    assert stranger.get(f"{URL}{order_id}/events/").status_code == 404
    assert stranger.post(f"{URL}{order_id}/cancel/", {}).status_code == 404
    assert buyer_client.get(f"{URL}999999999/").status_code == 404


def test_list_shows_both_sides_their_orders_only(
    buyer_client: APIClient, supplier_client: APIClient, make_client: Callable, listing: Listing
) -> None:
    order_id = buyer_client.post(URL, order_body(listing)).json()["id"]
    other_buyer = make_client(OrganizationFactory(kind="buyer"))
    other_buyer.post(URL, order_body(ListingFactory()))
    for client in (buyer_client, supplier_client):
        body = client.get(URL).json()
        assert set(body) == {"next", "previous", "results"}
        assert [row["id"] for row in body["results"]] == [order_id]


def test_list_filters_by_status_dates_and_counterparty(
    buyer_client: APIClient, supplier_client: APIClient, listing: Listing, supplier: Organization, buyer: Organization
) -> None:
    first = buyer_client.post(URL, order_body(listing)).json()["id"]
    second = buyer_client.post(URL, order_body(listing)).json()["id"]
    elsewhere = buyer_client.post(URL, order_body(ListingFactory())).json()["id"]
    supplier_client.post(f"{URL}{second}/confirm/")
    Order.objects.filter(pk=first).update(created_at=timezone.now() - timedelta(days=10))

    def ids(client: APIClient, **params: object) -> set[int]:
        response = client.get(URL, params)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids(buyer_client, status="confirmed") == {second}
    assert ids(buyer_client, counterparty=supplier.pk) == {first, second}
    assert ids(supplier_client, counterparty=buyer.pk) == {first, second}
    today = timezone.localdate()
    assert ids(buyer_client, created_after=today.isoformat()) == {second, elsewhere}
    assert ids(buyer_client, created_before=(today - timedelta(days=5)).isoformat()) == {first}


@pytest.mark.parametrize(
    "params",
    [{"status": "lost"}, {"created_after": "yesterday"}, {"counterparty": "x"}, {"counterparty": 2**70}],
)
def test_list_bad_filters_are_400(buyer_client: APIClient, params: dict) -> None:
    assert buyer_client.get(URL, params).status_code == 400


def test_list_query_count_does_not_grow_with_orders(
    buyer_client: APIClient, supplier: Organization, django_assert_max_num_queries: Callable
) -> None:
    listings = [ListingFactory(supplier=supplier) for _ in range(3)]
    for _ in range(12):
        buyer_client.post(URL, {"lines": [{"listing": item.pk, "quantity": 1} for item in listings]})
    with django_assert_max_num_queries(4):
        response = buyer_client.get(URL)
    assert len(response.json()["results"]) == 12
    assert all(len(row["lines"]) == 3 for row in response.json()["results"])


def test_list_paginates(buyer_client: APIClient, listing: Listing) -> None:
    for _ in range(3):
        buyer_client.post(URL, order_body(listing))
    page = buyer_client.get(URL, {"page_size": 2}).json()
    assert len(page["results"]) == 2
    assert page["next"] is not None


def test_full_lifecycle_through_the_api(
    buyer_client: APIClient, supplier_client: APIClient, listing: Listing, django_capture_on_commit_callbacks: Callable
) -> None:
    order_id = buyer_client.post(URL, order_body(listing, 3)).json()["id"]
    confirmed = supplier_client.post(f"{URL}{order_id}/confirm/")
    assert (confirmed.status_code, confirmed.json()["status"]) == (200, "confirmed")
    shipped = supplier_client.post(f"{URL}{order_id}/ship/", {"tracking_number": "SF100"})
    assert (shipped.status_code, shipped.json()["tracking_number"]) == (200, "SF100")
    assert stock_of(listing) == (7, 0)
    delivered = buyer_client.post(f"{URL}{order_id}/deliver/")
    assert (delivered.status_code, delivered.json()["status"]) == (200, "delivered")
    events = buyer_client.get(f"{URL}{order_id}/events/").json()
    assert [(e["from_status"], e["to_status"]) for e in events] == [
        (None, "placed"),
        ("placed", "confirmed"),
        ("confirmed", "shipped"),
        ("shipped", "delivered"),
    ]
    assert set(events[0]) == {"at", "actor", "from_status", "to_status", "note"}
    assert events[1]["actor"] == supplier_client.user.username


@pytest.mark.parametrize(
    ("who", "call", "status"),
    [
        ("buyer", ("confirm", {}), 403),
        ("buyer", ("ship", {"tracking_number": "T"}), 403),
        ("supplier", ("deliver", {}), 403),
        ("supplier", ("ship", {"tracking_number": "T"}), 409),
        ("buyer", ("deliver", {}), 409),
    ],
)
def test_actions_by_the_wrong_party_or_in_the_wrong_state(
    clients: dict[str, APIClient], listing: Listing, who: str, call: tuple[str, dict], status: int
) -> None:
    order_id = clients["buyer"].post(URL, order_body(listing)).json()["id"]
    action, body = call
    response = clients[who].post(f"{URL}{order_id}/{action}/", body)
    assert response.status_code == status
    assert response.json()["code"] in {"permission_denied", "illegal_transition"}
    assert Order.objects.get(pk=order_id).status == "placed"


def test_cancel_through_the_api_twice_is_409_and_releases_once(buyer_client: APIClient, listing: Listing) -> None:
    order_id = buyer_client.post(URL, order_body(listing, 4)).json()["id"]
    first = buyer_client.post(f"{URL}{order_id}/cancel/", {"reason": "changed plans"})
    second = buyer_client.post(f"{URL}{order_id}/cancel/", {"reason": "again"})
    assert (first.status_code, first.json()["status"]) == (200, "cancelled")
    assert second.status_code == 409
    assert stock_of(listing) == (10, 0)


@pytest.mark.parametrize(
    "body", [{}, {"tracking_number": ""}, {"tracking_number": None}, {"tracking_number": "x" * 101}]
)
def test_ship_with_a_bad_tracking_number_is_400(
    buyer_client: APIClient, supplier_client: APIClient, listing: Listing, body: dict
) -> None:
    order_id = buyer_client.post(URL, order_body(listing)).json()["id"]
    supplier_client.post(f"{URL}{order_id}/confirm/")
    assert supplier_client.post(f"{URL}{order_id}/ship/", body, format="json").status_code == 400


@pytest.mark.parametrize("body", [{"reason": None}, {"reason": "x" * 501}, {"reason": ["a"]}])
def test_cancel_with_a_bad_reason_is_400(buyer_client: APIClient, listing: Listing, body: dict) -> None:
    order_id = buyer_client.post(URL, order_body(listing)).json()["id"]
    assert buyer_client.post(f"{URL}{order_id}/cancel/", body, format="json").status_code == 400


def test_user_without_organisation_sees_no_orders(staff_client: APIClient, buyer_client: APIClient) -> None:
    buyer_client.post(URL, order_body(listing_with(5)))
    assert staff_client.get(URL).json()["results"] == []


def test_settled_order_shows_its_settlement(
    buyer_client: APIClient, supplier_client: APIClient, listing: Listing, django_capture_on_commit_callbacks: Callable
) -> None:
    order_id = buyer_client.post(URL, order_body(listing, 2)).json()["id"]
    supplier_client.post(f"{URL}{order_id}/confirm/")
    supplier_client.post(f"{URL}{order_id}/ship/", {"tracking_number": "SF1"})
    with django_capture_on_commit_callbacks(execute=True):
        buyer_client.post(f"{URL}{order_id}/deliver/")
    body = buyer_client.get(f"{URL}{order_id}/").json()
    assert body["status"] == "settled"
    assert body["settlement"]["gross_amount"] == "25.00"
    assert set(body["settlement"]) == {
        "gross_amount",
        "commission_amount",
        "vat_amount",
        "payout_amount",
        "settled_at",
        "payout_status",
        "release_at",
        "refunded_amount",
    }
    assert (body["settlement"]["payout_status"], body["settlement"]["refunded_amount"]) == ("held", "0.00")
