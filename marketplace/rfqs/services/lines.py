"""Turning a written RFQ line into stored attributes (parse the designation, let stated fields win), and
correcting a line so that they are derived again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.designations import normalize_brand
from catalog.services.parsing import DIMENSIONS, STATED_ATTRIBUTES, designation_columns
from marketplace.core.exceptions import IllegalTransition, InvalidInput, NotAllowed, NotFound
from marketplace.organizations.models import User
from marketplace.rfqs.choices import RfqStatus
from marketplace.rfqs.models import Rfq, RfqLine

BRAND_MAX_LENGTH = 32


def brand_code(text: str | None) -> str:
    """The canonical maker code for a written brand; an unknown maker is kept as written (upper case)."""
    if not text or not text.strip():
        return ""
    return normalize_brand(text) or text.strip().upper()[:BRAND_MAX_LENGTH]


def rfq_line_columns(*, designation: str, brand: str, stated: Mapping[str, Any]) -> dict[str, Any]:
    """The stored columns of a line: brand, recognised base, variant, attributes, dimensions and canonical,
    parsed by the catalog's helper with the fields the buyer states winning. Size text (`25x52x15`,
    `d25 D52 B15`) makes a dimensional line."""
    designation = designation.strip()
    brand = brand_code(brand)
    columns = designation_columns(designation, brand_code=brand or None, stated=stated, size_text=True)
    columns["brand"] = brand or columns["brand"]
    return {"designation": designation, **columns}


def rfq_line_build(*, rfq: Rfq, position: int, data: Mapping[str, Any]) -> RfqLine:
    """An unsaved line: a recognized designation states base, variant, type, seal, clearance,
    precision and dimensions; a field the buyer states alongside it overrides the parsed value.
    """
    return RfqLine(
        rfq=rfq,
        position=position,
        accept_equivalents=data.get("accept_equivalents", True),
        authorized_only=bool(data.get("authorized_only", False)),
        quantity=data["quantity"],
        target_unit_price=data.get("target_unit_price"),
        required_by=data.get("required_by"),
        **rfq_line_columns(designation=data.get("designation") or "", brand=data.get("brand") or "", stated=data),
    )


def _stated_on(line: RfqLine) -> dict[str, Any]:
    """What the buyer stated beside the designation: the columns that differ from what parsing alone gives."""
    parsed = rfq_line_columns(designation=line.designation, brand=line.brand, stated={})
    names = (*STATED_ATTRIBUTES, *DIMENSIONS)
    return {name: getattr(line, name) for name in names if getattr(line, name) != parsed[name]}


# Not durable: the admin's change form saves the RFQ and its line corrections in one transaction.
@transaction.atomic
def rfq_line_revise(*, line_id: int, actor: User, designation: str, brand: str) -> RfqLine:
    """Market staff correct an open RFQ's line: the designation is parsed again (stated fields still win),
    so the attributes the matcher reads never go stale."""
    if not actor.is_staff:
        raise NotAllowed(_("Only market staff may correct an RFQ line."))
    line = RfqLine.objects.select_related("rfq").select_for_update(of=("self", "rfq")).filter(pk=line_id).first()
    if line is None:
        raise NotFound()
    if line.rfq.status != RfqStatus.OPEN:
        raise IllegalTransition(_("Only an open RFQ's lines can be corrected."))
    stated = _stated_on(line)
    columns = rfq_line_columns(designation=designation, brand=brand, stated=stated)
    if not columns["designation"] and any(columns[name] is None for name in DIMENSIONS):
        raise InvalidInput(
            _("Give a designation, or the bore, outer diameter and width."),
            errors={"designation": [_("Give a designation, or the bore, outer diameter and width.")]},
        )
    for name, value in columns.items():
        setattr(line, name, value)
    line.save(update_fields=list(columns))
    return line
