"""RFQ test helpers: request bodies, an opened RFQ, a submitted quote."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

RFQS = "/api/v1/rfqs/"


def rfq_body(*lines: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {"title": "Q3 maintenance spares", "delivery_city": "Jinan", "lines": list(lines)}
    body.update(fields)
    return body


def line(designation: str = "6205-2RS", quantity: int = 100, **fields: Any) -> dict[str, Any]:
    return {"designation": designation, "quantity": quantity, **fields}


def quote_body(*lines: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {"valid_until": (timezone.localdate() + timedelta(days=7)).isoformat(), "note": "", "lines": list(lines)}
    body.update(fields)
    return body


def quote_line(rfq_line: int, quantity: int = 100, unit_price: str = "9.50", **fields: Any) -> dict[str, Any]:
    return {
        "rfq_line": rfq_line,
        "brand": "ZWZ",
        "designation": "6205-2RS",
        "quantity": quantity,
        "unit_price": unit_price,
        "lead_time_days": 3,
        **fields,
    }


@pytest.fixture
def open_rfq(buyer_client: APIClient) -> Callable[..., dict[str, Any]]:
    """POST an RFQ as the buyer and return the 201 body."""

    def _open(*lines: dict[str, Any], **fields: Any) -> dict[str, Any]:
        response = buyer_client.post(RFQS, rfq_body(*(lines or (line(),)), **fields), format="json")
        assert response.status_code == 201, response.content
        return response.json()

    return _open
