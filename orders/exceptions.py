"""Domain errors of orders and stock."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.exceptions import DomainError


class InsufficientStock(DomainError):
    """One or more lines ask for more than the listing has available; `errors` names each line."""

    code = "insufficient_stock"
    default_detail = _("Not enough stock for one or more lines.")
