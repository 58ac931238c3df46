"""The RFQ admin reads RFQs; status changes and line corrections go through the services."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from marketplace.core.exceptions import IllegalTransition, NotAllowed
from marketplace.rfqs.models import Rfq, RfqEvent, RfqLine
from marketplace.rfqs.services import rfq_line_revise
from orders.notifications.models import OutboxEvent
from tests.factories import UserFactory
from tests.rfqs.conftest import line
from tests.rfqs.factories import ListingFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/rfqs/rfq/"


@pytest.fixture
def staff() -> Any:
    return UserFactory(organization=None, is_staff=True, is_superuser=True)


@pytest.fixture
def admin_browser(staff: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff)
    return client


def change_form_data(page: Any) -> dict[str, Any]:
    """The POST body the change page would send unedited: the RFQ's fields and every inline's forms."""
    data: dict[str, Any] = {}
    form = page.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else value
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        for sub in formset.forms:
            for name, field in sub.fields.items():
                value = sub.initial.get(name, field.initial)
                if value is not None and value is not False:
                    data[sub.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    if "deadline" in data:
        moment = data.pop("deadline")
        data["deadline_0"], data["deadline_1"] = moment.date().isoformat(), moment.time().strftime("%H:%M:%S")
    return data


def test_status_is_read_only_on_the_change_page(admin_browser: Client, open_rfq: Callable) -> None:
    rfq = open_rfq(line())
    page = admin_browser.get(f"{CHANGELIST}{rfq['id']}/change/")
    assert "status" not in page.context["adminform"].form.fields
    data = change_form_data(page) | {"status": "cancelled", "title": "Renamed"}
    response = admin_browser.post(f"{CHANGELIST}{rfq['id']}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    stored = Rfq.objects.get(pk=rfq["id"])
    assert (stored.status, stored.title) == ("open", "Renamed")


def test_cancel_action_goes_through_the_service(admin_browser: Client, staff: Any, open_rfq: Callable) -> None:
    rfq = open_rfq(line())
    response = admin_browser.post(CHANGELIST, {"action": "cancel", "_selected_action": [rfq["id"]]}, follow=True)
    assert response.status_code == 200
    assert Rfq.objects.get(pk=rfq["id"]).status == "cancelled"
    event = RfqEvent.objects.filter(rfq_id=rfq["id"]).last()
    assert (event.from_status, event.to_status, event.actor) == ("open", "cancelled", staff)


def test_close_action_closes_an_open_rfq_and_tells_suppliers(
    admin_browser: Client, supplier: Any, open_rfq: Callable
) -> None:
    ListingFactory(supplier=supplier)
    rfq = open_rfq(line())
    admin_browser.post(CHANGELIST, {"action": "close", "_selected_action": [rfq["id"]]})
    assert Rfq.objects.get(pk=rfq["id"]).status == "closed"
    assert OutboxEvent.objects.filter(type="rfq.closed", organization=supplier, data__id=rfq["id"]).exists()
    assert RfqEvent.objects.filter(rfq_id=rfq["id"], to_status="closed").count() == 1


def test_close_action_refuses_a_cancelled_rfq_and_goes_on(admin_browser: Client, open_rfq: Callable) -> None:
    cancelled, current = open_rfq(line()), open_rfq(line())
    admin_browser.post(CHANGELIST, {"action": "cancel", "_selected_action": [cancelled["id"]]})
    response = admin_browser.post(
        CHANGELIST, {"action": "close", "_selected_action": [cancelled["id"], current["id"]]}, follow=True
    )
    assert "cannot become closed" in response.content.decode()
    assert Rfq.objects.get(pk=cancelled["id"]).status == "cancelled"
    assert Rfq.objects.get(pk=current["id"]).status == "closed"


def test_line_designation_edit_in_the_admin_parses_again(admin_browser: Client, open_rfq: Callable) -> None:
    rfq = open_rfq(line("6205-2RS"))
    page = admin_browser.get(f"{CHANGELIST}{rfq['id']}/change/")
    data = change_form_data(page) | {"lines-0-designation": "6306-ZZ C3"}
    response = admin_browser.post(f"{CHANGELIST}{rfq['id']}/change/", data)
    assert response.status_code == 302
    stored = RfqLine.objects.get(rfq_id=rfq["id"])
    assert (stored.designation, stored.base_designation, stored.seal, stored.clearance) == (
        "6306-ZZ C3",
        "6306",
        "2Z",
        "C3",
    )
    assert stored.canonical == "6306-2Z C3"
    assert stored.bore_mm == 30


def test_revise_keeps_what_the_buyer_stated_beside_the_designation(staff: Any, open_rfq: Callable) -> None:
    rfq = open_rfq(line("6205", clearance="C3"))
    stored = RfqLine.objects.get(rfq_id=rfq["id"])
    assert stored.clearance == "C3"
    revised = rfq_line_revise(line_id=stored.pk, actor=staff, designation="6206", brand="")
    assert (revised.base_designation, revised.clearance, revised.canonical) == ("6206", "C3", "6206 C3")
    assert RfqLine.objects.get(pk=stored.pk).bore_mm == 30


def test_revise_to_an_unrecognized_designation_clears_the_parsed_attributes(staff: Any, open_rfq: Callable) -> None:
    rfq = open_rfq(line("6205-2RS"))
    stored = RfqLine.objects.get(rfq_id=rfq["id"])
    revised = rfq_line_revise(line_id=stored.pk, actor=staff, designation="XYZ-NOT-A-BEARING", brand="")
    assert (revised.recognized, revised.base_designation, revised.canonical, revised.bore_mm) == (False, "", "", None)


def test_revise_is_staff_only_and_only_while_open(buyer_client: Any, staff: Any, open_rfq: Callable) -> None:
    rfq = open_rfq(line())
    stored = RfqLine.objects.get(rfq_id=rfq["id"])
    with pytest.raises(NotAllowed):
        rfq_line_revise(line_id=stored.pk, actor=UserFactory(), designation="6206", brand="")
    buyer_client.post(f"/api/v1/rfqs/{rfq['id']}/cancel/")
    with pytest.raises(IllegalTransition):
        rfq_line_revise(line_id=stored.pk, actor=staff, designation="6206", brand="")
    assert RfqLine.objects.get(pk=stored.pk).designation == "6205-2RS"
