"""Load the family dimension tables and the new makers, set every brand's tier, and re-read listings.

Listings are re-parsed because the engine now reads families it left unrecognised (and reads 16xx
inch bearings as inch, not as old self-aligning codes); their columns must follow.
"""

from django.db import migrations


def load(apps, schema_editor):
    from catalog.reference_data import listings_reparse, reference_data_load

    brand, size = apps.get_model("catalog", "Brand"), apps.get_model("catalog", "BearingSize")
    reference_data_load(brand, size)
    # Brands an admin added by hand are domestic unless they are one of the international makers.
    from catalog.designations.brands import INTERNATIONAL

    brand.objects.filter(code__in=INTERNATIONAL).update(tier="international")
    listings_reparse(apps.get_model("catalog", "Listing"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0012_bearing_families_brand_tier")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
