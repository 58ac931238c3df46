"""Sealed quotes: submit, revise, privacy between suppliers, decline, comparison."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.rfqs.models import Quote, QuoteRevision, Rfq
from orders.notifications.models import OutboxEvent
from tests.factories import OrganizationFactory
from tests.rfqs.conftest import RFQS, line, quote_body, quote_line
from tests.rfqs.factories import ListingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rfq(open_rfq):
    return open_rfq(line("6205-2RS", quantity=100), line("6206", quantity=20))


def quotes_url(rfq):
    return f"{RFQS}{rfq['id']}/quotes/"


def test_submit_returns_the_quote(supplier, supplier_client, rfq, django_capture_on_commit_callbacks):
    rfq_line = rfq["lines"][0]["id"]
    with django_capture_on_commit_callbacks(execute=True):
        response = supplier_client.post(quotes_url(rfq), quote_body(quote_line(rfq_line), note="ex works"))
    assert response.status_code == 201
    body = response.json()
    assert body["supplier"] == supplier.pk
    assert body["status"] == "submitted"
    assert body["note"] == "ex works"
    assert body["lines"][0]["rfq_line"] == rfq_line
    assert body["lines"][0]["unit_price"] == "9.50"
    assert body["lines"][0]["line_total"] == "950.00"
    assert body["submitted_at"]
    buyer_id = Rfq.objects.get(pk=rfq["id"]).buyer_id
    assert OutboxEvent.objects.filter(type="quote.submitted", organization_id=buyer_id).count() == 1


def test_submitting_again_revises_the_same_quote_and_keeps_history(supplier_client, rfq):
    rfq_line = rfq["lines"][0]["id"]
    first = supplier_client.post(quotes_url(rfq), quote_body(quote_line(rfq_line, unit_price="9.50"))).json()
    second = supplier_client.post(quotes_url(rfq), quote_body(quote_line(rfq_line, unit_price="9.10"))).json()
    assert second["id"] == first["id"]
    assert second["revision"] == 2
    assert second["lines"][0]["unit_price"] == "9.10"
    [revision] = QuoteRevision.objects.filter(quote_id=first["id"])
    assert revision.revision == 1
    assert revision.snapshot["lines"][0]["unit_price"] == "9.50"
    detail = supplier_client.get(f"{quotes_url(rfq)}{first['id']}/").json()
    assert [r["revision"] for r in detail["revisions"]] == [1]


def test_quote_line_for_another_rfqs_line_is_400(supplier_client, rfq, open_rfq):
    other = open_rfq(line())
    response = supplier_client.post(quotes_url(rfq), quote_body(quote_line(other["lines"][0]["id"])))
    assert response.status_code == 400
    assert "lines.0.rfq_line" in response.json()["errors"]
    assert not Quote.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("quantity", 0), ("unit_price", "0"), ("unit_price", "-1.00"), ("unit_price", "abc"), ("lead_time_days", -1)],
)
def test_bad_quote_line_values_are_400(supplier_client, rfq, field, value):
    body = quote_body(quote_line(rfq["lines"][0]["id"], **{field: value}))
    response = supplier_client.post(quotes_url(rfq), body)
    assert response.status_code == 400
    assert f"lines.0.{field}" in response.json()["errors"]


def test_valid_until_in_the_past_is_400(supplier_client, rfq):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = supplier_client.post(
        quotes_url(rfq), quote_body(quote_line(rfq["lines"][0]["id"]), valid_until=yesterday)
    )
    assert response.status_code == 400
    assert "valid_until" in response.json()["errors"]


def test_quote_by_a_buyer_is_403(make_client, rfq):
    other = make_client(OrganizationFactory(kind="buyer", status="verified"))
    assert other.post(quotes_url(rfq), quote_body(quote_line(rfq["lines"][0]["id"]))).status_code == 403


def test_quote_by_a_pending_supplier_is_403(make_client, rfq):
    pending = make_client(OrganizationFactory(kind="supplier", status="pending"))
    assert pending.post(quotes_url(rfq), quote_body(quote_line(rfq["lines"][0]["id"]))).status_code == 403


def test_quote_on_a_closed_rfq_is_409(supplier, supplier_client, open_rfq):
    ListingFactory(supplier=supplier)
    rfq = open_rfq(line())
    Rfq.objects.filter(pk=rfq["id"]).update(status="closed")
    response = supplier_client.post(quotes_url(rfq), quote_body(quote_line(rfq["lines"][0]["id"])))
    assert response.status_code == 409
    assert response.json()["code"] == "rfq_closed"


def test_quote_after_the_deadline_is_409_even_before_the_sweep(supplier_client, rfq):
    Rfq.objects.filter(pk=rfq["id"]).update(deadline=timezone.now() - timedelta(seconds=1))
    response = supplier_client.post(quotes_url(rfq), quote_body(quote_line(rfq["lines"][0]["id"])))
    assert response.status_code == 409
    assert response.json()["code"] == "rfq_closed"


def test_quote_on_a_cancelled_rfq_the_supplier_never_saw_is_404(buyer_client, supplier_client, rfq):
    buyer_client.post(f"{RFQS}{rfq['id']}/cancel/")
    assert supplier_client.post(quotes_url(rfq), quote_body(quote_line(rfq["lines"][0]["id"]))).status_code == 404


def test_supplier_sees_only_its_own_quote(make_client, supplier_client, rfq):
    rival = make_client(OrganizationFactory(kind="supplier", status="verified"))
    rival.post(quotes_url(rfq), quote_body(quote_line(rfq["lines"][0]["id"], unit_price="7.00")))
    mine = supplier_client.post(quotes_url(rfq), quote_body(quote_line(rfq["lines"][0]["id"]))).json()
    results = supplier_client.get(quotes_url(rfq)).json()["results"]
    assert [q["id"] for q in results] == [mine["id"]]
    assert "7.00" not in str(supplier_client.get(f"{RFQS}{rfq['id']}/").json())


def test_supplier_without_a_quote_sees_none_and_no_count(make_client, supplier_client, rfq):
    rival = make_client(OrganizationFactory(kind="supplier", status="verified"))
    rival.post(quotes_url(rfq), quote_body(quote_line(rfq["lines"][0]["id"])))
    body = supplier_client.get(quotes_url(rfq)).json()
    assert body == {"next": None, "previous": None, "results": []}


def test_supplier_reading_another_suppliers_quote_is_404(make_client, supplier_client, rfq):
    rival = make_client(OrganizationFactory(kind="supplier", status="verified"))
    theirs = rival.post(quotes_url(rfq), quote_body(quote_line(rfq["lines"][0]["id"]))).json()
    assert supplier_client.get(f"{quotes_url(rfq)}{theirs['id']}/").status_code == 404


def test_buyer_sees_every_quote(buyer_client, make_client, rfq, django_assert_max_num_queries):
    for price in ("9.00", "8.00", "8.50"):
        client = make_client(OrganizationFactory(kind="supplier", status="verified"))
        client.post(quotes_url(rfq), quote_body(quote_line(rfq["lines"][0]["id"], unit_price=price)))
    with django_assert_max_num_queries(6):
        results = buyer_client.get(quotes_url(rfq)).json()["results"]
    assert len(results) == 3


def test_another_buyer_reading_quotes_is_404(make_client, rfq):
    other = make_client(OrganizationFactory(kind="buyer", status="verified"))
    assert other.get(quotes_url(rfq)).status_code == 404


def test_comparison_shows_lowest_price_and_shortest_lead_time_per_line(buyer_client, make_client, rfq):
    line_id = rfq["lines"][0]["id"]
    offers = {}
    for price, lead, brand in (("9.00", 1, "SKF"), ("8.00", 20, "ZWZ"), ("8.50", 5, "NSK")):
        client = make_client(OrganizationFactory(kind="supplier", status="verified"))
        body = client.post(
            quotes_url(rfq), quote_body(quote_line(line_id, unit_price=price, lead_time_days=lead, brand=brand))
        )
        offers[brand] = body.json()["lines"][0]["id"]
    response = buyer_client.get(f"{quotes_url(rfq)}comparison/")
    assert response.status_code == 200
    first, second = response.json()["lines"]
    assert first["lowest_price"]["quote_line"] == offers["ZWZ"]
    assert first["shortest_lead_time"]["quote_line"] == offers["SKF"]
    assert first["brands"] == ["NSK", "SKF", "ZWZ"]
    assert [o["unit_price"] for o in first["offers"]] == ["8.00", "8.50", "9.00"]
    assert second["offers"] == []
    assert second["lowest_price"] is None


def test_comparison_is_403_for_suppliers(supplier_client, rfq):
    assert supplier_client.get(f"{quotes_url(rfq)}comparison/").status_code == 403


def test_decline_records_the_reason_and_withdraws_a_quote(supplier, supplier_client, rfq):
    supplier_client.post(quotes_url(rfq), quote_body(quote_line(rfq["lines"][0]["id"])))
    response = supplier_client.post(f"{RFQS}{rfq['id']}/decline/", {"reason": "out of stock"}, format="json")
    assert response.status_code == 200
    assert response.json()["reason"] == "out of stock"
    assert Quote.objects.get(supplier=supplier).status == "withdrawn"


def test_decline_by_a_buyer_is_403(buyer_client, rfq):
    assert buyer_client.post(f"{RFQS}{rfq['id']}/decline/", {"reason": "x"}, format="json").status_code == 403


def test_quote_idempotency_key_replays(supplier_client, rfq):
    body = quote_body(quote_line(rfq["lines"][0]["id"]))
    first = supplier_client.post(quotes_url(rfq), body, HTTP_IDEMPOTENCY_KEY="q-1")
    again = supplier_client.post(quotes_url(rfq), body, HTTP_IDEMPOTENCY_KEY="q-1")
    assert again.json() == first.json()
    assert Quote.objects.get().revision == 1


def test_comparison_ranks_equal_prices_by_supplier_score(buyer_client, make_client, rfq):
    line_id = rfq["lines"][0]["id"]
    ids = {}
    for name, score, standing in (
        ("fair", "55.00", "fair"),
        ("new", "99.00", "new"),
        ("excellent", "90.00", "excellent"),
    ):
        org = OrganizationFactory(kind="supplier", status="verified", score=Decimal(score), standing=standing)
        body = make_client(org).post(
            quotes_url(rfq), quote_body(quote_line(line_id, unit_price="9.00", lead_time_days=3))
        )
        ids[body.json()["lines"][0]["id"]] = name
    first = buyer_client.get(f"{quotes_url(rfq)}comparison/").json()["lines"][0]
    assert [ids[o["quote_line"]] for o in first["offers"]] == ["excellent", "new", "fair"]
    assert [(o["supplier_score"], o["supplier_standing"]) for o in first["offers"]] == [
        ("90.00", "excellent"),
        ("70.00", "new"),  # a new supplier counts as 70
        ("55.00", "fair"),
    ]
    assert ids[first["lowest_price"]["quote_line"]] == "excellent"
