"""The double-entry ledger: balanced, insert-only; corrections are reversing transactions."""

from collections.abc import Iterable, Sequence
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


@dataclass(frozen=True)
class LedgerPosting:
    """One transaction to book with `ledger_transactions_post_many`."""

    memo: str
    lines: Sequence[LedgerLine]
    settlement: Settlement | None = None
    order: Order | None = None


def ledger_transaction_post(
    *,
    memo: str,
    lines: Iterable[LedgerLine],
    settlement: Settlement | None = None,
    order: Order | None = None,
    reverses: LedgerTransaction | None = None,
) -> LedgerTransaction:
    """Book one balanced transaction in the caller's transaction; zero lines are dropped."""
    booked = _lines_booked(lines)
    txn = LedgerTransaction.objects.create(memo=memo[:255], settlement=settlement, order=order, reverses=reverses)
    LedgerEntry.objects.bulk_create(_entries(txn, booked))
    return txn


def ledger_transactions_post_many(*, postings: Sequence[LedgerPosting]) -> list[LedgerTransaction]:
    """Book many balanced transactions with two inserts; every posting is checked before anything is written."""
    booked = [_lines_booked(posting.lines) for posting in postings]
    txns = LedgerTransaction.objects.bulk_create(
        [
            LedgerTransaction(memo=posting.memo[:255], settlement=posting.settlement, order=posting.order)
            for posting in postings
        ]
    )
    entries = [entry for txn, lines in zip(txns, booked, strict=True) for entry in _entries(txn, lines)]
    if entries:
        LedgerEntry.objects.bulk_create(entries)
    return txns


def _lines_booked(lines: Iterable[LedgerLine]) -> list[LedgerLine]:
    """The non-zero lines, refused unless debits equal credits."""
    booked = [line for line in lines if line.debit or line.credit]
    debits = sum((line.debit for line in booked), ZERO)
    credits = sum((line.credit for line in booked), ZERO)
    if debits != credits:
        raise LedgerUnbalanced(_("Debits %(debits)s ≠ credits %(credits)s.") % {"debits": debits, "credits": credits})
    return booked


def _entries(txn: LedgerTransaction, lines: Sequence[LedgerLine]) -> list[LedgerEntry]:
    return [
        LedgerEntry(
            transaction=txn,
            account=line.account,
            debit=line.debit,
            credit=line.credit,
            organization_id=line.organization_id,
        )
        for line in lines
    ]


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
