"""Every operation of the OpenAPI schema, fuzzed against a live server as three roles.

Valid and invalid inputs (schemathesis' positive and negative modes, plus its coverage
phase of boundary values) are sent with real tokens of a verified supplier, a verified
buyer and staff; half the cases use ids that exist. Each response must not be a 5xx,
and its status, content type, headers and body must be the ones the schema documents.
Bounded for CI (FUZZ_MAX_EXAMPLES per operation and role, fixed seed); docs/security.md
gives the longer run.
"""

import json
import os
from typing import Any

import hypothesis
import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fuzz.conftest import FuzzServer

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "25"))
SEED = int(os.environ.get("FUZZ_SEED", "20260"))
ROLES = ("supplier", "buyer", "staff")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Ids that exist, by path prefix: tenant a's objects and tenant b's (test_isolation.py proves those 404).
EXISTING_IDS = {
    "/api/v1/organizations/": ("a_supplier_org", "a_buyer_org", "pending_org"),
    "/api/v1/listings/": ("a_listing", "a_listing_2", "b_listing", "pending_listing"),
    "/api/v1/listing-imports/": ("a_import", "b_import"),
    "/api/v1/rfqs/": ("a_rfq", "b_rfq"),
    "/api/v1/orders/": ("a_order", "a_open_order", "b_order"),
    "/api/v1/notifications/": ("a_supplier_notification", "a_buyer_notification", "b_buyer_notification"),
    "/api/v1/webhooks/": ("a_supplier_webhook", "a_buyer_webhook", "b_supplier_webhook"),
    "/api/v1/pools/": ("a_pool", "b_pool"),
    "/api/v1/custom-requests/": ("a_custom_request", "b_custom_request"),
    "/api/v1/claims/": ("a_claim", "b_claim"),
    "/api/v1/brand-authorizations/": ("a_brand_authorization", "b_brand_authorization"),
}
# Other path parameters that name an object: tenant a's and tenant b's.
NESTED_IDS = {
    "quote_pk": ("a_quote", "b_quote"),
    "drawing_pk": ("a_drawing", "b_drawing"),
    "evidence_id": ("a_evidence", "b_evidence"),
}


def _openapi() -> dict[str, Any]:
    """The schema exactly as /api/schema/ serves it (checked against the live one below)."""
    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))


schema = schemathesis.openapi.from_dict(_openapi())
schema.config.seed = SEED
schema.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
    max_examples=MAX_EXAMPLES,
    deterministic=True,
    # The token is sent as is; generated Authorization values would only test the 401 path.
    with_security_parameters=False,
)

pytestmark = pytest.mark.fuzz


def _use_existing_ids(case: schemathesis.Case, server: FuzzServer, pick: int) -> None:
    path = case.operation.path
    for prefix, keys in EXISTING_IDS.items():
        if path.startswith(prefix) and "id" in (case.path_parameters or {}):
            case.path_parameters["id"] = server.ids[keys[pick % len(keys)]]
    for name, keys in NESTED_IDS.items():
        if name in (case.path_parameters or {}):
            case.path_parameters[name] = server.ids[keys[pick % len(keys)]]


def test_live_server_serves_the_fuzzed_schema(fuzz_server: FuzzServer) -> None:
    response = fuzz_server.session.get(f"{fuzz_server.url}/api/schema/", params={"format": "json"}, timeout=30)
    assert response.status_code == 200
    assert response.json()["paths"] == schema.raw_schema["paths"]


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@schema.given(existing=st.one_of(st.none(), st.integers(min_value=0, max_value=11)))
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
)
def test_operation_conforms_to_schema(
    case: schemathesis.Case, existing: int | None, role: str, fuzz_server: FuzzServer
) -> None:
    if role != ROLES[0] and not case.operation.definition.raw.get("security", [{}])[0]:
        pytest.skip("no authentication on this operation: the first role covers it")
    if existing is not None and case.path_parameters:
        _use_existing_ids(case, fuzz_server, existing)
    try:
        response = case.call_and_validate(
            base_url=fuzz_server.url,
            session=fuzz_server.session,
            headers={"Authorization": f"Token {fuzz_server.tokens[role]}"},
            checks=CHECKS,
            timeout=30,
        )
    except Exception:
        print(fuzz_server.log_tail())  # noqa: T201 - the server's traceback, shown with the failure
        raise
    fuzz_server.statuses[response.status_code] += 1
