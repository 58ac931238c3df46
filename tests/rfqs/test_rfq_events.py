"""The RFQ audit trail: one event per status change, written with the change, served to the owner only."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from marketplace.rfqs.models import Rfq, RfqEvent
from marketplace.rfqs.services import rfq_close_expired
from tests.factories import OrganizationFactory
from tests.rfqs.conftest import RFQS, line, quote_body, quote_line
from tests.rfqs.factories import ListingFactory

pytestmark = pytest.mark.django_db


def events_url(rfq):
    return f"{RFQS}{rfq['id']}/events/"


def username(client):
    return client.handler._force_user.get_username()


def test_opening_writes_the_first_event_from_nothing_to_open(buyer, buyer_client, open_rfq):
    rfq = open_rfq(line())
    response = buyer_client.get(events_url(rfq))
    assert response.status_code == 200
    (event,) = response.json()
    assert set(event) == {"at", "actor", "from_status", "to_status", "note"}
    assert event["from_status"] is None
    assert event["to_status"] == "open"
    assert event["actor"] == username(buyer_client)
    stored = RfqEvent.objects.get(rfq_id=rfq["id"])
    assert stored.actor_organization == buyer


def test_cancel_appends_an_event_by_the_buyer(buyer_client, open_rfq):
    rfq = open_rfq(line())
    assert buyer_client.post(f"{RFQS}{rfq['id']}/cancel/").status_code == 200
    events = buyer_client.get(events_url(rfq)).json()
    assert [(e["from_status"], e["to_status"]) for e in events] == [(None, "open"), ("open", "cancelled")]
    assert events[1]["actor"] == username(buyer_client)


def test_refused_cancel_writes_no_event(buyer_client, open_rfq):
    rfq = open_rfq(line())
    buyer_client.post(f"{RFQS}{rfq['id']}/cancel/")
    assert buyer_client.post(f"{RFQS}{rfq['id']}/cancel/").status_code == 409
    assert RfqEvent.objects.filter(rfq_id=rfq["id"]).count() == 2


def test_closing_at_the_deadline_is_an_event_by_the_system(buyer_client, open_rfq):
    rfq = open_rfq(line())
    Rfq.objects.filter(pk=rfq["id"]).update(deadline=timezone.now() - timedelta(seconds=1))
    assert rfq_close_expired(rfq_id=rfq["id"])
    last = buyer_client.get(events_url(rfq)).json()[-1]
    assert (last["from_status"], last["to_status"], last["actor"]) == ("open", "closed", "system")
    assert last["note"] == "Deadline passed"


def test_award_appends_an_event_and_a_refused_award_none(buyer_client, supplier, supplier_client, open_rfq):
    ListingFactory(supplier=supplier, brand="ZWZ", designation="6205-2RS")
    rfq = open_rfq(line("6205-2RS", quantity=10))
    line_id = rfq["lines"][0]["id"]
    quote = supplier_client.post(
        f"{RFQS}{rfq['id']}/quotes/", quote_body(quote_line(line_id, quantity=10)), format="json"
    )
    quote_line_id = quote.json()["lines"][0]["id"]
    too_many = {"awards": [{"rfq_line": line_id, "quote_line": quote_line_id, "quantity": 11}]}
    assert buyer_client.post(f"{RFQS}{rfq['id']}/award/", too_many, format="json").status_code == 400
    assert RfqEvent.objects.filter(rfq_id=rfq["id"]).count() == 1

    award = {"awards": [{"rfq_line": line_id, "quote_line": quote_line_id, "quantity": 10}]}
    assert buyer_client.post(f"{RFQS}{rfq['id']}/award/", award, format="json").status_code == 201
    last = buyer_client.get(events_url(rfq)).json()[-1]
    assert (last["from_status"], last["to_status"]) == ("open", "awarded")


def test_another_buyer_reading_the_events_is_404(make_client, open_rfq):
    rfq = open_rfq(line())
    other = make_client(OrganizationFactory(kind="buyer", status="verified"))
    assert other.get(events_url(rfq)).status_code == 404


def test_an_invited_supplier_reading_the_events_is_404(supplier, supplier_client, open_rfq):
    ListingFactory(supplier=supplier)
    rfq = open_rfq(line())
    assert supplier_client.get(f"{RFQS}{rfq['id']}/").status_code == 200
    assert supplier_client.get(events_url(rfq)).status_code == 404


def test_unknown_rfq_events_is_404(buyer_client):
    assert buyer_client.get(f"{RFQS}999999999/events/").status_code == 404


def test_unauthenticated_events_is_401(api_client, open_rfq):
    rfq = open_rfq(line())
    assert api_client.get(events_url(rfq)).status_code == 401


def test_events_cost_a_constant_number_of_queries(buyer_client, open_rfq, django_assert_max_num_queries):
    rfq = open_rfq(line())
    buyer_client.post(f"{RFQS}{rfq['id']}/cancel/")
    with django_assert_max_num_queries(4):
        assert len(buyer_client.get(events_url(rfq)).json()) == 2


def test_migration_backfills_the_trail_of_rfqs_opened_before_it(buyer_client, open_rfq):
    backfill = import_module("marketplace.rfqs.migrations.0003_rfq_events").backfill_events
    rfq = open_rfq(line())
    buyer_client.post(f"{RFQS}{rfq['id']}/cancel/")
    RfqEvent.objects.all().delete()
    backfill(apps, None)
    stored = Rfq.objects.get(pk=rfq["id"])
    events = list(RfqEvent.objects.filter(rfq=stored).order_by("at", "pk"))
    assert [(e.from_status, e.to_status) for e in events] == [("", "open"), ("open", "cancelled")]
    assert [e.at for e in events] == [stored.created_at, stored.cancelled_at]
    assert events[0].actor_label == username(buyer_client)
