from django.db import migrations, models


def fill_canonical(apps, schema_editor):
    """Lines placed before the column existed: the listing's canonical form, or the designation parsed."""
    from catalog.designations import parse

    OrderLine = apps.get_model("orders", "OrderLine")
    batch = []
    for line in OrderLine.objects.select_related("listing").only("pk", "brand", "designation", "listing__canonical"):
        if line.listing_id is not None:
            line.canonical = line.listing.canonical
        elif line.designation:
            line.canonical = (parse(line.designation, brand=line.brand or None).canonical or "")[:120]
        if line.canonical:
            batch.append(line)
        if len(batch) >= 2000:
            OrderLine.objects.bulk_update(batch, ["canonical"])
            batch = []
    OrderLine.objects.bulk_update(batch, ["canonical"])


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0004_order_origins_line_description"),
        ("catalog", "0009_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="orderline",
            name="canonical",
            field=models.CharField(blank=True, db_index=True, max_length=120, verbose_name="canonical designation"),
        ),
        migrations.RunPython(fill_canonical, migrations.RunPython.noop),
    ]
