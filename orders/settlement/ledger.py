"""The double-entry ledger: balanced, insert-only; corrections are reversing transactions."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from marketplace.core.exceptions import DomainError
from orders.models import Order
from orders.settlement.models import LedgerEntry, LedgerTransaction, Settlement

ZERO = Decimal("0.00")


class LedgerUnbalanced(DomainError):
    code = "ledger_unbalanced"
    default_detail = _("Ledger debits and credits must be equal.")


@dataclass(frozen=True)
class LedgerLine:
    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    organization_id: int | None = None


def ledger_transaction_post(
    *,
    memo: str,
    lines: Iterable[LedgerLine],
    settlement: Settlement | None = None,
    order: Order | None = None,
    reverses: LedgerTransaction | None = None,
) -> LedgerTransaction:
    """Book one balanced transaction in the caller's transaction; zero lines are dropped."""
    booked = [line for line in lines if line.debit or line.credit]
    debits = sum((line.debit for line in booked), ZERO)
    credits = sum((line.credit for line in booked), ZERO)
    if debits != credits:
        raise LedgerUnbalanced(_("Debits %(debits)s ≠ credits %(credits)s.") % {"debits": debits, "credits": credits})
    txn = LedgerTransaction.objects.create(memo=memo[:255], settlement=settlement, order=order, reverses=reverses)
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                transaction=txn,
                account=line.account,
                debit=line.debit,
                credit=line.credit,
                organization_id=line.organization_id,
            )
            for line in booked
        ]
    )
    return txn


@transaction.atomic
def ledger_transaction_reverse(*, transaction_id: int, memo: str = "") -> LedgerTransaction:
    """Book the mirror image of a transaction (debits ↔ credits); reversing twice returns the first reversal."""
    original = LedgerTransaction.objects.select_for_update().get(pk=transaction_id)
    existing = LedgerTransaction.objects.filter(reverses=original).first()
    if existing is not None:
        return existing
    lines = [
        LedgerLine(account=entry.account, debit=entry.credit, credit=entry.debit, organization_id=entry.organization_id)
        for entry in original.entries.all()
    ]
    return ledger_transaction_post(
        memo=memo or f"Reversal of #{original.pk}: {original.memo}",
        lines=lines,
        settlement=original.settlement,
        order=original.order,
        reverses=original,
    )
