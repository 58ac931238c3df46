from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orders.models import Order
from orders.settlement.choices import LedgerAccount

MONEY = {"max_digits": 14, "decimal_places": 2}
HALF_FEN = Decimal("0.005")


class Settlement(models.Model):
    """The one settlement of a delivered order; the OneToOne makes a second one impossible."""

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="settlement", verbose_name=_("order"))
    gross_amount = models.DecimalField(_("gross amount"), **MONEY)
    commission_rate = models.DecimalField(_("commission rate"), max_digits=6, decimal_places=4)
    commission_amount = models.DecimalField(_("commission"), **MONEY)
    vat_amount = models.DecimalField(_("VAT"), **MONEY)
    payout_amount = models.DecimalField(_("payout"), **MONEY)
    settled_at = models.DateTimeField(_("settled at"), auto_now_add=True)

    class Meta:
        ordering = ["-settled_at", "-pk"]
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        indexes = [models.Index(fields=["settled_at"], name="settlement_settled_at_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(gross_amount__gte=0), name="settlement_gross_gte_0"),
            models.CheckConstraint(condition=Q(commission_amount__gte=0), name="settlement_commission_gte_0"),
            models.CheckConstraint(condition=Q(vat_amount__gte=0), name="settlement_vat_gte_0"),
            # payout = gross − commission. Written as a half-fen window because SQLite compares
            # decimals as floats; on PostgreSQL (exact numerics, two places) it is plain equality.
            models.CheckConstraint(
                condition=Q(
                    payout_amount__gt=models.F("gross_amount") - models.F("commission_amount") - HALF_FEN,
                    payout_amount__lt=models.F("gross_amount") - models.F("commission_amount") + HALF_FEN,
                ),
                name="settlement_payout_is_gross_less_commission",
            ),
        ]

    def __str__(self) -> str:
        return f"Settlement of order {self.order_id}"


class LedgerTransaction(models.Model):
    """A balanced group of ledger entries; corrections are new, reversing transactions."""

    settlement = models.ForeignKey(
        Settlement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_transactions",
        verbose_name=_("settlement"),
    )
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by", verbose_name=_("reverses")
    )
    memo = models.CharField(_("memo"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")

    def __str__(self) -> str:
        return f"#{self.pk} {self.memo}"


class LedgerEntry(models.Model):
    """One debit or credit line; insert-only (a database trigger refuses UPDATE and DELETE)."""

    transaction = models.ForeignKey(
        LedgerTransaction, on_delete=models.PROTECT, related_name="entries", verbose_name=_("ledger transaction")
    )
    account = models.CharField(_("account"), max_length=32, choices=LedgerAccount.choices)
    debit = models.DecimalField(_("debit"), default=0, **MONEY)
    credit = models.DecimalField(_("credit"), default=0, **MONEY)
    # The organisation the line concerns (the supplier for payables, the buyer for clearing).
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )

    class Meta:
        ordering = ["transaction_id", "pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["account", "organization"], name="ledgerentry_account_org_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(debit__gte=0) & Q(credit__gte=0), name="ledgerentry_amounts_gte_0"),
            models.CheckConstraint(
                condition=(Q(debit=0) & Q(credit__gt=0)) | (Q(debit__gt=0) & Q(credit=0)),
                name="ledgerentry_one_side_nonzero",
            ),
            models.CheckConstraint(condition=Q(account__in=LedgerAccount.values), name="ledgerentry_account_valid"),
        ]

    def __str__(self) -> str:
        side = f"Dr {self.debit}" if self.debit else f"Cr {self.credit}"
        return f"{self.account} {side}"
