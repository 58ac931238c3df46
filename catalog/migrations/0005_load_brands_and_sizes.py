"""Load the Brand table and the BearingSize table from the designation engine's shipped data.

Idempotent: rows are matched by code / base designation and updated in place, so re-running
after the data grows adds the new rows.
"""

from django.db import migrations


def load(apps, schema_editor):
    from catalog.designations import BRANDS, DIMENSION_ROWS

    Brand = apps.get_model("catalog", "Brand")
    BearingSize = apps.get_model("catalog", "BearingSize")
    for brand in BRANDS:
        Brand.objects.update_or_create(
            code=brand.code,
            defaults={
                "name": brand.latin_name,
                "name_zh": brand.chinese_name or "",
                "aliases": list(getattr(brand, "aliases", ())),
                "origin": getattr(brand, "origin_country", "") or getattr(brand, "origin", "") or "",
                "is_premium": bool(brand.premium),
            },
        )
    existing = set(BearingSize.objects.values_list("base_designation", flat=True))
    BearingSize.objects.bulk_create(
        [
            BearingSize(
                base_designation=row.base_designation,
                bearing_type=row.bearing_type,
                bore_mm=row.bore_mm,
                outer_diameter_mm=row.outer_diameter_mm,
                width_mm=row.width_mm,
                source=(row.source or "")[:200],
            )
            for row in DIMENSION_ROWS
            if row.base_designation not in existing
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_listing_search_key_trigram")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
