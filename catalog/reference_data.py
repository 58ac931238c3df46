"""Loading the Brand and BearingSize tables from the designation engine's shipped data.

Used by the data migrations (with historical models) and by tests after a database flush.
Idempotent: brands are matched by code and updated; sizes are matched by base designation (and
closure, once the table has that column) and their dimensions brought up to date. A historical
model from before the family tables (no `closure`, outside diameter not nullable, no `tier`) gets
only what it can hold; the later migration adds the rest.
"""

from typing import Any


def _field_names(model: Any) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def reference_data_load(brand_model: Any = None, size_model: Any = None) -> tuple[int, int]:
    """Upsert brands and bearing sizes; returns (brands, sizes added)."""
    from catalog.designations import BRANDS, DIMENSION_ROWS  # noqa: PLC0415 - loaded only when needed

    if brand_model is None or size_model is None:
        from catalog.models import BearingSize, Brand  # noqa: PLC0415 - the migration passes historical models

        brand_model, size_model = brand_model or Brand, size_model or BearingSize
    with_tier = "tier" in _field_names(brand_model)
    for brand in BRANDS:
        defaults = {
            "name": brand.latin_name,
            "name_zh": brand.chinese_name or "",
            "aliases": list(getattr(brand, "aliases", ())),
            "origin": getattr(brand, "origin_country", "") or "",
            "is_premium": bool(brand.premium),
        }
        if with_tier:
            defaults["tier"] = brand.tier
        brand_model.objects.update_or_create(code=brand.code, defaults=defaults)
    return len(BRANDS), _sizes_load(size_model, DIMENSION_ROWS)


def _sizes_load(size_model: Any, rows: Any) -> int:
    with_closure = "closure" in _field_names(size_model)
    nullable = size_model._meta.get_field("outer_diameter_mm").null
    existing = {
        (base, closure if with_closure else ""): pk
        for pk, base, closure in (
            size_model.objects.values_list("pk", "base_designation", "closure")
            if with_closure
            else ((pk, base, "") for pk, base in size_model.objects.values_list("pk", "base_designation"))
        )
    }
    new, changed = [], []
    for row in rows:
        if not with_closure and row.closure:
            continue
        if not nullable and (row.outer_diameter_mm is None or row.width_mm is None):
            continue
        fields = {
            "base_designation": row.base_designation,
            "bearing_type": row.bearing_type,
            "bore_mm": row.bore_mm,
            "outer_diameter_mm": row.outer_diameter_mm,
            "width_mm": row.width_mm,
            "source": (row.source or "")[:200],
        }
        if with_closure:
            fields["closure"] = row.closure
        key = (row.base_designation, row.closure)
        if key in existing:
            changed.append(size_model(pk=existing[key], **fields))
            continue
        existing[key] = None
        new.append(size_model(**fields))
    size_model.objects.bulk_create(new, batch_size=1000)
    if changed:
        size_model.objects.bulk_update(
            changed, ["bearing_type", "bore_mm", "outer_diameter_mm", "width_mm", "source"], batch_size=1000
        )
    return len(new)


def listings_reparse(listing_model: Any = None, batch_size: int = 2000) -> int:
    """Re-derive every listing's parsed columns with the current engine; returns how many changed."""
    from catalog.services.parsing import PARSED_FIELDS, parsed_attributes  # noqa: PLC0415

    if listing_model is None:
        from catalog.models import Listing  # noqa: PLC0415 - the migration passes the historical model

        listing_model = Listing
    changed: list[Any] = []
    total = 0
    rows = listing_model.objects.select_related("brand").order_by("pk").iterator(chunk_size=batch_size)
    for listing in rows:
        attributes = parsed_attributes(listing.designation, listing.brand.code)
        if all(getattr(listing, name) == value for name, value in attributes.items()):
            continue
        for name, value in attributes.items():
            setattr(listing, name, value)
        changed.append(listing)
        if len(changed) >= batch_size:
            listing_model.objects.bulk_update(changed, PARSED_FIELDS)
            total += len(changed)
            changed = []
    if changed:
        listing_model.objects.bulk_update(changed, PARSED_FIELDS)
        total += len(changed)
    return total
