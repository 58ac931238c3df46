"""No body of any shape makes a custom endpoint answer 5xx or write anything."""

import json

import pytest

from marketplace.custom.models import Capability, CustomAward, CustomQuote, CustomRequest
from tests.custom.conftest import CAPABILITIES, REQUESTS

pytestmark = pytest.mark.django_db

BODIES = ["[]", '"text"', "null", "42", '{"a": {"b": [1, 2, {"c": null}]}}', "[" * 40 + "]" * 40, "{", "\x00"]


@pytest.mark.parametrize("body", BODIES)
def test_garbage_bodies_are_4xx(buyer_client, maker_client, supplier, open_request, body):
    request = open_request()
    rid = request["id"]
    requests_before = CustomRequest.objects.count()
    # The first four need a body; accept-nda takes none and cancel only an optional reason, so a
    # well-formed object may succeed there (last, so the others still see an open request).
    calls = [
        (maker_client, "put", CAPABILITIES, True),
        (buyer_client, "post", REQUESTS, True),
        (maker_client, "post", f"{REQUESTS}{rid}/quotes/", True),
        (buyer_client, "post", f"{REQUESTS}{rid}/award/", True),
        (maker_client, "post", f"{REQUESTS}{rid}/accept-nda/", False),
        (buyer_client, "post", f"{REQUESTS}{rid}/cancel/", False),
    ]
    for client, method, url, needs_body in calls:
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code < 500, (url, body, response.status_code)
        if needs_body or response.status_code >= 400:
            assert 400 <= response.status_code < 500, (url, body, response.status_code)
            assert "code" in json.loads(response.content)
    assert CustomRequest.objects.count() == requests_before
    assert not CustomQuote.objects.exists()
    assert not CustomAward.objects.exists()
    assert Capability.objects.filter(supplier=supplier).count() == 1


@pytest.mark.parametrize(
    "query", ["status=%00", "status=" + "x" * 5000, "page_size=-1", "page_size=99999999999999999999", "page=abc"]
)
def test_odd_list_queries_never_fail(buyer_client, open_request, query):
    open_request()
    response = buyer_client.get(f"{REQUESTS}?{query}")
    assert response.status_code in {200, 400}


@pytest.mark.parametrize("path", ["99999999999999999999999/", "0/", "-1/", "1/drawings/99999999999999999999999/"])
def test_odd_ids_are_404(buyer_client, path):
    assert buyer_client.get(f"{REQUESTS}{path}").status_code == 404
