"""Loading the Brand and BearingSize tables from the designation engine's shipped data.

Used by the data migration (with historical models) and by tests after a database flush.
Idempotent: brands are matched by code and updated; missing sizes are added.
"""

from typing import Any


def reference_data_load(brand_model: Any = None, size_model: Any = None) -> tuple[int, int]:
    """Upsert brands and add missing bearing sizes; returns (brands, sizes added)."""
    from catalog.designations import BRANDS, DIMENSION_ROWS  # noqa: PLC0415 - loaded only when needed

    if brand_model is None or size_model is None:
        from catalog.models import BearingSize, Brand  # noqa: PLC0415 - the migration passes historical models

        brand_model, size_model = brand_model or Brand, size_model or BearingSize
    for brand in BRANDS:
        brand_model.objects.update_or_create(
            code=brand.code,
            defaults={
                "name": brand.latin_name,
                "name_zh": brand.chinese_name or "",
                "aliases": list(getattr(brand, "aliases", ())),
                "origin": getattr(brand, "origin_country", "") or "",
                "is_premium": bool(brand.premium),
            },
        )
    existing = set(size_model.objects.values_list("base_designation", flat=True))
    sizes = []
    for row in DIMENSION_ROWS:
        if row.base_designation in existing:
            continue
        existing.add(row.base_designation)
        sizes.append(
            size_model(
                base_designation=row.base_designation,
                bearing_type=row.bearing_type,
                bore_mm=row.bore_mm,
                outer_diameter_mm=row.outer_diameter_mm,
                width_mm=row.width_mm,
                source=(row.source or "")[:200],
            )
        )
    size_model.objects.bulk_create(sizes, batch_size=1000)
    return len(BRANDS), len(sizes)
