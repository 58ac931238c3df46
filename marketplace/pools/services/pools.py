"""Opening a pool: the item (a parsed bearing or a bearing steel), its tiers, the task at closes_at."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.services.inputs import BrandResolver
from catalog.services.parsing import parsed_attributes
from catalog.steels import SteelForm, steel_grade_normalize
from marketplace.core.exceptions import InvalidInput, NotAllowed
from marketplace.core.money import quantize_money
from marketplace.organizations.choices import OrganizationKind, OrganizationStatus
from marketplace.organizations.models import Organization, User
from marketplace.pools.choices import MAX_TIERS, PoolItemKind, PoolStatus, PoolUnit
from marketplace.pools.models import Pool, PoolTier
from marketplace.pools.services.events import pool_event_record
from marketplace.pools.tiers import Tier, tiers_problems

logger = logging.getLogger(__name__)
MAX_SIZE_MM = Decimal("1000000")
BEARING_FIELDS = (
    "recognized",
    "base_designation",
    "variant",
    "canonical",
    "bearing_type",
    "seal",
    "clearance",
    "precision",
    "bore_mm",
    "outer_diameter_mm",
    "width_mm",
)


def _tier_messages() -> dict[str, str]:
    return {
        "required": _("A pool needs at least one tier."),
        "min_value": _("Must be greater than zero."),
        "not_ascending": _("Tiers must ascend in min_total_quantity."),
        "not_falling": _("Each tier's unit_price must be strictly lower than the one before."),
    }


def pool_tiers_check(tiers: list[Tier]) -> None:
    """400 naming every tier out of order (ascending quantities, strictly falling prices)."""
    problems = tiers_problems(tiers)
    if len(tiers) > MAX_TIERS:
        problems["tiers"] = ["max_length"]
    if problems:
        words = _tier_messages() | {"max_length": _("A pool has at most %(n)d tiers.") % {"n": MAX_TIERS}}
        errors = {path: [words[code] for code in codes] for path, codes in problems.items()}
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)


def _bearing_fields(item: Mapping[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    brand_text = str(item.get("brand") or "").strip()
    designation = str(item.get("designation") or "").strip()
    brand = BrandResolver().resolve(brand_text) if brand_text else None
    if not brand_text:
        errors["item.brand"] = [_("This field is required.")]
    elif brand is None:
        errors["item.brand"] = [_('Unknown brand "%(brand)s".') % {"brand": brand_text[:100]}]
    if not designation:
        errors["item.designation"] = [_("This field is required.")]
    if brand is None or not designation:
        return {}
    parsed = parsed_attributes(designation, brand.code)
    return {"brand": brand, "designation": designation[:120], **{name: parsed[name] for name in BEARING_FIELDS}}


def _steel_fields(item: Mapping[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    grade = steel_grade_normalize(str(item.get("grade") or ""))
    form = item.get("form")
    size = item.get("size_mm")
    if grade is None:
        errors["item.grade"] = [_("Not a bearing steel grade of GB/T 18254, GB/T 3203 or GB/T 3086.")]
    if form not in SteelForm.values:
        errors["item.form"] = [_("Choose one of %(forms)s.") % {"forms": ", ".join(SteelForm.values)}]
    if not isinstance(size, Decimal) or not (0 < size < MAX_SIZE_MM):
        errors["item.size_mm"] = [_("A size in mm greater than zero.")]
    if errors:
        return {}
    return {"steel_grade": grade, "steel_form": form, "size_mm": size.quantize(Decimal("0.01"))}


def pool_item_fields(item: Mapping[str, Any]) -> dict[str, Any]:
    """The pool's item columns: a bearing parsed as a listing is, or a steel by grade, form and size."""
    errors: dict[str, list[str]] = {}
    kind = item.get("kind")
    if kind == PoolItemKind.BEARING:
        fields = _bearing_fields(item, errors)
    elif kind == PoolItemKind.STEEL:
        fields = _steel_fields(item, errors)
    else:
        errors["item.kind"] = [_("Choose bearing or steel.")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)
    return {"kind": kind, **fields}


def _check_quantities(data: Mapping[str, Any], tiers: list[Tier]) -> None:
    errors: dict[str, list[str]] = {}
    if data["unit"] not in PoolUnit.values:
        errors["unit"] = [_("Choose piece or kg.")]
    min_commitment = data["min_commitment"]
    cap = data.get("max_total_quantity")
    if min_commitment < 1:
        errors["min_commitment"] = [_("Must be at least 1.")]
    if cap is not None and tiers and cap < tiers[0].min_total_quantity:
        errors["max_total_quantity"] = [_("The cap must allow at least the first tier's quantity.")]
    if cap is not None and cap < min_commitment:
        errors.setdefault("max_total_quantity", []).append(_("The cap must allow at least one minimum commitment."))
    if data["closes_at"] <= timezone.now():
        errors["closes_at"] = [_("Must be in the future.")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)


@transaction.atomic(durable=True)
def pool_create(*, owner: Organization, actor: User | None, data: Mapping[str, Any]) -> Pool:
    """Open a pool for a verified supplier; the closing task is queued for closes_at after commit."""
    if owner.kind != OrganizationKind.SUPPLIER or owner.status != OrganizationStatus.VERIFIED:
        raise NotAllowed(_("Only verified supplier organisations may open pools."))
    tiers = [
        Tier(min_total_quantity=t["min_total_quantity"], unit_price=quantize_money(t["unit_price"]))
        for t in data.get("tiers") or []
    ]
    item = pool_item_fields(data.get("item") or {})
    pool_tiers_check(tiers)
    _check_quantities(data, tiers)
    pool = Pool.objects.create(
        owner=owner,
        created_by=actor,
        title=data["title"],
        unit=data["unit"],
        min_commitment=data["min_commitment"],
        max_total_quantity=data.get("max_total_quantity"),
        closes_at=data["closes_at"],
        delivery_city=data["delivery_city"],
        lead_time_days=data["lead_time_days"],
        **item,
    )
    PoolTier.objects.bulk_create(
        [
            PoolTier(pool=pool, position=index + 1, min_total_quantity=t.min_total_quantity, unit_price=t.unit_price)
            for index, t in enumerate(tiers)
        ]
    )
    pool_event_record(pool=pool, from_status="", actor=actor)
    pool_close_schedule_if_near(pool=pool)
    return pool


def pool_close_schedule_if_near(*, pool: Pool, now: Any = None) -> bool:
    """Queue the closing task (eta closes_at) once, when the close is within the horizon.

    A far-off ETA message would outlive the broker's visibility timeout and come back twice.
    """
    now = now or timezone.now()
    horizon = timedelta(seconds=settings.MARKETPLACE_POOL_CLOSE_ETA_HORIZON_SECONDS)
    if pool.status != PoolStatus.OPEN or pool.closes_at > now + horizon:
        return False
    claimed = Pool.objects.filter(pk=pool.pk, close_scheduled_at__isnull=True).update(close_scheduled_at=now)
    if claimed:
        pool.close_scheduled_at = now
        transaction.on_commit(partial(_queue_close, pool.pk, pool.closes_at))
    return bool(claimed)


def _queue_close(pool_id: int, closes_at: Any) -> None:
    from marketplace.pools.tasks import pool_close  # noqa: PLC0415 - tasks import services

    try:
        pool_close.apply_async((pool_id,), eta=closes_at)
    except Exception:
        # A broker outage must not fail the request: the sweep queues the task again or closes the pool.
        logger.warning("Broker unavailable; the closing task of pool %s is left for the sweep", pool_id, exc_info=True)
        Pool.objects.filter(pk=pool_id).update(close_scheduled_at=None)
