"""Opening, reading, listing, cancelling and closing RFQs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.rfqs.models import Rfq, RfqInvitation
from marketplace.rfqs.tasks import rfqs_close_expired
from orders.notifications.models import OutboxEvent
from tests.factories import OrganizationFactory
from tests.rfqs.conftest import RFQS, line, quote_body, quote_line, rfq_body
from tests.rfqs.factories import ListingFactory

pytestmark = pytest.mark.django_db


def test_create_returns_open_rfq_with_parsed_lines(buyer_client):
    response = buyer_client.post(RFQS, rfq_body(line("NSK 6205DDU C3", quantity=500)), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "open"
    [created] = body["lines"]
    assert created["recognized"] is True
    assert created["brand"] == "NSK"
    assert created["base_designation"] == "6205"
    assert (created["seal"], created["clearance"], created["precision"]) == ("2RS", "C3", "P0")
    assert created["bearing_type"] == "deep_groove_ball"
    assert (created["bore_mm"], created["outer_diameter_mm"], created["width_mm"]) == ("25", "52", "15")
    assert created["canonical"] == "6205-2RS C3"
    assert created["quantity"] == 500


def test_create_defaults_deadline_from_settings(buyer_client, settings):
    settings.MARKETPLACE_RFQ_DEFAULT_DEADLINE_HOURS = 48
    body = buyer_client.post(RFQS, rfq_body(line()), format="json").json()
    deadline = Rfq.objects.get(pk=body["id"]).deadline
    assert timedelta(hours=47) < deadline - timezone.now() <= timedelta(hours=48)


def test_unrecognized_designation_is_kept_and_flagged(buyer_client):
    body = buyer_client.post(RFQS, rfq_body(line("XYZ-NOT-A-BEARING")), format="json").json()
    assert body["lines"][0]["recognized"] is False
    assert body["lines"][0]["base_designation"] is None


def test_dimensional_line_is_accepted(buyer_client):
    response = buyer_client.post(
        RFQS,
        rfq_body({"bore_mm": "25", "outer_diameter_mm": "52", "width_mm": "15", "quantity": 4}),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["lines"][0]["bore_mm"] == "25"


def test_line_with_neither_designation_nor_dimensions_is_400(buyer_client):
    response = buyer_client.post(
        RFQS, rfq_body(line(), {"bore_mm": "25", "outer_diameter_mm": "52", "quantity": 4}), format="json"
    )
    assert response.status_code == 400
    assert "lines.1.designation" in response.json()["errors"]


@pytest.mark.parametrize("quantity", [0, -5, "many", None, 2**70])
def test_bad_quantity_is_400(buyer_client, quantity):
    response = buyer_client.post(RFQS, rfq_body(line(quantity=quantity)), format="json")
    assert response.status_code == 400
    assert "lines.0.quantity" in response.json()["errors"]


def test_more_than_200_lines_is_400(buyer_client):
    response = buyer_client.post(RFQS, rfq_body(*[line() for _ in range(201)]), format="json")
    assert response.status_code == 400
    assert "lines" in response.json()["errors"]


def test_exactly_200_lines_is_accepted(buyer_client):
    response = buyer_client.post(RFQS, rfq_body(*[line() for _ in range(200)]), format="json")
    assert response.status_code == 201
    assert len(response.json()["lines"]) == 200


def test_deadline_in_the_past_is_400(buyer_client):
    past = (timezone.now() - timedelta(minutes=1)).isoformat()
    response = buyer_client.post(RFQS, rfq_body(line(), deadline=past), format="json")
    assert response.status_code == 400
    assert "deadline" in response.json()["errors"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"title": "x", "lines": []},
        {"title": "x", "lines": "6205"},
        {"title": "x", "lines": [None]},
        {"title": "x", "lines": [{"designation": 6205, "quantity": 1, "bore_mm": "1e400"}]},
        {"title": "x", "lines": [{"designation": "6205", "quantity": 1, "seal": "3RS"}]},
        {"title": "x", "lines": [{"designation": "6205", "quantity": 1, "target_unit_price": "-1"}]},
        {"title": "x", "lines": [{"designation": "6205", "quantity": 1, "required_by": "tomorrow"}]},
        {"title": ["x"], "lines": [{"designation": "6205", "quantity": 1}]},
    ],
)
def test_malformed_bodies_are_400(buyer_client, body):
    response = buyer_client.post(RFQS, body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_pending_buyer_cannot_create(make_client):
    client = make_client(OrganizationFactory(kind="buyer", status="pending"))
    assert client.post(RFQS, rfq_body(line()), format="json").status_code == 403


def test_supplier_cannot_create(supplier_client):
    assert supplier_client.post(RFQS, rfq_body(line()), format="json").status_code == 403


def test_unauthenticated_is_401(api_client):
    assert api_client.get(RFQS).status_code == 401


def test_create_invites_matching_suppliers_and_tells_each(buyer_client, django_capture_on_commit_callbacks):
    nsk = ListingFactory(brand="NSK", designation="6205DDU")
    ListingFactory(supplier=nsk.supplier, brand="NSK", designation="6206DDU")
    other = ListingFactory(designation="6206-2RS")
    ListingFactory(designation="6308")  # not asked for
    with django_capture_on_commit_callbacks(execute=True):
        body = buyer_client.post(RFQS, rfq_body(line("6205-2RS"), line("6206-2RS")), format="json").json()
    invitations = dict(RfqInvitation.objects.filter(rfq_id=body["id"]).values_list("supplier_id", "matched_lines"))
    assert invitations == {nsk.supplier_id: 2, other.supplier_id: 1}
    events = OutboxEvent.objects.filter(type="rfq.matched")
    assert sorted(e.organization_id for e in events) == sorted(invitations)
    assert all(e.data["id"] == body["id"] for e in events)


def test_idempotency_key_replays_the_first_rfq(buyer_client):
    first = buyer_client.post(RFQS, rfq_body(line()), format="json", HTTP_IDEMPOTENCY_KEY="rfq-1")
    again = buyer_client.post(RFQS, rfq_body(line()), format="json", HTTP_IDEMPOTENCY_KEY="rfq-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert Rfq.objects.count() == 1


def test_buyer_lists_only_its_own_rfqs(buyer_client, make_client, open_rfq):
    mine = open_rfq(line())
    other = make_client(OrganizationFactory(kind="buyer", status="verified"))
    other.post(RFQS, rfq_body(line()), format="json")
    results = buyer_client.get(RFQS).json()["results"]
    assert [r["id"] for r in results] == [mine["id"]]


def test_supplier_inbox_lists_open_rfqs_matching_its_catalog(supplier, supplier_client, open_rfq):
    ListingFactory(supplier=supplier)
    invited = open_rfq(line("6205-2RS"))
    open_rfq(line("6308"))
    results = supplier_client.get(RFQS).json()["results"]
    assert [r["id"] for r in results] == [invited["id"]]
    assert results[0]["buyer"] is None


def test_supplier_inbox_drops_declined_rfqs(supplier, supplier_client, open_rfq):
    ListingFactory(supplier=supplier)
    rfq = open_rfq(line())
    assert supplier_client.post(f"{RFQS}{rfq['id']}/decline/", {"reason": "no stock"}, format="json").status_code == 200
    assert supplier_client.get(RFQS).json()["results"] == []


def test_rfq_list_query_count_is_constant(buyer_client, open_rfq, django_assert_max_num_queries):
    for _ in range(5):
        open_rfq(line(), line("6206"))
    with django_assert_max_num_queries(6):
        response = buyer_client.get(RFQS)
    assert len(response.json()["results"]) == 5


def test_owner_sees_target_prices_and_itself(buyer, buyer_client, open_rfq):
    rfq = open_rfq(line(target_unit_price="8.80"))
    body = buyer_client.get(f"{RFQS}{rfq['id']}/").json()
    assert body["buyer"]["id"] == buyer.pk
    assert body["lines"][0]["target_unit_price"] == "8.80"


def test_supplier_reads_open_rfq_without_buyer_or_target_prices(supplier_client, open_rfq):
    rfq = open_rfq(line(target_unit_price="8.80"))
    response = supplier_client.get(f"{RFQS}{rfq['id']}/")
    assert response.status_code == 200
    body = response.json()
    assert body["buyer"] is None
    assert body["lines"][0]["target_unit_price"] is None
    assert body["lines"][0]["quantity"] == 100
    assert body["delivery_city"] == "Jinan"


def test_supplier_sees_buyer_and_targets_when_the_buyer_shows_them(buyer, supplier_client, open_rfq):
    rfq = open_rfq(line(target_unit_price="8.80"), show_buyer=True, show_target_prices=True)
    body = supplier_client.get(f"{RFQS}{rfq['id']}/").json()
    assert body["buyer"]["name"] == buyer.name
    assert body["lines"][0]["target_unit_price"] == "8.80"


def test_second_buyer_reading_rfq_is_404(make_client, open_rfq):
    rfq = open_rfq(line())
    other = make_client(OrganizationFactory(kind="buyer", status="verified"))
    assert other.get(f"{RFQS}{rfq['id']}/").status_code == 404


def test_pending_supplier_reading_rfq_is_404(make_client, open_rfq):
    rfq = open_rfq(line())
    pending = make_client(OrganizationFactory(kind="supplier", status="pending"))
    assert pending.get(f"{RFQS}{rfq['id']}/").status_code == 404


def test_uninvited_supplier_cannot_read_a_cancelled_rfq(buyer_client, supplier_client, open_rfq):
    rfq = open_rfq(line())
    buyer_client.post(f"{RFQS}{rfq['id']}/cancel/")
    assert supplier_client.get(f"{RFQS}{rfq['id']}/").status_code == 404


@pytest.mark.parametrize("rfq_id", ["999999999", str(2**64)])
def test_unknown_rfq_is_404(buyer_client, rfq_id):
    assert buyer_client.get(f"{RFQS}{rfq_id}/").status_code == 404


def test_cancel_turns_rfq_cancelled_and_tells_invited_suppliers(
    buyer_client, supplier, open_rfq, django_capture_on_commit_callbacks
):
    ListingFactory(supplier=supplier)
    rfq = open_rfq(line())
    with django_capture_on_commit_callbacks(execute=True):
        response = buyer_client.post(f"{RFQS}{rfq['id']}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert OutboxEvent.objects.filter(type="rfq.cancelled", organization=supplier).exists()


def test_cancelling_twice_is_409(buyer_client, open_rfq):
    rfq = open_rfq(line())
    buyer_client.post(f"{RFQS}{rfq['id']}/cancel/")
    response = buyer_client.post(f"{RFQS}{rfq['id']}/cancel/")
    assert response.status_code == 409


def test_another_buyer_cannot_cancel(make_client, open_rfq):
    rfq = open_rfq(line())
    other = make_client(OrganizationFactory(kind="buyer", status="verified"))
    assert other.post(f"{RFQS}{rfq['id']}/cancel/").status_code == 404
    assert Rfq.objects.get(pk=rfq["id"]).status == "open"


def test_close_expired_closes_only_rfqs_past_their_deadline(supplier, supplier_client, open_rfq):
    ListingFactory(supplier=supplier)
    expired, current = open_rfq(line()), open_rfq(line())
    supplier_client.post(f"{RFQS}{expired['id']}/quotes/", quote_body(quote_line(expired["lines"][0]["id"])))
    Rfq.objects.filter(pk=expired["id"]).update(deadline=timezone.now() - timedelta(seconds=1))
    assert rfqs_close_expired.delay().get() == 1
    assert Rfq.objects.get(pk=expired["id"]).status == "closed"
    assert Rfq.objects.get(pk=current["id"]).status == "open"
    assert OutboxEvent.objects.filter(type="rfq.closed", organization=supplier, data__id=expired["id"]).exists()
    assert rfqs_close_expired.delay().get() == 0
