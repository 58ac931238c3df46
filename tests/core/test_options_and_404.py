"""OPTIONS answers on every route without a 5xx; unknown /api/ paths are JSON 404 in every mode."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db


def routes(patterns=None, prefix: str = "") -> list[str]:
    found: list[str] = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, text)
        elif isinstance(pattern, URLPattern):
            found.append(text)
    return found


def concrete(route: str) -> str:
    path = re.sub(r"<(?:int:)?[^>]+>", "1", route)  # path converters
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", path)  # regex groups (admin)
    return "/" + path.lstrip("^").rstrip("$").replace("\\", "")


API_ROUTES = sorted({concrete(r) for r in routes() if r.startswith("api/") or r == "healthz"})
OTHER_ROUTES = sorted({concrete(r) for r in routes()} - set(API_ROUTES))


def test_every_api_route_is_walked() -> None:
    assert "/api/v1/listings/" in API_ROUTES
    assert "/api/v1/listing-imports/template/" in API_ROUTES
    assert len(API_ROUTES) > 30


@pytest.mark.parametrize("path", API_ROUTES)
@pytest.mark.parametrize("who", ["anonymous", "buyer", "supplier"])
def test_options_never_5xx(path, who, api_client, buyer_client, supplier_client) -> None:
    client = {"anonymous": api_client, "buyer": buyer_client, "supplier": supplier_client}[who]
    response = client.options(path)
    assert response.status_code < 500, (path, response.content[:300])


@pytest.mark.parametrize("path", OTHER_ROUTES)
def test_options_on_admin_and_other_routes_never_5xx(path, client, admin_client) -> None:
    for caller in (client, admin_client):
        response = caller.options(path)
        assert response.status_code < 500, (path, response.status_code)


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", ["/api/nothing", "/api/v1/nothing/here/", "/api/v2/listings/"])
def test_unknown_api_paths_are_json_404(client, settings, debug, path) -> None:
    settings.DEBUG = debug
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_unknown_non_api_paths_stay_html_in_debug(client, settings) -> None:
    settings.DEBUG = True
    response = client.get("/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
