"""Reads with permission scoping: an RFQ or quote an organisation may not see does not exist for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from marketplace.core.exceptions import NotFound
from marketplace.core.money import quantize_money
from marketplace.organizations.choices import OrganizationKind, OrganizationStatus
from marketplace.organizations.models import Organization
from marketplace.organizations.ranking import ranking_score_expression
from marketplace.rfqs.choices import QuoteStatus, RfqStatus
from marketplace.rfqs.models import Quote, QuoteLine, Rfq, RfqDecline, RfqEvent, RfqInvitation, RfqLine


def _is_verified_supplier(org: Organization | None) -> bool:
    return bool(org and org.kind == OrganizationKind.SUPPLIER and org.status == OrganizationStatus.VERIFIED)


def rfqs_visible_to(org: Organization | None) -> QuerySet[Rfq]:
    """A buyer's own RFQs; a supplier's inbox (open, invited, not declined) and every RFQ it quoted."""
    rfqs = Rfq.objects.select_related("buyer").prefetch_related("lines")
    if org is None:
        return rfqs.none()
    if org.kind == OrganizationKind.BUYER:
        return rfqs.filter(buyer=org)
    if not _is_verified_supplier(org):
        return rfqs.none()
    invited = RfqInvitation.objects.filter(rfq=OuterRef("pk"), supplier=org)
    declined = RfqDecline.objects.filter(rfq=OuterRef("pk"), supplier=org)
    quoted = Quote.objects.filter(rfq=OuterRef("pk"), supplier=org)
    return rfqs.filter((Q(status=RfqStatus.OPEN) & Exists(invited) & ~Exists(declined)) | Exists(quoted))


def rfq_get_for(*, org: Organization | None, rfq_id: int) -> Rfq:
    """The owner's RFQ; for a verified supplier an open RFQ, or one it was invited to or quoted; else 404."""
    rfq = Rfq.objects.select_related("buyer").prefetch_related("lines").filter(pk=rfq_id).first()
    if rfq is None or org is None:
        raise NotFound()
    if rfq.buyer_id == org.pk:
        return rfq
    if _is_verified_supplier(org) and (
        rfq.status == RfqStatus.OPEN
        or RfqInvitation.objects.filter(rfq=rfq, supplier=org).exists()
        or Quote.objects.filter(rfq=rfq, supplier=org).exists()
    ):
        return rfq
    raise NotFound()


def rfq_events_visible_to(*, org: Organization | None, rfq_id: int) -> QuerySet[RfqEvent]:
    """The audit trail of one of the organisation's own RFQs, oldest first; 404 for anyone else."""
    rfq = rfq_get_owned(org=org, rfq_id=rfq_id)
    return RfqEvent.objects.filter(rfq=rfq).order_by("at", "pk")


def rfq_get_owned(*, org: Organization | None, rfq_id: int) -> Rfq:
    """The RFQ if this organisation opened it, else 404."""
    rfq = Rfq.objects.select_related("buyer").filter(pk=rfq_id).first()
    if rfq is None or org is None or rfq.buyer_id != org.pk:
        raise NotFound()
    return rfq


def quotes_visible_to(*, rfq: Rfq, org: Organization) -> QuerySet[Quote]:
    """The buyer sees every quote on its RFQ; a supplier only its own."""
    quotes = (
        Quote.objects.filter(rfq=rfq)
        .select_related("supplier")
        .prefetch_related(Prefetch("lines", queryset=QuoteLine.objects.order_by("pk")))
    )
    if rfq.buyer_id == org.pk:
        return quotes.order_by("submitted_at", "pk")
    return quotes.filter(supplier=org)


def quote_get_for(*, rfq: Rfq, org: Organization, quote_id: int) -> Quote:
    quote = quotes_visible_to(rfq=rfq, org=org).prefetch_related("revisions").filter(pk=quote_id).first()
    if quote is None:
        raise NotFound()
    return quote


@dataclass(slots=True)
class Offer:
    quote_id: int
    quote_line_id: int
    supplier_id: int
    brand: str
    designation: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    lead_time_days: int
    valid_until: object
    supplier_score: Decimal  # as ranking uses it (70 while new)
    supplier_standing: str


@dataclass(slots=True)
class LineComparison:
    line: RfqLine
    offers: list[Offer] = field(default_factory=list)

    @property
    def lowest_price(self) -> Offer | None:
        return min(
            self.offers,
            key=lambda o: (o.unit_price, -o.supplier_score, o.lead_time_days, o.quote_line_id),
            default=None,
        )

    @property
    def shortest_lead_time(self) -> Offer | None:
        return min(
            self.offers,
            key=lambda o: (o.lead_time_days, o.unit_price, -o.supplier_score, o.quote_line_id),
            default=None,
        )

    @property
    def brands(self) -> list[str]:
        return sorted({o.brand for o in self.offers})


def quote_comparison(*, rfq: Rfq) -> list[LineComparison]:
    """Per RFQ line, every live offer cheapest first (equal prices: higher supplier score first), for the
    buyer to compare (two queries)."""
    lines = {line.pk: LineComparison(line=line) for line in RfqLine.objects.filter(rfq=rfq).order_by("position")}
    quote_lines = (
        QuoteLine.objects.filter(quote__rfq=rfq)
        .exclude(quote__status=QuoteStatus.WITHDRAWN)
        .select_related("quote__supplier")
        .annotate(supplier_rank_score=ranking_score_expression("quote__supplier__"))
        .order_by("unit_price", "-supplier_rank_score", "lead_time_days", "pk")
    )
    for ql in quote_lines:
        lines[ql.rfq_line_id].offers.append(
            Offer(
                quote_id=ql.quote_id,
                quote_line_id=ql.pk,
                supplier_id=ql.quote.supplier_id,
                brand=ql.brand,
                designation=ql.designation,
                quantity=ql.quantity,
                unit_price=ql.unit_price,
                line_total=quantize_money(ql.unit_price * ql.quantity),
                lead_time_days=ql.lead_time_days,
                valid_until=ql.quote.valid_until,
                supplier_score=ql.supplier_rank_score,
                supplier_standing=ql.quote.supplier.standing,
            )
        )
    return list(lines.values())


def supplier_names(*, ids: set[int]) -> dict[int, str]:
    """Organisation names by id, in one query (matches and offers show who sells)."""
    if not ids:
        return {}
    return dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
