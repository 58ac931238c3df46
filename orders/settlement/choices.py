from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerAccount(models.TextChoices):
    """The platform's chart of accounts (docs/ledger.md explains each one)."""

    BUYER_CLEARING = "buyer_clearing", _("Buyer clearing (amounts due from buyers)")
    SUPPLIER_PAYABLE = "supplier_payable", _("Supplier payable, held in escrow until release")
    PLATFORM_COMMISSION = "platform_commission", _("Platform commission revenue")
    VAT_CLEARING = "vat_clearing", _("VAT clearing (memo: VAT contained in settled sales)")
    VAT_OUTPUT = "vat_output", _("VAT output (memo: suppliers' output VAT reported)")
    SUPPLIER_RELEASED = "supplier_released", _("Supplier payouts released (due for transfer)")
    BUYER_REFUND_PAYABLE = "buyer_refund_payable", _("Refunds owed to buyers")


class PayoutStatus(models.TextChoices):
    HELD = "held", _("Held")
    RELEASED = "released", _("Released")
