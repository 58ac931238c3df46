"""A large import leaves the listing tables vacuumed and analysed (the matcher's index-only scans
need the visibility map); a small one leaves that to autovacuum."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/v1/listing-imports/"
HEADER = "sku,brand,designation,quantity_available,unit_price,moq,lead_time_days,warehouse_city\n"
ROWS = "S1,SKF,6205-2RSH/C3,100,12.50,10,3,Linqing\nS2,NSK,6206DDU,5,8.8,,,\nS3,ZWZ,6204-2RS,7,3.10,,,\n"


def last_vacuum() -> object:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT last_vacuum, last_analyze FROM pg_stat_user_tables WHERE relname = 'catalog_listing'")
        return cursor.fetchone()


def run_import(client) -> dict:
    response = client.post(URL, {"file": SimpleUploadedFile("p.csv", (HEADER + ROWS).encode())}, format="multipart")
    assert response.status_code == 202, response.content
    body = client.get(f"{URL}{response.json()['id']}/").json()
    assert (body["status"], body["created"]) == ("done", 3)
    return body


def test_import_over_the_threshold_vacuums_and_analyses_the_listing_table(supplier_client, settings) -> None:
    settings.MARKETPLACE_IMPORT_VACUUM_ROWS = 3
    before = last_vacuum()
    run_import(supplier_client)
    after = last_vacuum()
    assert after[0] is not None
    assert after[0] != before[0]
    assert after[1] is not None
    assert after[1] != before[1]


def test_import_under_the_threshold_leaves_vacuum_to_autovacuum(supplier_client, settings) -> None:
    settings.MARKETPLACE_IMPORT_VACUUM_ROWS = 4
    before = last_vacuum()
    run_import(supplier_client)
    assert last_vacuum()[0] == before[0]


def test_listing_tables_autovacuum_after_one_percent_changed() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN ('catalog_listing', 'catalog_pricebreak')"
        )
        options = dict(cursor.fetchall())
    for table in ("catalog_listing", "catalog_pricebreak"):
        assert "autovacuum_vacuum_scale_factor=0.01" in options[table]
        assert "autovacuum_vacuum_insert_scale_factor=0.01" in options[table]
        assert "autovacuum_analyze_scale_factor=0.01" in options[table]
