"""Designation parser: acceptance sample, brands, normalisation, traps and the public helpers."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from catalog.designations import (
    BRANDS,
    DIMENSION_ROWS,
    bases_with_dimensions,
    dimensions_for,
    normalize_brand,
    parse,
    precision_rank,
    precision_satisfies,
    same_bearing,
    satisfies,
)
from catalog.designations.dimensions import DATA_FILE

SAMPLE_FILE = DATA_FILE.with_name("interchange-sample.csv")
ATTRIBUTES = (
    "base_designation",
    "bearing_type",
    "seal",
    "clearance",
    "precision",
    "bore_mm",
    "outer_diameter_mm",
    "width_mm",
)


def _sample_rows() -> list[dict[str, str]]:
    with SAMPLE_FILE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _sample_rows(), ids=lambda r: f"{r['brand']}:{r['input']}")
def test_interchange_sample_row_parses_to_its_attributes(row: dict[str, str]) -> None:
    result = parse(row["input"], row["brand"] or None).as_dict()
    assert result["recognized"] is True
    assert {a: result[a] for a in ATTRIBUTES} == {a: row[a] for a in ATTRIBUTES}
    if row["brand"]:
        assert result["brand"] == row["brand"]


def test_contract_example_has_the_api_shape() -> None:
    assert parse("NSK 6205DDU C3").as_dict() == {
        "input": "NSK 6205DDU C3",
        "recognized": True,
        "brand": "NSK",
        "base_designation": "6205",
        "bearing_type": "deep_groove_ball",
        "seal": "2RS",
        "clearance": "C3",
        "precision": "P0",
        "bore_mm": "25",
        "outer_diameter_mm": "52",
        "width_mm": "15",
        "canonical": "6205-2RS C3",
    }


@pytest.mark.parametrize(
    "text",
    [
        "6205-2RSH/C3",
        "6205-2RSR-C3",
        "6205DDUC3",
        "6205LLUC3/2AS",
        "6205-2RS/C3",
        "６２０５－２ＲＳ／Ｃ３",
        "6205 2rs c3",
    ],
)
def test_every_makers_writing_of_6205_2rs_c3_has_one_canonical_form(text: str) -> None:
    assert parse(text).canonical == "6205-2RS C3"


def test_unrecognized_text_has_all_attributes_none() -> None:
    result = parse("hello world")
    assert result.recognized is False
    assert {k: v for k, v in result.as_dict().items() if k not in ("input", "recognized")} == dict.fromkeys(
        ("brand", *ATTRIBUTES, "canonical")
    )


@pytest.mark.parametrize(
    "text", ["", "   ", "6205 XYZ", "ZZZ6205", "99999", "6205-2RS-2Z", "6205/C3/C4", "NU206 LLU C3 WHATEVER", "x" * 201]
)
def test_gibberish_and_contradictions_are_not_recognized(text: str) -> None:
    assert parse(text).recognized is False


# --- brands ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "code"),
    [(alias, b.code) for b in BRANDS for alias in (b.code, b.code.lower(), *b.aliases)],
)
def test_every_brand_alias_normalizes_to_its_code(alias: str, code: str) -> None:
    assert normalize_brand(alias) == code


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("NSK 6205DDU", "NSK"),
        ("恩斯克 6205DDU", "NSK"),
        ("瓦轴 6205-2RS", "ZWZ"),
        ("瓦房店轴承 6205-2RS", "ZWZ"),
        ("哈轴6205-2RS", "HRB"),
        ("洛轴 6205-2RS", "LYC"),
        ("人本 6205-2RS", "C&U"),
        ("C&U 6205-2RS", "C&U"),
        ("CU 6205-2RS", "C&U"),
        ("斯凯孚 6205-2RSH", "SKF"),
        ("舍弗勒 6205-2RSR", "FAG"),
        ("INA 6205-2RSR", "FAG"),
        ("光洋 6205ZZ", "KOYO"),
        ("不二越 6205-2NSE", "NACHI"),
        ("铁姆肯 30205", "TIMKEN"),
        ("skf6205-2z", "SKF"),
        ("6205-2RS SKF", "SKF"),
        ("６２０５ＤＤＵ　ＮＳＫ", "NSK"),
    ],
)
def test_brand_written_in_latin_or_chinese_is_recognized(text: str, brand: str) -> None:
    result = parse(text)
    assert result.recognized
    assert result.brand == brand


def test_brand_hint_is_used_when_text_names_no_brand() -> None:
    assert parse("6205DDU", brand="恩斯克").brand == "NSK"
    assert parse("SKF 6205-2Z", brand="NSK").brand == "SKF"


def test_brands_table_has_the_fields_the_migration_loads() -> None:
    codes = [b.code for b in BRANDS]
    assert len(codes) == len(set(codes))
    assert {"SKF", "FAG", "NSK", "NTN", "KOYO", "TIMKEN", "NACHI", "ZWZ", "HRB", "LYC", "C&U"} <= set(codes)
    assert all(len(b.origin_country) == 2 for b in BRANDS)


# --- normalisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("６２０５－２ＲＳ", "6205-2RS"),
        ("  6205   -  2rs  ", "6205-2RS"),
        ("6205—2RS", "6205-2RS"),
        ("nu 206 ecp", "NU206"),
        ("6805", "61805"),
        ("6905-2RS", "61905-2RS"),
        ("695ZZ", "619/5-2Z"),
        ("608ZZ", "608-2Z"),
        ("62/22-2RS", "62/22-2RS"),
        ("4T-30205", "30205"),
        ("HR30205J", "30205"),
        ("30205JR", "30205"),
        ("LM11949/10", "LM11949/LM11910"),
        ("LM67048/LM67010", "LM67048/LM67010"),
        ("HM212049/10", "HM212049/HM212010"),
        ("UCP205", "UCP205"),
        ("UCFL 206", "UCFL206"),
        ("6205 ABEC-5", "6205 P5"),
        ("6205/P63", "6205 C3 P6"),
    ],
)
def test_input_as_people_type_it(text: str, canonical: str) -> None:
    assert parse(text).canonical == canonical


# --- traps ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "brand"), [("6205-2RSL", "SKF"), ("6205LLH", "NTN"), ("6205-2RD", "KOYO")])
def test_low_friction_seal_is_2rs_but_never_the_same_bearing_as_ordinary_2rs(text: str, brand: str) -> None:
    low_friction = parse(text, brand)
    assert low_friction.seal == "2RS"
    assert low_friction.variant == "LF"
    assert low_friction.canonical == "6205-2RS LF"
    assert not same_bearing(low_friction, parse("6205-2RS"))


@pytest.mark.parametrize(("text", "brand"), [("6205ZZCM", "NSK"), ("6205LLUCM", "NTN")])
def test_cm_clearance_stays_cm_and_does_not_match_c3(text: str, brand: str) -> None:
    result = parse(text, brand)
    assert result.clearance == "CM"
    assert not same_bearing(result, parse(text.replace("CM", "C3"), brand))


@pytest.mark.parametrize(
    ("text", "brand", "base"),
    [
        ("7205", "NTN", "7205A"),
        ("7205", "NSK", "7205A"),
        ("7205A", "NSK", "7205A"),
        ("7205", None, "7205"),
        ("7205", "SKF", "7205"),
        ("7205 BEP", "SKF", "7205B"),
        ("7205B", "NTN", "7205B"),
        ("7205-B-XL-TVP", "FAG", "7205B"),
        ("7205AC", None, "7205AC"),
        ("7205A5", "NSK", "7205AC"),
        ("7205C", None, "7205C"),
    ],
)
def test_angular_contact_angle_belongs_to_the_base(text: str, brand: str | None, base: str) -> None:
    result = parse(text, brand)
    assert result.base_designation == base
    assert result.bore_mm == Decimal(25)
    assert result.outer_diameter_mm == Decimal(52)


def test_ntn_7205_is_not_skf_7205_be() -> None:
    assert not same_bearing(parse("7205", "NTN"), parse("7205 BEP", "SKF"))


@pytest.mark.parametrize(
    ("text", "variant"),
    [
        ("22220 EK/C3", "K"),
        ("22220-E1-XL-K", "K"),
        ("23120 CCK30/W33", "K30"),
        ("6205N", "N"),
        ("6205NR", "NR"),
        ("6205-2ZNR", "NR"),
        ("6205ZZNR", "NR"),
        ("W6205-2Z", "SS"),
    ],
)
def test_features_that_make_a_different_bearing_go_to_variant(text: str, variant: str) -> None:
    result = parse(text)
    assert result.variant == variant
    assert variant in result.canonical.split()


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("22220 E", "22220-E1-XL"),
        ("22220 E", "22220EAE4"),
        ("22220 E", "22220 CA/W33"),
        ("NU 206 ECP", "NU206-E-XL-TVP2"),
        ("NU 206 ECP", "NU206ET"),
        ("30205 J2/Q", "30205JR"),
        ("30205 J2/Q", "4T-30205"),
        ("6205LLUC3/5K", "6205-2RS1/C3"),
    ],
)
def test_cage_design_and_grease_codes_do_not_change_the_bearing(left: str, right: str) -> None:
    assert same_bearing(parse(left), parse(right))


# --- old Chinese codes: modern reading wins -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "base", "bearing_type"),
    [
        ("7205", "7205", "angular_contact_ball"),
        ("32205", "32205", "tapered_roller"),
        ("2205", "2205", "self_aligning_ball"),
        ("2206", "2206", "self_aligning_ball"),
        ("32208", "32208", "tapered_roller"),
        ("1205", "1205", "self_aligning_ball"),
        ("6205", "6205", "deep_groove_ball"),
        ("608", "608", "deep_groove_ball"),
    ],
)
def test_modern_reading_wins_over_old_code(text: str, base: str, bearing_type: str) -> None:
    result = parse(text)
    assert (result.base_designation, result.bearing_type) == (base, bearing_type)


# --- precision helpers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("have", "need", "ok"),
    [
        ("P0", "P0", True),
        ("P6", "P0", True),
        ("P4", "P5", True),
        ("P2", "P4", True),
        ("P0", "P6", False),
        ("P5", "P4", False),
        ("ABEC7", "P5", True),
        ("ABEC 3", "P6", True),
        (None, "P0", True),
        ("P6", None, True),
        ("P7", "P0", False),
    ],
)
def test_higher_precision_class_satisfies_lower_requirement(have: str | None, need: str | None, ok: bool) -> None:
    assert precision_satisfies(have, need) is ok


def test_precision_rank_orders_the_ladder_and_rejects_unknown() -> None:
    assert [precision_rank(p) for p in ("P0", "P6", "P5", "P4", "P2")] == [0, 1, 2, 3, 4]
    assert precision_rank("abec-9") == 4
    with pytest.raises(ValueError, match="unknown precision"):
        precision_rank("P9")


def test_satisfies_accepts_higher_precision_only() -> None:
    assert satisfies(parse("6205-2RS/P5"), parse("6205-2RS"))
    assert not satisfies(parse("6205-2RS"), parse("6205-2RS/P5"))
    assert not satisfies(parse("6205-2RS/P5"), parse("6205-2Z"))


# --- dimensions -----------------------------------------------------------------------------


def test_dimensions_for_known_and_unknown_bases() -> None:
    assert dimensions_for("30205") == (Decimal(25), Decimal(52), Decimal("16.25"))
    assert dimensions_for("7205AC") == (Decimal(25), Decimal(52), Decimal(15))
    assert dimensions_for("22240") == (Decimal(200), Decimal(360), Decimal(98))
    assert dimensions_for("9999") is None


def test_base_without_table_row_gets_bore_from_bore_code_only() -> None:
    result = parse("NN3040K")
    assert (result.bore_mm, result.outer_diameter_mm, result.width_mm) == (Decimal(200), None, None)
    assert parse("230/500").bore_mm == Decimal(500)
    assert parse("UC205-16").bore_mm == Decimal("25.4")


def test_dimension_strings_have_no_exponent_or_trailing_zeros() -> None:
    result = parse("22220").as_dict()
    assert (result["bore_mm"], result["outer_diameter_mm"], result["width_mm"]) == ("100", "180", "46")
    assert parse("LM11949/10").as_dict()["outer_diameter_mm"] == "45.237"


def test_reverse_lookup_by_dimensions() -> None:
    assert "6205" in bases_with_dimensions(25, 52, 15)
    assert "7205B" in bases_with_dimensions("25", "52", "15")
    assert bases_with_dimensions(Decimal(25), 52, 15, bearing_type="deep_groove_ball") == ["6205"]
    assert "30205" in bases_with_dimensions(25, 52, "16.25")
    assert bases_with_dimensions("not a number") == []


def test_dimension_rows_load_every_data_row_with_a_source() -> None:
    rows = tuple(DIMENSION_ROWS)
    assert len(rows) >= 548
    # Families without an outside diameter (rod ends, accessories, housed units) leave it null.
    assert all(r.source and r.bore_mm > 0 for r in rows)
    assert all(r.outer_diameter_mm > r.bore_mm for r in rows if r.outer_diameter_mm is not None)
    assert len({(r.base_designation, r.closure) for r in rows}) == len(rows)
