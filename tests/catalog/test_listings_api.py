from decimal import Decimal

import pytest

from catalog.models import Listing, PriceBreak
from tests.catalog.factories import ListingFactory, listing_payload
from tests.factories import OrganizationFactory

URL = "/api/v1/listings/"

pytestmark = pytest.mark.django_db


def detail(listing_id: int) -> str:
    return f"{URL}{listing_id}/"


def test_supplier_creates_listing_with_parsed_attributes(supplier_client, supplier) -> None:
    response = supplier_client.post(URL, listing_payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["supplier"] == supplier.pk
    assert body["brand"] == "SKF"
    assert body["currency"] == "CNY"
    assert body["recognized"] is True
    assert body["base_designation"] == "6205"
    assert body["bearing_type"] == "deep_groove_ball"
    assert body["seal"] == "2RS"
    assert body["clearance"] == "C3"
    assert body["precision"] == "P0"
    assert (body["bore_mm"], body["outer_diameter_mm"], body["width_mm"]) == ("25", "52", "15")
    assert body["canonical"] == "6205-2RS C3"
    assert body["price_breaks"] == [
        {"min_quantity": 1, "unit_price": "12.50"},
        {"min_quantity": 100, "unit_price": "11.00"},
    ]
    assert body["unit_price"] == "12.50"
    assert body["quantity_available"] == 100
    assert body["is_active"] is True
    assert isinstance(body["id"], int)


def test_create_response_has_every_input_field(supplier_client) -> None:
    body = supplier_client.post(URL, listing_payload(), format="json").json()
    for name, value in listing_payload().items():
        if name != "price_breaks":
            assert body[name] == value, name


def test_brand_accepted_by_chinese_alias(supplier_client) -> None:
    response = supplier_client.post(URL, listing_payload(brand="瓦轴", designation="6205-2RS/C3"), format="json")
    assert response.status_code == 201
    assert response.json()["brand"] == "ZWZ"


def test_brand_accepted_case_insensitively(supplier_client) -> None:
    response = supplier_client.post(URL, listing_payload(brand="nsk", designation="6205DDUC3"), format="json")
    assert response.status_code == 201
    assert response.json()["brand"] == "NSK"
    assert response.json()["canonical"] == "6205-2RS C3"


def test_unknown_brand_is_400_naming_brand(supplier_client) -> None:
    response = supplier_client.post(URL, listing_payload(brand="ACME"), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "brand" in response.json()["errors"]


def test_unrecognized_designation_is_accepted_with_null_attributes(supplier_client) -> None:
    response = supplier_client.post(URL, listing_payload(designation="XYZ-SPECIAL-77"), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["recognized"] is False
    assert body["base_designation"] is None
    assert body["seal"] is None
    assert body["bore_mm"] is None


def test_buyer_cannot_create_listing(buyer_client) -> None:
    response = buyer_client.post(URL, listing_payload(), format="json")
    assert response.status_code == 403
    assert not Listing.objects.exists()


def test_unauthenticated_is_401(api_client) -> None:
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, listing_payload(), format="json").status_code == 401


def test_duplicate_sku_for_same_supplier_is_400(supplier_client) -> None:
    supplier_client.post(URL, listing_payload(), format="json")
    response = supplier_client.post(URL, listing_payload(), format="json")
    assert response.status_code == 400
    assert "sku" in response.json()["errors"]


def test_same_sku_at_two_suppliers_is_fine(supplier_client, make_client) -> None:
    other = make_client(OrganizationFactory(kind="supplier"))
    assert supplier_client.post(URL, listing_payload(), format="json").status_code == 201
    assert other.post(URL, listing_payload(), format="json").status_code == 201


def test_client_cannot_set_parsed_or_owner_fields(supplier_client, supplier) -> None:
    other = OrganizationFactory(kind="supplier")
    payload = listing_payload(
        supplier=other.pk,
        recognized=False,
        base_designation="9999",
        seal="open",
        canonical="forged",
        is_active=False,
        currency="USD",
        id=424242,
        quantity_reserved=50,
    )
    body = supplier_client.post(URL, payload, format="json").json()
    listing = Listing.objects.get(pk=body["id"])
    assert listing.supplier_id == supplier.pk
    assert (listing.recognized, listing.base_designation, listing.seal) == (True, "6205", "2RS")
    assert listing.canonical == "6205-2RS C3"
    assert listing.is_active is True
    assert listing.currency == "CNY"
    assert listing.pk != 424242
    assert listing.quantity_reserved == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("quantity_available", "lots"),
        ("quantity_available", -1),
        ("quantity_available", 2**64),
        ("moq", 0),
        ("moq", None),
        ("lead_time_days", 10**30),
        ("sku", ""),
        ("sku", "x" * 65),
        ("sku", ["a"]),
        ("designation", None),
        ("designation", {"a": 1}),
        ("warehouse_city", 12.5),
        ("price_breaks", []),
        ("price_breaks", "cheap"),
        ("price_breaks", [{"min_quantity": 1, "unit_price": "0"}]),
        ("price_breaks", [{"min_quantity": 1, "unit_price": "-3"}]),
        ("price_breaks", [{"min_quantity": 1, "unit_price": "1.234"}]),
        ("price_breaks", [{"min_quantity": 1, "unit_price": "NaN"}]),
        ("price_breaks", [{"min_quantity": 1, "unit_price": "1e400"}]),
        ("price_breaks", [{"min_quantity": 0, "unit_price": "1"}]),
        ("price_breaks", [{"min_quantity": 1}]),
        ("price_breaks", [{"min_quantity": 1, "unit_price": "1"}, {"min_quantity": 1, "unit_price": "2"}]),
        ("price_breaks", [{"min_quantity": 50, "unit_price": "1"}]),
        ("price_breaks", ["x"]),
    ],
)
def test_bad_input_is_400_naming_the_field(supplier_client, field, value) -> None:
    response = supplier_client.post(URL, listing_payload(**{field: value}), format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid"
    assert any(key.startswith(field) for key in body["errors"]), body


def test_smallest_break_above_moq_is_400(supplier_client) -> None:
    payload = listing_payload(moq=5, price_breaks=[{"min_quantity": 10, "unit_price": "1.00"}])
    response = supplier_client.post(URL, payload, format="json")
    assert response.status_code == 400
    assert "price_breaks" in response.json()["errors"]


def test_missing_required_fields_are_all_named(supplier_client) -> None:
    response = supplier_client.post(URL, {}, format="json")
    assert response.status_code == 400
    assert {"sku", "brand", "designation", "quantity_available", "price_breaks"} <= set(response.json()["errors"])


def test_body_that_is_not_an_object_is_400(supplier_client) -> None:
    response = supplier_client.post(URL, [1, 2], format="json")
    assert response.status_code == 400


def test_owner_reads_updates_and_deletes(supplier_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier)
    assert supplier_client.get(detail(listing.pk)).status_code == 200
    response = supplier_client.patch(detail(listing.pk), {"quantity_available": 7, "moq": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["quantity_available"] == 7
    assert supplier_client.delete(detail(listing.pk)).status_code == 204
    assert not Listing.objects.filter(pk=listing.pk).exists()


def test_put_replaces_every_field_and_reparses(supplier_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier, sku="S1")
    payload = listing_payload(
        sku="S1", brand="NSK", designation="6206ZZ", price_breaks=[{"min_quantity": 1, "unit_price": "9.90"}]
    )
    response = supplier_client.put(detail(listing.pk), payload, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["brand"], body["base_designation"], body["seal"], body["clearance"]) == ("NSK", "6206", "2Z", "CN")
    assert body["unit_price"] == "9.90"
    assert PriceBreak.objects.filter(listing=listing).count() == 1


def test_put_without_required_fields_is_400(supplier_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier)
    response = supplier_client.put(detail(listing.pk), {"moq": 2}, format="json")
    assert response.status_code == 400
    assert "sku" in response.json()["errors"]


def test_patch_designation_reparses(supplier_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier)
    response = supplier_client.patch(detail(listing.pk), {"designation": "22220EK"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["base_designation"] == "22220"
    assert body["canonical"] == "22220 K"
    assert body["price_breaks"] == [{"min_quantity": 1, "unit_price": "12.50"}]


def test_patch_moq_below_smallest_break_is_400(supplier_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier, moq=10, price_breaks=[{"min_quantity": 10, "unit_price": "1.00"}])
    response = supplier_client.patch(detail(listing.pk), {"moq": 5}, format="json")
    assert response.status_code == 400
    assert "price_breaks" in response.json()["errors"]


def test_patch_cannot_change_owner_or_parsed_fields(supplier_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier)
    other = OrganizationFactory(kind="supplier")
    payload = {"supplier": other.pk, "recognized": False, "canonical": "x", "is_active": False}
    response = supplier_client.patch(detail(listing.pk), payload, format="json")
    assert response.status_code == 200
    listing.refresh_from_db()
    assert listing.supplier_id == supplier.pk
    assert listing.recognized is True
    assert listing.is_active is True


def test_other_supplier_cannot_write_a_visible_listing(make_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier)
    other = make_client(OrganizationFactory(kind="supplier"))
    assert other.get(detail(listing.pk)).status_code == 200
    assert other.patch(detail(listing.pk), {"moq": 1}, format="json").status_code == 404
    assert other.put(detail(listing.pk), listing_payload(), format="json").status_code == 404
    assert other.delete(detail(listing.pk)).status_code == 404
    assert Listing.objects.filter(pk=listing.pk).exists()


def test_buyer_reads_but_cannot_write(buyer_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier)
    assert buyer_client.get(detail(listing.pk)).status_code == 200
    assert buyer_client.patch(detail(listing.pk), {"moq": 1}, format="json").status_code == 404
    assert buyer_client.delete(detail(listing.pk)).status_code == 404


@pytest.mark.parametrize("status", ["pending", "suspended"])
def test_unverified_suppliers_listings_are_invisible_to_others(buyer_client, make_client, status) -> None:
    org = OrganizationFactory(kind="supplier", status=status)
    listing = ListingFactory(supplier=org)
    assert buyer_client.get(detail(listing.pk)).status_code == 404
    assert listing.pk not in [row["id"] for row in buyer_client.get(URL).json()["results"]]
    owner = make_client(org)
    assert owner.get(detail(listing.pk)).status_code == 200
    assert listing.pk in [row["id"] for row in owner.get(URL).json()["results"]]


def test_pending_supplier_may_create_listings(make_client) -> None:
    client = make_client(OrganizationFactory(kind="supplier", status="pending"))
    assert client.post(URL, listing_payload(), format="json").status_code == 201


def test_inactive_listing_is_visible_only_to_owner(buyer_client, supplier_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier)
    Listing.objects.filter(pk=listing.pk).update(is_active=False)
    assert buyer_client.get(detail(listing.pk)).status_code == 404
    assert supplier_client.get(detail(listing.pk)).json()["is_active"] is False


def test_unknown_and_huge_ids_are_404(supplier_client) -> None:
    assert supplier_client.get(detail(999_999)).status_code == 404
    assert supplier_client.get(detail(2**70)).status_code == 404
    assert supplier_client.patch(detail(2**70), {}, format="json").status_code == 404


def test_stock_update_keeps_open_reservations(supplier_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier, quantity_available=10)
    Listing.objects.filter(pk=listing.pk).update(quantity_reserved=4)
    response = supplier_client.patch(detail(listing.pk), {"quantity_available": 20}, format="json")
    assert response.json()["quantity_available"] == 20
    listing.refresh_from_db()
    assert (listing.quantity_on_hand, listing.quantity_reserved) == (24, 4)


def test_create_is_idempotent_with_key(supplier_client) -> None:
    first = supplier_client.post(URL, listing_payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    second = supplier_client.post(URL, listing_payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Listing.objects.count() == 1


def test_base_unit_price_is_smallest_break(supplier, supplier_client) -> None:
    payload = listing_payload(
        price_breaks=[{"min_quantity": 100, "unit_price": "8.00"}, {"min_quantity": 1, "unit_price": "10.00"}]
    )
    body = supplier_client.post(URL, payload, format="json").json()
    assert body["unit_price"] == "10.00"
    assert Listing.objects.get(pk=body["id"]).base_unit_price == Decimal("10.00")
