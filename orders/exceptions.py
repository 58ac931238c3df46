"""Domain errors of orders and stock."""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.core.exceptions import DomainError


class InsufficientStock(DomainError):
    """One or more lines ask for more than their listing has available.

    `shortages` maps each short line's position to the units available, so a caller that numbers
    the lines differently (an award's `awards.<i>`) re-keys the positions, not the message strings.
    """

    code = "insufficient_stock"
    default_detail = gettext_lazy("Not enough stock for one or more lines.")

    def __init__(self, detail: str | None = None, *, shortages: Mapping[int, int], field: str = "lines") -> None:
        self.shortages = dict(sorted(shortages.items()))
        errors = {
            f"{field}.{position}.quantity": [_("Only %(available)d available.") % {"available": max(available, 0)}]
            for position, available in self.shortages.items()
        }
        super().__init__(detail, errors=errors)
