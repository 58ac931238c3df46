"""Load the Brand and BearingSize tables from the designation engine's shipped data."""

from django.db import migrations


def load(apps, schema_editor):
    from catalog.reference_data import reference_data_load

    reference_data_load(apps.get_model("catalog", "Brand"), apps.get_model("catalog", "BearingSize"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_listing_search_key_trigram")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
