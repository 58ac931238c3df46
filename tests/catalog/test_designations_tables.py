"""Designation parser: every maker's suffix table and every old Chinese code rule, row by row."""

from __future__ import annotations

import pytest

from catalog.designations import normalize_brand, parse
from catalog.designations.suffixes import (
    BRAND_ONLY,
    CLEARANCE_SUFFIXES,
    COMBINED_SUFFIXES,
    DESIGN_SUFFIXES,
    PRECISION_SUFFIXES,
    SEAL_SUFFIXES,
)

_HINTS = {"GB": "ZWZ"}
SEAL_ROWS = [
    (brand, code, seal, variant) for brand, codes in SEAL_SUFFIXES.items() for code, (seal, variant) in codes.items()
]


@pytest.mark.parametrize(("brand", "code", "seal", "variant"), SEAL_ROWS)
@pytest.mark.parametrize("separator", ["", "-", " "])
def test_seal_suffix_of_each_maker(brand: str, code: str, seal: str, variant: tuple[str, ...], separator: str) -> None:
    if separator == " " and normalize_brand(code):
        separator = "-"  # "6205 NKE" names the maker NKE; NACHI's seal is written 6205-NKE
    result = parse(f"6205{separator}{code}", brand=_HINTS.get(brand, brand))
    assert result.recognized
    assert (result.seal, result.variant) == (seal, " ".join(variant))
    assert result.base_designation == "6205"


@pytest.mark.parametrize(("brand", "code", "seal", "variant"), SEAL_ROWS)
def test_seal_suffix_followed_by_clearance_run_together(
    brand: str, code: str, seal: str, variant: tuple[str, ...]
) -> None:
    separator = "-" if code[0].isdigit() else ""
    result = parse(f"6205{separator}{code}C3", brand=_HINTS.get(brand, brand))
    assert (result.seal, result.clearance) == (seal, "C3")


@pytest.mark.parametrize(("brand", "code"), sorted(BRAND_ONLY))
def test_single_source_codes_need_their_maker(brand: str, code: str) -> None:
    assert parse(f"6205{code}", brand=brand).recognized
    assert not parse(f"6205{code}").recognized


@pytest.mark.parametrize(("code", "clearance"), CLEARANCE_SUFFIXES.items())
@pytest.mark.parametrize("template", ["6205{}", "6205/{}", "6205-{}", "6205ZZ{}", "22220 E/{}"])
def test_clearance_suffix(code: str, clearance: str, template: str) -> None:
    assert parse(template.format(code)).clearance == clearance


@pytest.mark.parametrize(("code", "precision"), PRECISION_SUFFIXES.items())
@pytest.mark.parametrize("template", ["6205/{}", "6205-2RS/{}", "6205 {}"])
def test_precision_suffix(code: str, precision: str, template: str) -> None:
    result = parse(template.format(code))
    assert (result.precision, result.clearance) == (precision, "CN")


@pytest.mark.parametrize(("code", "pair"), COMBINED_SUFFIXES.items())
def test_gb_combined_precision_and_clearance(code: str, pair: tuple[str, str]) -> None:
    result = parse(f"6205-2Z/{code}")
    assert (result.precision, result.clearance) == pair


@pytest.mark.parametrize("code", sorted(DESIGN_SUFFIXES))
def test_design_suffix_is_kept_but_does_not_change_the_bearing(code: str) -> None:
    result = parse(f"22220 {code}")
    assert result.recognized
    assert code in result.design_suffixes
    assert result.canonical == "22220"


# --- old Chinese (GOST-style) codes ----------------------------------------------------------

OLD_CODES = [
    # deep groove: structure digits
    ("205", "6205", "deep_groove_ball", "open", ""),
    ("80205", "6205", "deep_groove_ball", "2Z", ""),
    ("180205", "6205", "deep_groove_ball", "2RS", ""),
    ("60205", "6205", "deep_groove_ball", "Z", ""),
    ("160205", "6205", "deep_groove_ball", "RS", ""),
    ("50205", "6205", "deep_groove_ball", "open", "N"),
    ("105", "6005", "deep_groove_ball", "open", ""),
    ("306", "6306", "deep_groove_ball", "open", ""),
    ("180306", "6306", "deep_groove_ball", "2RS", ""),
    ("7000105", "16005", "deep_groove_ball", "open", ""),
    ("1000905", "61905", "deep_groove_ball", "open", ""),
    ("1000805", "61805", "deep_groove_ball", "open", ""),
    # angular contact: 3 = C, 4 = AC, 6 = B
    ("36205", "7205C", "angular_contact_ball", "open", ""),
    ("46205", "7205AC", "angular_contact_ball", "open", ""),
    ("66205", "7205B", "angular_contact_ball", "open", ""),
    ("46306", "7306AC", "angular_contact_ball", "open", ""),
    # thrust ball
    ("8205", "51205", "thrust_ball", "open", ""),
    ("8105", "51105", "thrust_ball", "open", ""),
    ("8306", "51306", "thrust_ball", "open", ""),
    # spherical roller: diameter digits 5/6 = ISO 222/223
    ("3516", "22216", "spherical_roller", "open", ""),
    ("3616", "22316", "spherical_roller", "open", ""),
    ("3520", "22220", "spherical_roller", "open", ""),
    ("3620", "22320", "spherical_roller", "open", ""),
    # cylindrical roller: 4 = NJ, 9 = NUP (N and NU collide with modern 22xx/322xx)
    ("42206", "NJ206", "cylindrical_roller", "open", ""),
    ("92206", "NUP206", "cylindrical_roller", "open", ""),
    ("2506", "N2206", "cylindrical_roller", "open", ""),
    ("32506", "NU2206", "cylindrical_roller", "open", ""),
    # tapered roller: wide series
    ("7506", "32206", "tapered_roller", "open", ""),
    ("7606", "32306", "tapered_roller", "open", ""),
    # self-aligning ball: wide series
    ("1506", "2206", "self_aligning_ball", "open", ""),
    ("1606", "2306", "self_aligning_ball", "open", ""),
]


@pytest.mark.parametrize(("text", "base", "bearing_type", "seal", "variant"), OLD_CODES)
def test_old_chinese_code(text: str, base: str, bearing_type: str, seal: str, variant: str) -> None:
    result = parse(text)
    assert (result.base_designation, result.bearing_type, result.seal, result.variant) == (
        base,
        bearing_type,
        seal,
        variant,
    )
    assert result.precision == "P0"


@pytest.mark.parametrize(
    ("text", "precision"),
    [("6-180205", "P6"), ("5-46206", "P5"), ("4-205", "P4"), ("2-80205", "P2"), ("0-205", "P0")],
)
def test_gost_class_digit_before_dash_is_the_precision(text: str, precision: str) -> None:
    assert parse(text).precision == precision


@pytest.mark.parametrize(
    ("text", "precision"), [("G180205", "P0"), ("E180205", "P6"), ("D80205", "P5"), ("C205", "P4"), ("B205", "P2")]
)
def test_old_precision_letter_in_front_is_accepted(text: str, precision: str) -> None:
    result = parse(text)
    assert (result.base_designation, result.precision) == ("6205", precision)


def test_old_code_takes_modern_suffixes_too() -> None:
    result = parse("180205/C3")
    assert (result.seal, result.clearance) == ("2RS", "C3")
    assert not parse("180205-2Z").recognized


@pytest.mark.parametrize("text", ["5205", "990205", "280205", "9205", "4405", "6-NU206", "8-180205"])
def test_old_codes_without_a_confirmed_rule_stay_unrecognized(text: str) -> None:
    assert not parse(text).recognized
