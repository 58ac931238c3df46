"""A trigram index on Listing.search_key so `LIKE '%…%'` searches use an index (PostgreSQL only).

SQLite, the embedded default, has no pg_trgm; there the plain b-tree index is all there is.
"""

from django.db import migrations

CREATE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS listing_search_key_trgm_idx ON catalog_listing USING gin (search_key gin_trgm_ops)",
)
DROP = ("DROP INDEX IF EXISTS listing_search_key_trgm_idx",)


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_listing_imports_soft_delete")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False)]
