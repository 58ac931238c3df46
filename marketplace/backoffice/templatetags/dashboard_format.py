"""Template filters of the market dashboard."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def percent(fraction: Decimal | None) -> str:
    """A decimal fraction as a signed percentage with one decimal: 0.2100 → "+21.0 %"."""
    if fraction is None:
        return "–"
    value = (Decimal(fraction) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:+} %"
