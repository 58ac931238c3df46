import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.organizations.models import Organization
from orders.settlement.models import Settlement
from orders.settlement.services import order_settle
from tests.orders.settlement.factories import DeliveredOrderFactory

pytestmark = pytest.mark.django_db


def settled(supplier: Organization, total: str, when: datetime | None = None) -> Settlement:
    settlement = order_settle(order_id=DeliveredOrderFactory(supplier=supplier, total=Decimal(total)).pk)
    if when is not None:
        Settlement.objects.filter(pk=settlement.pk).update(settled_at=when)
        settlement.refresh_from_db()
    return settlement


def at(year: int, month: int, day: int = 15) -> datetime:
    return datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


def test_supplier_lists_its_settlements(supplier_client: APIClient, supplier: Organization) -> None:
    mine = settled(supplier, "1130.00")
    settled(DeliveredOrderFactory().supplier, "50.00")
    response = supplier_client.get("/api/v1/settlements/")
    assert response.status_code == 200
    assert response.json() == {
        "next": None,
        "previous": None,
        "results": [
            {
                "id": mine.pk,
                "order": mine.order_id,
                "order_number": mine.order.number,
                "gross_amount": "1130.00",
                "commission_amount": "16.95",
                "vat_amount": "130.00",
                "payout_amount": "1113.05",
                "settled_at": response.json()["results"][0]["settled_at"],
                "payout_status": "held",
                "release_at": response.json()["results"][0]["release_at"],
                "refunded_amount": "0.00",
            }
        ],
    }


def test_period_filters_by_calendar_month(supplier_client: APIClient, supplier: Organization) -> None:
    march = settled(supplier, "10.00", at(2026, 3))
    settled(supplier, "20.00", at(2026, 4))
    settled(supplier, "30.00", at(2026, 2, 28))
    response = supplier_client.get("/api/v1/settlements/", {"period": "2026-03"})
    assert [row["id"] for row in response.json()["results"]] == [march.pk]


@pytest.mark.parametrize("period", ["2026-13", "2026-3", "March", "2026-03-01", "9999999-01", "0000-01"])
def test_bad_period_is_400(supplier_client: APIClient, period: str) -> None:
    response = supplier_client.get("/api/v1/settlements/", {"period": period})
    assert response.status_code == 400
    assert "period" in response.json()["errors"]


def test_buyer_is_refused(buyer_client: APIClient) -> None:
    assert buyer_client.get("/api/v1/settlements/").status_code == 403


def test_buyer_asking_for_csv_gets_a_json_error(buyer_client: APIClient) -> None:
    response = buyer_client.get("/api/v1/settlements/?format=csv")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_anonymous_is_401(api_client: APIClient) -> None:
    assert api_client.get("/api/v1/settlements/").status_code == 401


def test_csv_statement_has_header_rows_and_totals(supplier_client: APIClient, supplier: Organization) -> None:
    first = settled(supplier, "1130.00", at(2026, 3, 2))
    second = settled(supplier, "33.33", at(2026, 3, 20))
    settled(supplier, "99.00", at(2026, 4, 1))
    response = supplier_client.get("/api/v1/settlements/?format=csv&period=2026-03")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="settlements-2026-03.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["settlement_id", "order", "order_number"]
    assert [row[0] for row in rows[1:-1]] == [str(first.pk), str(second.pk)]
    assert rows[-1] == ["total", "2", "", "", "1163.33", "17.45", "133.83", "1145.88"]


def test_csv_without_period_is_this_month(supplier_client: APIClient, supplier: Organization) -> None:
    now = settled(supplier, "10.00")
    rows = list(csv.reader(io.StringIO(supplier_client.get("/api/v1/settlements/?format=csv").content.decode())))
    assert [row[0] for row in rows[1:-1]] == [str(now.pk)]


def test_unknown_format_is_400(supplier_client: APIClient) -> None:
    response = supplier_client.get("/api/v1/settlements/?format=xml")
    assert response.status_code == 400
    assert "format" in response.json()["errors"]


def test_list_query_count_is_constant(
    supplier_client: APIClient, supplier: Organization, django_assert_max_num_queries: object
) -> None:
    for total in ["1.00", "2.00", "3.00", "4.00", "5.00"]:
        settled(supplier, total)
    with django_assert_max_num_queries(4):
        response = supplier_client.get("/api/v1/settlements/")
    assert len(response.json()["results"]) == 5
