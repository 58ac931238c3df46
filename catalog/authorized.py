"""Whether a supplier is authorised for a brand: a verified letter whose valid_until is not past."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Exists, Q
from django.utils import timezone

from catalog.choices import AuthorizationStatus
from catalog.models import BrandAuthorization


def counting_authorizations(today: date | None = None) -> Any:
    """The authorisations that count today (served by the partial index brandauth_counting_idx)."""
    return BrandAuthorization.objects.filter(
        status=AuthorizationStatus.VERIFIED, valid_until__gte=today or timezone.localdate()
    )


def authorization_counts(*, supplier: Any, brand: Any, today: date | None = None) -> Exists:
    """An EXISTS expression: true when `supplier` holds a counting authorisation for `brand`."""
    return Exists(counting_authorizations(today).filter(supplier_id=supplier, brand_id=brand))


def authorized_pairs(pairs: Iterable[tuple[int, int]], today: date | None = None) -> set[tuple[int, int]]:
    """Of the (supplier id, brand id) pairs, those with a counting authorisation (one query)."""
    wanted = set(pairs)
    if not wanted:
        return set()
    suppliers = {supplier for supplier, _brand in wanted}
    brands = {brand for _supplier, brand in wanted}
    found = counting_authorizations(today).filter(Q(supplier_id__in=suppliers) & Q(brand_id__in=brands))
    return {pair for pair in found.values_list("supplier_id", "brand_id") if pair in wanted}
