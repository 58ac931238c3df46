from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orders.models import Order
from orders.settlement.choices import LedgerAccount, PayoutStatus

MONEY = {"max_digits": 14, "decimal_places": 2}
HALF_FEN = Decimal("0.005")


def default_release_at() -> datetime:
    """Now + MARKETPLACE_CLAIM_WINDOW_HOURS; the settlement service sets delivery + the window instead."""
    hours = Decimal(str(getattr(settings, "MARKETPLACE_CLAIM_WINDOW_HOURS", 168)))
    return timezone.now() + timedelta(seconds=float(hours * 3600))


class Settlement(models.Model):
    """The one settlement of a delivered order; the OneToOne makes a second one impossible."""

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="settlement", verbose_name=_("order"))
    gross_amount = models.DecimalField(_("gross amount"), **MONEY)
    commission_rate = models.DecimalField(_("commission rate"), max_digits=6, decimal_places=4)
    commission_amount = models.DecimalField(_("commission"), **MONEY)
    vat_amount = models.DecimalField(_("VAT"), **MONEY)
    payout_amount = models.DecimalField(_("payout"), **MONEY)
    settled_at = models.DateTimeField(_("settled at"), auto_now_add=True)
    # Escrow: the payout stays held until release_at (delivery + the claim window) and while a claim is open.
    payout_status = models.CharField(
        _("payout status"), max_length=16, choices=PayoutStatus.choices, default=PayoutStatus.HELD
    )
    release_at = models.DateTimeField(_("release at"), default=default_release_at)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_amount = models.DecimalField(_("released amount"), null=True, blank=True, **MONEY)
    # Running totals of the order's refunds (each one is a Refund row and a ledger transaction).
    refunded_amount = models.DecimalField(_("refunded amount"), default=Decimal("0.00"), **MONEY)
    refunded_commission = models.DecimalField(_("commission reversed"), default=Decimal("0.00"), **MONEY)
    refunded_vat = models.DecimalField(_("VAT reversed"), default=Decimal("0.00"), **MONEY)

    class Meta:
        ordering = ["-settled_at", "-pk"]
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        indexes = [
            models.Index(fields=["settled_at"], name="settlement_settled_at_idx"),
            # The release sweep scans only held payouts by release time.
            models.Index(fields=["release_at"], name="settlement_held_release_idx", condition=Q(payout_status="held")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(payout_status__in=PayoutStatus.values), name="settlement_payout_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0, refunded_amount__lte=models.F("gross_amount")),
                name="settlement_refunds_within_gross",
            ),
            models.CheckConstraint(
                condition=Q(refunded_commission__gte=0, refunded_commission__lte=models.F("commission_amount")),
                name="settlement_commission_reversed_within",
            ),
            models.CheckConstraint(
                condition=Q(refunded_vat__gte=0, refunded_vat__lte=models.F("vat_amount")),
                name="settlement_vat_reversed_within",
            ),
            models.CheckConstraint(
                condition=Q(payout_status=PayoutStatus.HELD, released_at__isnull=True)
                | Q(payout_status=PayoutStatus.RELEASED, released_at__isnull=False, released_amount__gte=0),
                name="settlement_release_consistent",
            ),
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

    @property
    def payout_held_amount(self) -> Decimal:
        """What the supplier is still owed out of escrow: the payout less the refunds' share of it."""
        return self.payout_amount - (self.refunded_amount - self.refunded_commission)


class Refund(models.Model):
    """One refund to the buyer out of the held payout, made by the claim that ended with it (at most one)."""

    settlement = models.ForeignKey(
        Settlement, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("settlement")
    )
    # A plain id: the claims app books refunds through settlement, not the other way round.
    claim_id = models.BigIntegerField(_("claim"), unique=True)
    amount = models.DecimalField(_("refund"), **MONEY)
    commission_reversed = models.DecimalField(_("commission reversed"), **MONEY)
    vat_reversed = models.DecimalField(_("VAT reversed"), **MONEY)
    payout_reduction = models.DecimalField(_("payout reduction"), **MONEY)
    ledger_transaction = models.OneToOneField(
        "LedgerTransaction", on_delete=models.PROTECT, related_name="refund", verbose_name=_("ledger transaction")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(commission_reversed__gte=0, vat_reversed__gte=0, payout_reduction__gte=0),
                name="refund_parts_gte_0",
            ),
        ]

    def __str__(self) -> str:
        return f"Refund {self.amount} of claim {self.claim_id}"


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
