"""The least-cost award plan for an RFQ: its quote lines and matched listings as offers, solved exactly."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from marketplace.organizations.models import Organization
from marketplace.rfqs.choices import QuoteStatus, RfqStatus
from marketplace.rfqs.matching import line_spec, listings_for_award, match_lines
from marketplace.rfqs.models import QuoteLine, Rfq, RfqLine
from marketplace.rfqs.planning import Offer, Plan, PlanLine, greedy_plan, plan_cost, solve_plan
from marketplace.rfqs.services.rfqs import RfqClosed

SOURCES = ("quotes", "listings", "both")
# Listings considered per line: the matcher's best this many (by coverage, brand, price, score, lead time).
LISTINGS_PER_LINE = 50


@dataclass(frozen=True, slots=True)
class AwardPlan:
    plan: Plan
    per_supplier_cost: Decimal
    greedy_total: Decimal | None
    supplier_names: dict[int, str]

    @property
    def supplier_costs_total(self) -> Decimal:
        return self.per_supplier_cost * len(self.plan.suppliers)

    @property
    def total(self) -> Decimal:
        return plan_cost(self.plan.takes, self.per_supplier_cost)

    @property
    def saving(self) -> Decimal | None:
        if self.greedy_total is None or not self.plan.takes:
            return None
        return self.greedy_total - self.total


def _in_time(line: RfqLine, lead_time_days: int, today: date, respect_required_by: bool) -> bool:
    return not (respect_required_by and line.required_by) or today + timedelta(days=lead_time_days) <= line.required_by


def _quote_offers(rfq: Rfq, lines: dict[int, RfqLine], today: date, respect_required_by: bool) -> list[Offer]:
    """Every line of a live, still valid quote: at most what was quoted, at its price."""
    quote_lines = QuoteLine.objects.filter(
        quote__rfq=rfq, quote__status=QuoteStatus.SUBMITTED, quote__valid_until__gte=today
    ).select_related("quote")
    return [
        Offer(
            line_id=ql.rfq_line_id,
            supplier_id=ql.quote.supplier_id,
            source=("quote_line", ql.pk),
            capacity=ql.quantity,
            breaks=((1, ql.unit_price),),
        )
        for ql in quote_lines.order_by("pk")
        if ql.rfq_line_id in lines and _in_time(lines[ql.rfq_line_id], ql.lead_time_days, today, respect_required_by)
    ]


def _listing_offers(rfq: Rfq, lines: dict[int, RfqLine], today: date, respect_required_by: bool) -> list[Offer]:
    """Each line's matched listings with stock: at most the stock (shared across lines), MOQ, all-units breaks."""
    specs = [line_spec(line) for line in lines.values()]
    matched = match_lines(lines=specs, buyer_id=rfq.buyer_id, limit=LISTINGS_PER_LINE)
    candidates = listings_for_award(
        listing_ids={m.listing_id for found in matched for m in found.matches}, buyer_id=rfq.buyer_id
    )
    offers = []
    for found in matched:
        line = lines[found.line.id]
        for match in found.matches:
            candidate = candidates.get(match.listing_id)
            if candidate is None or candidate.quantity_available <= 0:
                continue
            if not _in_time(line, candidate.lead_time_days, today, respect_required_by):
                continue
            breaks = candidate.breaks or ((1, candidate.base_unit_price),)
            offers.append(
                Offer(
                    line_id=line.pk,
                    supplier_id=candidate.supplier_id,
                    source=("listing", candidate.listing_id),
                    capacity=candidate.quantity_available,
                    breaks=tuple(b for b in breaks if b[1] is not None),
                    moq=candidate.moq,
                )
            )
    return offers


def _names(supplier_ids: Iterable[int]) -> dict[int, str]:
    return dict(Organization.objects.filter(pk__in=set(supplier_ids)).values_list("pk", "name"))


def rfq_award_plan(
    *,
    rfq: Rfq,
    source: str = "both",
    max_suppliers: int | None = None,
    per_supplier_cost: Decimal = Decimal("0.00"),
    respect_required_by: bool = True,
) -> AwardPlan:
    """The cheapest way to fill every line (goods + per-supplier cost), proven optimal; reads only."""
    if rfq.status != RfqStatus.OPEN:
        raise RfqClosed()
    today = timezone.localdate()
    lines = {line.pk: line for line in rfq.lines.order_by("position", "pk")}
    offers: list[Offer] = []
    if source in {"quotes", "both"}:
        offers += _quote_offers(rfq, lines, today, respect_required_by)
    if source in {"listings", "both"}:
        offers += _listing_offers(rfq, lines, today, respect_required_by)
    plan_lines = [PlanLine(id=line.pk, quantity=line.quantity) for line in lines.values()]
    greedy = greedy_plan(lines=plan_lines, offers=offers, max_suppliers=max_suppliers)
    plan = solve_plan(
        lines=plan_lines,
        offers=offers,
        max_suppliers=max_suppliers,
        per_supplier_cost=per_supplier_cost,
        time_limit=settings.MARKETPLACE_AWARD_PLAN_TIME_LIMIT_SECONDS,
        start=greedy,
    )
    return AwardPlan(
        plan=plan,
        per_supplier_cost=per_supplier_cost,
        greedy_total=None if greedy is None else plan_cost(greedy, per_supplier_cost),
        supplier_names=_names(plan.suppliers),
    )
