"""Demo RFQs: buyers ask for the bearings of their trade, matching suppliers quote, some are awarded."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from catalog.designations import parse
from catalog.models import Listing
from marketplace.core.money import quantize_money
from marketplace.demo.seeding import Market, Say
from marketplace.rfqs.models import Rfq
from marketplace.rfqs.services import quote_submit, rfq_award, rfq_cancel, rfq_create

QUOTES_PER_RFQ = 3


@dataclass(frozen=True)
class DemoRfq:
    buyer: str
    title: str
    lines: tuple[tuple[str, str, int, str], ...]  # (brand or "", designation, quantity, target unit price)
    outcome: str  # "open", "awarded" or "cancelled"


DEMO_RFQS: tuple[DemoRfq, ...] = (
    DemoRfq(
        "boshan_motor",
        "Y2 系列电机轴承 6 月备货",
        (("", "6205-2RS/C3", 2000, "7.80"), ("", "6305-2Z/C3", 1200, "12.50"), ("", "6206-2RS/C3", 800, "10.20")),
        "open",
    ),
    DemoRfq("hengli_motor", "电机轴承 NSK 指定", (("NSK", "6204DDUC3", 1500, "22.00"),), "open"),
    DemoRfq(
        "haian_gear",
        "减速机调心滚子轴承",
        (("", "22220CA/W33", 20, "680.00"), ("", "22218CA/W33", 20, "520.00")),
        "open",
    ),
    DemoRfq("xidong_auto", "圆锥滚子轴承年度询价", (("", "30205", 3000, "9.50"), ("", "30206", 2000, "11.80")), "open"),
    DemoRfq(
        "wujiang_textile", "纺织机械外球面轴承", (("", "UC205", 500, "14.00"), ("", "UC206", 300, "18.00")), "open"
    ),
    DemoRfq("luxin_machine", "机床主轴轴承", (("", "NU206EM", 200, "35.00"), ("", "7206B", 100, "45.00")), "awarded"),
    DemoRfq("luqiao_auto", "轮毂轴承补货", (("", "6204-2RS", 3000, "5.20"),), "awarded"),
    DemoRfq("beilun_plastics", "注塑机轴承（计划取消）", (("", "6308-2Z", 100, "30.00"),), "cancelled"),
)


def _quoting_listings(base: str, canonical: str, buyer_id: int) -> list[Listing]:
    """The cheapest stocked listing of each verified supplier for the bearing, best first."""
    rows = (
        Listing.objects.filter(
            canonical=canonical,
            base_designation=base,
            supplier__status="verified",
            deleted_at__isnull=True,
            is_active=True,
        )
        .exclude(supplier_id=buyer_id)
        .select_related("brand")
        .order_by("base_unit_price", "pk")
    )
    best: dict[int, Listing] = {}
    for listing in rows[:200]:
        best.setdefault(listing.supplier_id, listing)
    return list(best.values())


def rfqs_ensure(*, market: Market, say: Say) -> int:
    """The demo RFQs (keyed on buyer and title), each quoted by up to three suppliers; two awarded, one cancelled."""
    by_org = {p.organization.pk: p for p in market.suppliers.values()}
    today = timezone.localdate()
    made = 0
    for spec in DEMO_RFQS:
        buyer = market.buyers[spec.buyer]
        if Rfq.objects.filter(buyer=buyer.organization, title=spec.title).exists():
            continue
        made += 1
        rfq = rfq_create(
            buyer=buyer.organization,
            actor=buyer.user,
            data={
                "title": spec.title,
                "delivery_city": buyer.organization.city,
                "deadline": timezone.now() + timedelta(days=5),
                "lines": [
                    {
                        "brand": brand or None,
                        "designation": designation,
                        "quantity": quantity,
                        "target_unit_price": Decimal(target),
                        "accept_equivalents": not brand,
                    }
                    for brand, designation, quantity, target in spec.lines
                ],
            },
        )
        quotes: dict[int, list[dict[str, object]]] = {}
        for line in rfq.lines.all():
            parsed = parse(line.designation, line.brand or None)
            for listing in _quoting_listings(
                parsed.base_designation or "", parsed.canonical or "", buyer.organization.pk
            ):
                if line.brand and listing.brand.code != line.brand:
                    continue
                quotes.setdefault(listing.supplier_id, []).append(
                    {
                        "rfq_line": line.pk,
                        "brand": listing.brand.code,
                        "designation": listing.designation,
                        "quantity": line.quantity,
                        # A volume price a little under the listed one.
                        "unit_price": quantize_money((listing.base_unit_price or Decimal(1)) * Decimal("0.93")),
                        "lead_time_days": listing.lead_time_days or 3,
                    }
                )
        submitted = []
        for supplier_id, lines in list(quotes.items())[:QUOTES_PER_RFQ]:
            supplier = by_org.get(supplier_id)
            if supplier is None:
                continue
            submitted.append(
                quote_submit(
                    rfq=rfq,
                    supplier=supplier.organization,
                    actor=supplier.user,
                    data={"valid_until": today + timedelta(days=10), "note": "含税含运费，烟店现货", "lines": lines},
                )
            )
        if spec.outcome == "awarded" and submitted:
            best = {}
            for quote in submitted:
                for quote_line in quote.lines.all():
                    current = best.get(quote_line.rfq_line_id)
                    if current is None or quote_line.unit_price < current.unit_price:
                        best[quote_line.rfq_line_id] = quote_line
            rfq_award(
                rfq=rfq,
                actor=buyer.user,
                awards=[
                    {"rfq_line": ql.rfq_line_id, "quantity": ql.quantity, "quote_line": ql.pk} for ql in best.values()
                ],
            )
        elif spec.outcome == "cancelled":
            rfq_cancel(rfq=rfq, actor=buyer.user)
    say(f"RFQs: {made} created with their quotes ({len(DEMO_RFQS)} in the demo: 5 open, 2 awarded, 1 cancelled).")
    return made
