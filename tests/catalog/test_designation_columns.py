"""Designation → attribute columns, written once for listings, RFQ lines, pools and custom requests."""

from decimal import Decimal

from catalog.services.parsing import PARSED_FIELDS, designation_columns, parsed_attributes


def test_a_recognized_designation_fills_every_column_and_names_its_brand() -> None:
    columns = designation_columns("SKF 6205-2RS C3", brand_code=None)
    assert columns["recognized"] is True
    assert columns["brand"] == "SKF"
    assert (columns["base_designation"], columns["seal"], columns["clearance"]) == ("6205", "2RS", "C3")
    assert (columns["bore_mm"], columns["outer_diameter_mm"], columns["width_mm"]) == (
        Decimal("25.00"),
        Decimal("52.00"),
        Decimal("15.00"),
    )
    assert columns["canonical"] == "6205-2RS C3"


def test_an_unrecognized_or_empty_designation_leaves_every_column_blank() -> None:
    for text in ("NOT A BEARING", ""):
        columns = designation_columns(text, brand_code="SKF")
        assert columns["recognized"] is False
        assert {columns[name] for name in ("brand", "base_designation", "variant", "seal", "canonical")} == {""}
        assert columns["bore_mm"] is None


def test_stated_attributes_win_and_the_canonical_name_follows_them() -> None:
    columns = designation_columns("6205", brand_code=None, stated={"clearance": "C3", "seal": "", "bore_mm": None})
    assert (columns["seal"], columns["clearance"], columns["canonical"]) == ("open", "C3", "6205 C3")
    assert columns["bore_mm"] == Decimal("25.00")


def test_stated_dimensions_make_a_dimensional_line() -> None:
    stated = {"bore_mm": Decimal("25"), "outer_diameter_mm": Decimal("52"), "width_mm": Decimal("15.5")}
    columns = designation_columns("", brand_code=None, stated=stated)
    assert columns["recognized"] is False
    assert (columns["bore_mm"], columns["width_mm"], columns["canonical"]) == (Decimal("25.00"), Decimal("15.50"), "")


def test_a_listings_columns_are_the_same_parse_plus_its_search_columns() -> None:
    listing = parsed_attributes("6205-2RS C3", "ZWZ")
    shared = designation_columns("6205-2RS C3", brand_code="ZWZ")
    assert set(listing) == set(PARSED_FIELDS)
    assert {name: listing[name] for name in shared if name != "brand"} == {
        name: value for name, value in shared.items() if name != "brand"
    }
    assert listing["precision_rank"] == 0
