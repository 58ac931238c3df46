"""Custom requests: create (verified buyer), invitations and `custom_request.matched`, capable suppliers,
visibility (owner, invited supplier, everyone else 404), list, cancel, closing at the deadline."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.custom.models import CustomRequest, CustomRequestEvent, CustomRequestInvitation
from marketplace.custom.tasks import custom_requests_close_expired
from marketplace.organizations.services import organization_scores_set
from orders.notifications.models import OutboxEvent
from tests.custom.conftest import REQUESTS, quote_body, request_body
from tests.custom.factories import declare
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_buyer_opens_a_request_and_capable_makers_are_invited(buyer, buyer_client, maker, outsider_client):
    response = buyer_client.post(REQUESTS, request_body(), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "open"
    assert (data["bore_mm"], data["outer_diameter_mm"], data["width_mm"]) == ("110", "180", "38")
    assert (data["precision"], data["material"]) == ("P6", "G20CrNi2Mo")
    assert data["processes"] == ["heat_treatment", "grinding"]
    assert data["certifications"] == ["IATF16949"]
    assert (data["quantity"], data["annual_quantity"], data["target_unit_price"]) == (500, 6000, "320.00")
    assert data["buyer"]["id"] == buyer.pk
    invited = CustomRequestInvitation.objects.filter(request_id=data["id"])
    assert list(invited.values_list("supplier_id", flat=True)) == [maker.pk]
    event = OutboxEvent.objects.get(type="custom_request.matched")
    assert event.organization_id == maker.pk
    assert event.data["id"] == data["id"]
    assert "buyer" not in event.data
    assert CustomRequestEvent.objects.get(request_id=data["id"]).to_status == "open"


def test_material_is_normalised(buyer_client, maker):
    response = buyer_client.post(REQUESTS, request_body(material="g20crni2mo"), format="json")
    assert response.json()["material"] == "G20CrNi2Mo"


def test_optional_fields_may_be_left_out(buyer_client, maker):
    body = request_body()
    for name in ("precision", "material", "processes", "certifications", "annual_quantity", "target_unit_price"):
        del body[name]
    response = buyer_client.post(REQUESTS, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["precision"], data["material"], data["processes"], data["target_unit_price"]) == (None, None, [], None)
    assert CustomRequestInvitation.objects.filter(request_id=data["id"], supplier=maker).exists()


def test_capable_suppliers_best_score_first(buyer_client, maker):
    better = OrganizationFactory(kind="supplier", status="verified", name="Linqing Precision")
    declare(better)
    organization_scores_set(scores={better.pk: (Decimal("88.50"), "excellent")}, computed_at=timezone.now())
    rid = buyer_client.post(REQUESTS, request_body(), format="json").json()["id"]
    response = buyer_client.get(f"{REQUESTS}{rid}/capable-suppliers/")
    assert response.status_code == 200
    assert response.json() == [
        {"supplier": better.pk, "supplier_name": "Linqing Precision", "score": "88.50", "standing": "excellent"},
        {"supplier": maker.pk, "supplier_name": maker.name, "score": "70.00", "standing": "new"},
    ]


def test_a_request_nobody_can_make_invites_nobody(buyer_client, maker):
    response = buyer_client.post(REQUESTS, request_body(bore_mm="500", outer_diameter_mm="700"), format="json")
    assert response.status_code == 201
    assert buyer_client.get(f"{REQUESTS}{response.json()['id']}/capable-suppliers/").json() == []
    assert not OutboxEvent.objects.filter(type="custom_request.matched").exists()


def test_supplier_and_pending_buyer_may_not_open_requests(supplier_client, make_client):
    assert supplier_client.post(REQUESTS, request_body(), format="json").status_code == 403
    pending = make_client(OrganizationFactory(kind="buyer", status="pending"))
    assert pending.post(REQUESTS, request_body(), format="json").status_code == 403
    assert not CustomRequest.objects.exists()


def test_anonymous_is_401(api_client):
    assert api_client.post(REQUESTS, request_body(), format="json").status_code == 401
    assert api_client.get(REQUESTS).status_code == 401


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"processes": ["grinding", "laser_peening"]}, "processes"),
        ({"certifications": ["ISO13485"]}, "certifications"),
        ({"material": "SUJ2"}, "material"),
        ({"bearing_type": "wheel"}, "bearing_type"),
        ({"precision": "P3"}, "precision"),
        ({"bore_mm": "0"}, "bore_mm"),
        ({"outer_diameter_mm": "100"}, "outer_diameter_mm"),
        ({"width_mm": "-3"}, "width_mm"),
        ({"quantity": 0}, "quantity"),
        ({"annual_quantity": 0}, "annual_quantity"),
        ({"target_unit_price": "0.00"}, "target_unit_price"),
        ({"deadline": "2020-01-01T00:00:00Z"}, "deadline"),
        ({"deadline": "tomorrow"}, "deadline"),
        ({"application": ""}, "application"),
        ({"title": "x" * 201}, "title"),
        ({"bore_mm": "1" * 40}, "bore_mm"),
        ({"processes": "grinding"}, "processes"),
    ],
)
def test_bad_input_is_400_and_creates_nothing(buyer_client, maker, fields, bad):
    response = buyer_client.post(REQUESTS, request_body(**fields), format="json")
    assert response.status_code == 400, response.content
    assert bad in response.json()["errors"]
    assert not CustomRequest.objects.exists()
    assert not OutboxEvent.objects.exists()


def test_unknown_process_error_names_it(buyer_client, maker):
    response = buyer_client.post(REQUESTS, request_body(processes=["laser_peening"]), format="json")
    assert "laser_peening" in response.json()["errors"]["processes"][0]


def test_missing_fields_are_400(buyer_client, maker):
    response = buyer_client.post(REQUESTS, {}, format="json")
    assert response.status_code == 400
    assert {"title", "bearing_type", "bore_mm", "quantity", "application", "deadline"} <= set(response.json()["errors"])


def test_non_json_body_is_400(buyer_client, maker):
    response = buyer_client.post(REQUESTS, "[1,2", content_type="application/json")
    assert response.status_code == 400


def test_invited_supplier_sees_the_spec_but_not_the_buyer_or_target(maker_client, open_request):
    rid = open_request()["id"]
    response = maker_client.get(f"{REQUESTS}{rid}/")
    assert response.status_code == 200
    data = response.json()
    assert (data["buyer"], data["target_unit_price"]) == (None, None)
    assert (data["quantity"], data["annual_quantity"]) == (500, 6000)
    assert data["application"] == "Wind gearbox output shaft, 1.5 MW"
    assert data["deadline"]
    assert [r["id"] for r in maker_client.get(REQUESTS).json()["results"]] == [rid]
    listed = maker_client.get(REQUESTS).json()["results"][0]
    assert (listed["buyer"], listed["target_unit_price"]) == (None, None)


def test_anyone_not_invited_gets_404_for_everything(open_request, outsider_client, make_client, staff_client):
    rid = open_request()["id"]
    other_buyer = make_client(OrganizationFactory(kind="buyer", status="verified"))
    for client in (outsider_client, other_buyer, staff_client):
        for path in ("", "capable-suppliers/", "access-log/", "quotes/", "events/", "drawings/1/"):
            assert client.get(f"{REQUESTS}{rid}/{path}").status_code == 404, (client, path)
        for path, body in (
            ("quotes/", quote_body()),
            ("accept-nda/", {}),
            ("award/", {"quote": 1, "quantity": 500}),
            ("cancel/", {}),
        ):
            assert client.post(f"{REQUESTS}{rid}/{path}", body, format="json").status_code == 404, (client, path)
        assert client.get(REQUESTS).json()["results"] == []


def test_invited_supplier_may_not_use_owner_endpoints(maker_client, open_request):
    rid = open_request()["id"]
    for path in ("capable-suppliers/", "access-log/", "events/"):
        assert maker_client.get(f"{REQUESTS}{rid}/{path}").status_code == 403
    assert maker_client.post(f"{REQUESTS}{rid}/cancel/", {}, format="json").status_code == 403
    assert maker_client.post(f"{REQUESTS}{rid}/award/", {"quote": 1, "quantity": 1}, format="json").status_code == 403


def test_buyer_lists_its_own_with_status_filter(buyer_client, open_request):
    first, second = open_request(), open_request(title="Thin section for textile spindle")
    buyer_client.post(f"{REQUESTS}{first['id']}/cancel/", {}, format="json")
    assert [r["id"] for r in buyer_client.get(REQUESTS).json()["results"]] == [second["id"], first["id"]]
    assert [r["id"] for r in buyer_client.get(f"{REQUESTS}?status=open").json()["results"]] == [second["id"]]
    assert buyer_client.get(f"{REQUESTS}?status=nonsense").status_code == 400


def test_list_costs_a_fixed_number_of_queries(buyer_client, open_request, django_assert_max_num_queries):
    for _ in range(5):
        open_request()
    with django_assert_max_num_queries(6):
        assert len(buyer_client.get(REQUESTS).json()["results"]) == 5


def test_buyer_cancels_and_invited_suppliers_are_told(buyer_client, maker, open_request):
    rid = open_request()["id"]
    response = buyer_client.post(f"{REQUESTS}{rid}/cancel/", {"reason": "Design changed"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancelled_at"]
    assert OutboxEvent.objects.filter(type="custom_request.cancelled", organization=maker).exists()
    events = buyer_client.get(f"{REQUESTS}{rid}/events/").json()
    assert [(e["from_status"], e["to_status"]) for e in events] == [(None, "open"), ("open", "cancelled")]
    assert events[1]["note"] == "Design changed"
    assert buyer_client.post(f"{REQUESTS}{rid}/cancel/", {}, format="json").status_code == 409


def test_deadline_passed_closes_by_the_periodic_task(buyer_client, maker, open_request):
    rid = open_request()["id"]
    CustomRequest.objects.filter(pk=rid).update(deadline=timezone.now() - timedelta(seconds=1))
    assert custom_requests_close_expired.delay().get() == 1
    assert custom_requests_close_expired.delay().get() == 0
    request = CustomRequest.objects.get(pk=rid)
    assert request.status == "closed"
    assert request.closed_at is not None
    event = CustomRequestEvent.objects.get(request=request, to_status="closed")
    assert (event.from_status, event.actor_label) == ("open", "system")


def test_requests_before_the_deadline_stay_open(open_request):
    open_request()
    assert custom_requests_close_expired.delay().get() == 0


def test_closed_request_can_be_cancelled(buyer_client, open_request):
    rid = open_request()["id"]
    CustomRequest.objects.filter(pk=rid).update(deadline=timezone.now() - timedelta(seconds=1))
    custom_requests_close_expired.delay()
    assert buyer_client.post(f"{REQUESTS}{rid}/cancel/", {}, format="json").json()["status"] == "cancelled"


def test_create_idempotency_key_replays(buyer_client, maker):
    headers = {"HTTP_IDEMPOTENCY_KEY": "custom-1"}
    body = request_body()
    first = buyer_client.post(REQUESTS, body, format="json", **headers)
    second = buyer_client.post(REQUESTS, body, format="json", **headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert CustomRequest.objects.count() == 1
    changed = buyer_client.post(REQUESTS, request_body(quantity=7), format="json", **headers)
    assert changed.status_code == 422
