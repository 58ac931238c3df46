"""The families beyond the standard series in the catalog: reference tables loaded by the migrations,
brand tiers, listing columns filled on write, search by dimensions and the parse endpoint."""

from decimal import Decimal

import pytest
from django.test import Client

from catalog.models import BearingSize, Brand
from catalog.reference_data import listings_reparse, reference_data_load
from tests.catalog.factories import ListingFactory, listing_payload
from tests.factories import UserFactory

URL = "/api/v1/listings/"
PARSE = "/api/v1/designations/parse/"

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_migrations_load_the_family_tables_with_null_dimensions_where_a_family_has_none() -> None:
    rod_end = BearingSize.objects.get(base_designation="SI20ES")
    assert (rod_end.bearing_type, rod_end.bore_mm, rod_end.outer_diameter_mm, rod_end.width_mm) == (
        "rod_end",
        Decimal(20),
        None,
        Decimal(16),
    )
    sleeve = BearingSize.objects.get(base_designation="H314")
    assert (sleeve.bore_mm, sleeve.outer_diameter_mm, sleeve.width_mm) == (Decimal(60), None, None)
    assert BearingSize.objects.get(base_designation="DAC35720033").outer_diameter_mm == Decimal(72)


def test_width_per_closure_is_kept_as_its_own_row() -> None:
    rows = dict(BearingSize.objects.filter(base_designation="R8").values_list("closure", "width_mm"))
    assert rows == {"": Decimal("6.350"), "closed": Decimal("7.938")}


def test_inch_sizes_are_stored_to_a_thousandth() -> None:
    size = BearingSize.objects.get(base_designation="LM11949/LM11910")
    assert (size.bore_mm, size.outer_diameter_mm, size.width_mm) == (
        Decimal("19.050"),
        Decimal("45.237"),
        Decimal("15.494"),  # not whole 64ths of an inch: as printed
    )


def test_reference_load_is_idempotent() -> None:
    before = BearingSize.objects.count()
    assert reference_data_load()[1] == 0
    assert BearingSize.objects.count() == before


@pytest.mark.parametrize(
    ("code", "tier"),
    [("SKF", "international"), ("THK", "international"), ("NMB", "international"), ("FYH", "international"),
     ("IKO", "international"), ("TIMKEN", "international"), ("ZWZ", "domestic"), ("C&U", "domestic"),
     ("HIWIN", "domestic")],
)  # fmt: skip
def test_brand_tier_is_set_by_the_migration(code: str, tier: str) -> None:
    assert Brand.objects.get(code=code).tier == tier


def test_brand_admin_shows_the_tier() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(UserFactory(organization=None, is_staff=True, is_superuser=True))
    response = client.get("/admin/catalog/brand/?tier=international")
    assert response.status_code == 200
    assert b"THK" in response.content
    assert b"ZWZ" not in response.content


def test_listing_columns_follow_the_family_conventions(supplier_client) -> None:
    response = supplier_client.post(
        URL, listing_payload(sku="INCH-1", designation="1640-2RS", brand="ZWZ"), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["base_designation"], body["bearing_type"], body["seal"]) == ("1640", "deep_groove_ball", "2RS")
    assert (body["bore_mm"], body["outer_diameter_mm"], body["width_mm"]) == ("22.225", "50.8", "14.288")
    response = supplier_client.post(URL, listing_payload(sku="ROD-1", designation="SI20ES", brand="ZWZ"), format="json")
    body = response.json()
    assert (body["bearing_type"], body["bore_mm"], body["outer_diameter_mm"], body["width_mm"]) == (
        "rod_end",
        "20",
        None,
        "16",
    )


def test_search_by_dimensions_finds_the_new_families(buyer_client, supplier) -> None:
    rod = ListingFactory(supplier=supplier, brand="ZWZ", designation="SI20ES")
    plain = ListingFactory(supplier=supplier, brand="ZWZ", designation="GE20ES-2RS")
    inch = ListingFactory(supplier=supplier, brand="ZWZ", designation="1640-2RS")
    hub = ListingFactory(supplier=supplier, brand="C&U", designation="DAC35720033")
    sleeve = ListingFactory(supplier=supplier, brand="ZWZ", designation="H314")
    assert ids(buyer_client.get(URL, {"bore_mm": "20", "width_mm": "16"})) == {rod.pk, plain.pk}
    assert ids(buyer_client.get(URL, {"bore_mm": "20", "bearing_type": "rod_end"})) == {rod.pk}
    assert ids(buyer_client.get(URL, {"outer_diameter_mm": "35", "bearing_type": "spherical_plain"})) == {plain.pk}
    assert ids(buyer_client.get(URL, {"bore_mm": "35", "outer_diameter_mm": "72", "width_mm": "33"})) == {hub.pk}
    assert ids(buyer_client.get(URL, {"bore_mm": "60", "bearing_type": "accessory"})) == {sleeve.pk}
    # 9/16 in printed 14.287 by one catalogue and 14.288 by another: the same width.
    assert ids(buyer_client.get(URL, {"bore_mm": "22.225", "width_mm": "14.287"})) == {inch.pk}
    assert ids(buyer_client.get(URL, {"bore_mm": "22.225", "width_mm": "14.288"})) == {inch.pk}
    assert ids(buyer_client.get(URL, {"bore_mm": "22.23"})) == set()


def test_q_search_reads_the_family_notation(buyer_client, supplier) -> None:
    thk = ListingFactory(supplier=supplier, brand="THK", designation="LM20UU")
    generic = ListingFactory(supplier=supplier, brand="HIWIN", designation="LM 20 UU")
    ListingFactory(supplier=supplier, brand="ZWZ", designation="LM20")
    assert ids(buyer_client.get(URL, {"q": "LM20UU"})) == {thk.pk, generic.pk}


def test_bad_bearing_type_is_400(buyer_client) -> None:
    assert buyer_client.get(URL, {"bearing_type": "housing"}).status_code == 400


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SA20ES", {"bearing_type": "rod_end", "bore_mm": "20", "outer_diameter_mm": None, "width_mm": "16"}),
        ("KM8", {"bearing_type": "accessory", "bore_mm": "40", "outer_diameter_mm": None, "width_mm": None}),
        ("UCP205", {"bearing_type": "insert_unit", "bore_mm": "25", "outer_diameter_mm": None, "width_mm": None}),
        ("R8-2RS", {"bearing_type": "deep_groove_ball", "bore_mm": "12.7", "outer_diameter_mm": "28.575",
                    "width_mm": "7.938"}),
        ("THK LM12UU", {"bearing_type": "linear_ball", "brand": "THK", "canonical": "LM12-2RS"}),
        ("日本NSK 6204ZZ", {"brand": "NSK", "canonical": "6204-2Z"}),
    ],
)  # fmt: skip
def test_parse_endpoint_renders_null_dimensions(buyer_client, text: str, expected: dict) -> None:
    body = buyer_client.get(PARSE, {"q": text}).json()
    assert body["recognized"] is True
    assert {k: body[k] for k in expected} == expected


def test_reparse_brings_old_listings_up_to_date(supplier) -> None:
    listing = ListingFactory(supplier=supplier, brand="ZWZ", designation="1640-2RS")
    type(listing).objects.filter(pk=listing.pk).update(base_designation="2340", bearing_type="self_aligning_ball")
    assert listings_reparse() == 1
    listing.refresh_from_db()
    assert (listing.base_designation, listing.bearing_type) == ("1640", "deep_groove_ball")
    assert listings_reparse() == 0
