"""The admin shows a request with its drawings and access log read-only; the beat closes requests."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client

from marketplace.celery import app as celery_app
from marketplace.custom.admin import DrawingAccessInline, DrawingInline
from marketplace.custom.models import CustomRequest
from tests.custom.conftest import REQUESTS, quote_body
from tests.custom.factories import declare
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(UserFactory(organization=None, is_staff=True, is_superuser=True))
    return client


def test_request_change_page_shows_drawings_and_access_log(superuser_client, maker_client, drawing):
    request, body = drawing
    maker_client.post(f"{REQUESTS}{request['id']}/accept-nda/")
    maker_client.get(f"{REQUESTS}{request['id']}/drawings/{body['id']}/")
    response = superuser_client.get(f"/admin/custom/customrequest/{request['id']}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "drawing.pdf" in page
    assert maker_client.user.username in page
    assert "nda_accepted" in page or "NDA accepted" in page


@pytest.mark.parametrize("inline", [DrawingInline, DrawingAccessInline])
def test_drawings_and_access_log_inlines_are_read_only(inline, rf):
    instance = inline(CustomRequest, admin.site)
    request = rf.get("/")
    request.user = UserFactory.build(is_staff=True, is_superuser=True)
    assert not instance.has_add_permission(request)
    assert not instance.has_change_permission(request)
    assert instance.can_delete is False


def test_admin_lists_requests_quotes_and_capabilities(superuser_client, maker, open_request):
    open_request()
    for path in ("customrequest", "customquote", "capability"):
        assert superuser_client.get(f"/admin/custom/{path}/").status_code == 200


def test_beat_closes_custom_requests_every_minute():
    import marketplace.custom.tasks  # noqa: F401 - registers the task as the worker's autodiscovery does

    entry = settings.CELERY_BEAT_SCHEDULE["custom-requests-close-expired"]
    assert entry["task"] == "marketplace.custom.tasks.custom_requests_close_expired"
    assert entry["task"] in celery_app.tasks


def test_quote_list_costs_a_fixed_number_of_queries(
    buyer_client, open_request, make_client, django_assert_max_num_queries
):
    request = open_request()
    for _ in range(4):
        maker = OrganizationFactory(kind="supplier", status="verified")
        declare(maker)
        CustomRequest.objects.get(pk=request["id"]).invitations.create(supplier=maker)
        client = make_client(maker)
        client.post(f"{REQUESTS}{request['id']}/quotes/", quote_body(), format="json")
        client.post(f"{REQUESTS}{request['id']}/quotes/", quote_body(unit_price="280.00"), format="json")
    with django_assert_max_num_queries(6):
        response = buyer_client.get(f"{REQUESTS}{request['id']}/quotes/")
    assert len(response.json()["results"]) == 4
    assert all(len(q["revisions"]) == 1 for q in response.json()["results"])
