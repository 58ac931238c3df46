"""Settlements made before escrow are held until delivery + the claim window, then released by the sweep."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import migrations, models


def backfill_release_at(apps: object, schema_editor: object) -> None:
    Settlement = apps.get_model("settlement", "Settlement")  # type: ignore[attr-defined]
    window = timedelta(seconds=float(Decimal(settings.MARKETPLACE_CLAIM_WINDOW_HOURS) * 3600))
    for settlement in Settlement.objects.filter(release_at__isnull=True).select_related("order").iterator():
        delivered = settlement.order.delivered_at or settlement.settled_at
        Settlement.objects.filter(pk=settlement.pk).update(release_at=delivered + window)


class Migration(migrations.Migration):
    dependencies = [("settlement", "0005_escrow_refunds")]

    operations = [
        migrations.RunPython(backfill_release_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="settlement", name="release_at", field=models.DateTimeField(verbose_name="release at")
        ),
    ]
