"""The monthly settlement statement as CSV."""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from orders.settlement.choices import PayoutStatus
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
# Escrow columns after the v1 ones (the totals row keeps the v1 shape; these are per settlement):
# held = what escrow still holds, released = what was released, refunded = refunds to the buyer.
ESCROW_COLUMNS = ["payout_status", "release_at", "refunded_amount", "held_amount", "released_amount"]
COLUMNS = COLUMNS + ESCROW_COLUMNS


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
                *_escrow_cells(settlement),
            ]
        )
    writer.writerow(["total", count, "", "", *(totals[name] for name in AMOUNTS)])
    return buffer.getvalue()


def _escrow_cells(settlement: Settlement) -> list[object]:
    released = settlement.payout_status == PayoutStatus.RELEASED
    return [
        settlement.payout_status,
        timezone.localtime(settlement.release_at).isoformat(),
        settlement.refunded_amount,
        Decimal("0.00") if released else settlement.payout_held_amount,
        settlement.released_amount if released else Decimal("0.00"),
    ]
