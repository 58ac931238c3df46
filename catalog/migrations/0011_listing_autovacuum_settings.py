"""Autovacuum of the listing tables after 1 % of their rows changed instead of PostgreSQL's 20 %
(PostgreSQL only; SQLite has no autovacuum).

Every stock change is a non-HOT update that clears the page's all-visible bit, and the
matcher's index-only scans then fetch the heap for each entry on such a page; at 30 M listings
the default thresholds wait for 6 M changed rows. Large imports also vacuum as they finish
(`catalog_tables_maintain`).
"""

from django.db import migrations

TABLES = ("catalog_listing", "catalog_pricebreak")
OPTIONS = (
    "autovacuum_vacuum_scale_factor = 0.01",
    "autovacuum_vacuum_insert_scale_factor = 0.01",
    "autovacuum_analyze_scale_factor = 0.01",
)


def set_options(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} SET ({', '.join(OPTIONS)})")


def reset_options(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        names = ", ".join(option.split(" = ")[0] for option in OPTIONS)
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} RESET ({names})")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0010_listing_drop_redundant_fk_indexes")]

    operations = [migrations.RunPython(set_options, reset_options, elidable=False)]
