"""API inventory: every route under /api/v1/ is in the OpenAPI schema (so it is documented,
fuzzed and covered by the contract), and the schema names nothing that is not routed."""

import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

API_PREFIX = "api/v1/"


def _routes(patterns: list, prefix: str = "") -> set[str]:
    routes: set[str] = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes |= _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route.startswith(API_PREFIX):
            routes.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).replace("{pk}", "{id}"))
    return routes


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture(scope="module")
def schema_paths(schema: dict[str, Any]) -> set[str]:
    return set(schema["paths"])


def test_every_api_route_is_in_the_schema(schema_paths: set[str]) -> None:
    routes = _routes(get_resolver().url_patterns)
    assert routes
    assert routes - schema_paths == set()


def test_schema_has_no_path_without_a_route(schema_paths: set[str]) -> None:
    routes = _routes(get_resolver().url_patterns)
    assert {p for p in schema_paths if p.startswith("/" + API_PREFIX)} - routes == set()


def test_every_operation_documents_its_error_responses(schema: dict[str, Any]) -> None:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert any(code.startswith("2") for code in codes), (method, path)
            if operation.get("security", [{}])[0]:
                assert "401" in codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
