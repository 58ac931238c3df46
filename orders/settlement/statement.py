"""The monthly settlement statement as CSV."""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from orders.settlement.models import Settlement

COLUMNS = [
    "settlement_id",
    "order",
    "order_number",
    "settled_at",
    "gross_amount",
    "commission_amount",
    "vat_amount",
    "payout_amount",
]
AMOUNTS = ["gross_amount", "commission_amount", "vat_amount", "payout_amount"]


def settlement_statement_csv(*, settlements: Iterable[Settlement]) -> str:
    """Header row, one row per settlement, and a totals row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    totals = dict.fromkeys(AMOUNTS, Decimal("0.00"))
    count = 0
    for settlement in settlements:
        count += 1
        for name in AMOUNTS:
            totals[name] += getattr(settlement, name)
        writer.writerow(
            [
                settlement.pk,
                settlement.order_id,
                settlement.order.number,
                timezone.localtime(settlement.settled_at).isoformat(),
                *(getattr(settlement, name) for name in AMOUNTS),
            ]
        )
    writer.writerow(["total", count, "", "", *(totals[name] for name in AMOUNTS)])
    return buffer.getvalue()
