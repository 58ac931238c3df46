"""Designation parser, families beyond the standard series: the acceptance sample, a wider table of
market notations per family, the precedence rules between readings and the unknown-tail rule."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.designations import BRANDS, dimensions_for, normalize_brand, parse, same_bearing, satisfies, snap_mm

SAMPLE_FILE = Path(__file__).with_name("data") / "families-sample.csv"
ATTRIBUTES = ("base_designation", "bearing_type", "seal", "clearance", "precision")
DIMENSIONS = ("bore_mm", "outer_diameter_mm", "width_mm")
INCH_TOLERANCE = Decimal("0.002")  # catalogues round the same fraction of an inch differently


def _sample_rows() -> list[dict[str, str]]:
    with SAMPLE_FILE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _same_dimension(got: str | None, expected: str | None) -> bool:
    if got is None or expected is None:
        return got is expected
    places = max(len(v.partition(".")[2]) for v in (got, expected))
    if places < 3:
        return got == expected
    return abs(Decimal(got) - Decimal(expected)) <= INCH_TOLERANCE


def test_sample_has_every_row() -> None:
    assert len(_sample_rows()) == 86


@pytest.mark.parametrize("row", _sample_rows(), ids=lambda r: r["input"])
def test_families_sample_row_parses_to_its_attributes(row: dict[str, str]) -> None:
    result = parse(row["input"], row["brand"] or None).as_dict()
    assert result["recognized"] is True
    assert {a: result[a] for a in ATTRIBUTES} == {a: row[a] for a in ATTRIBUTES}
    for name in DIMENSIONS:
        assert _same_dimension(result[name], row[name] or None), (name, result[name], row[name])
    if row["brand"]:
        assert result["brand"] == row["brand"]


# Real market notations beyond the sample, per family:
# (input, brand hint, base, type, seal, precision, bore, outside diameter, width); None = null.
# fmt: off
MARKET = [
    # wheel hubs
    ("DAC35720033-2RS", None, "DAC35720033", "hub_unit", "2RS", "P0", "35", "72", "33"),
    ("DAC45840039", None, "DAC45840039", "hub_unit", "open", "P0", "45", "84", "39"),
    ("ILJIN DAC35720033", None, "DAC35720033", "hub_unit", "open", "P0", "35", "72", "33"),
    ("ASAHI UCP205", None, "UCP205", "insert_unit", "open", "P0", "25", None, None),
    ("LM20UU NB", None, "LM20", "linear_ball", "2RS", "P0", "20", "32", "42"),
    ("人本DAC45840039", None, "DAC45840039", "hub_unit", "open", "P0", "45", "84", "39"),
    ("KOYO DAC40760033/28", None, "DAC40760033/28", "hub_unit", "open", "P0", "40", "76", "33"),
    ("DAC38740236/33", None, "DAC38740236/33", "hub_unit", "open", "P0", "37.99", "74.02", "36"),
    ("DAC40760241", None, "DAC40760241", "hub_unit", "open", "P0", None, None, None),
    ("DAC39720637", None, "DAC39720637", "hub_unit", "open", "P0", "39", "72.06", "37"),
    ("DAC45880239", None, "DAC45880239", "hub_unit", "open", "P0", "45", "88.02", "39"),
    ("DAC42840037", None, "DAC42840037", "hub_unit", "open", "P0", None, None, None),  # CRAFT: 42 × 82
    # linear bushings
    ("LM25UU", None, "LM25", "linear_ball", "2RS", "P0", "25", "40", "59"),
    ("LM6UU", None, "LM6", "linear_ball", "2RS", "P0", "6", "12", "19"),
    ("LM16UU", "THK", "LM16", "linear_ball", "2RS", "P0", "16", "28", "37"),
    ("LM30UU-OP", None, "LM30OP", "linear_ball", "2RS", "P0", "30", "45", "64"),
    ("LM12UU AJ", None, "LM12AJ", "linear_ball", "2RS", "P0", "12", "21", "30"),
    ("LME30UU", None, "LME30", "linear_ball", "2RS", "P0", "30", "47", "68"),
    ("LMF25LUU", None, "LMF25L", "linear_ball", "2RS", "P0", "25", "40", "112"),
    ("LMK20UU", None, "LMK20", "linear_ball", "2RS", "P0", "20", "32", "42"),
    ("LMH16UU", None, "LMH16", "linear_ball", "2RS", "P0", "16", "28", "37"),
    ("LM8SUU", None, "LM8S", "linear_ball", "2RS", "P0", "8", "15", "17"),
    ("LM10U", None, "LM10", "linear_ball", "RS", "P0", "10", "19", "29"),
    ("ＬＭ２５ＵＵ", None, "LM25", "linear_ball", "2RS", "P0", "25", "40", "59"),
    # spherical plain bearings and rod ends
    ("GE30ES", None, "GE30ES", "spherical_plain", "open", "P0", "30", "47", "22"),
    ("GE40ES-2RS", None, "GE40ES", "spherical_plain", "2RS", "P0", "40", "62", "28"),
    ("GE 50 ES-2RS", None, "GE50ES", "spherical_plain", "2RS", "P0", "50", "75", "35"),
    ("GE8E", None, "GE8E", "spherical_plain", "open", "P0", "8", "16", "8"),
    ("GEG25ES-2RS", None, "GEG25ES", "spherical_plain", "2RS", "P0", "25", "47", "28"),
    ("GEEW30ES", None, "GEEW30ES", "spherical_plain", "open", "P0", "30", "47", "30"),
    ("SKF GEG 20 ES", None, "GEEW20ES", "spherical_plain", "open", "P0", "20", "35", "20"),
    ("GEH 30 ES-2RS", "SKF", "GEG30ES", "spherical_plain", "2RS", "P0", "30", "55", "32"),
    ("SI25ES", None, "SI25ES", "rod_end", "open", "P0", "25", None, "20"),
    ("SA30ES-2RS", None, "SA30ES", "rod_end", "2RS", "P0", "30", None, "22"),
    ("SIL20ES", None, "SIL20ES", "rod_end", "open", "P0", "20", None, "16"),
    ("SI10E", None, "SI10E", "rod_end", "open", "P0", "10", None, "9"),
    # needles
    ("HK1612", None, "HK1612", "needle_roller", "open", "P0", "16", "22", "12"),
    ("HK3020-2RS", None, "HK3020", "needle_roller", "2RS", "P0", "30", "37", "20"),
    ("INA HK2526", None, "HK2526", "needle_roller", "open", "P0", "25", "32", "26"),
    ("HK1210", None, "HK1210", "needle_roller", "open", "P0", "12", "16", "10"),
    ("HK1212", None, "HK1212", "needle_roller", "open", "P0", "12", "18", "12"),
    ("HK1208", None, "HK1208", "needle_roller", "open", "P0", "12", None, None),
    ("BK2016", None, "BK2016", "needle_roller", "open", "P0", "20", "26", "16"),
    ("NK30/20", None, "NK30/20", "needle_roller", "open", "P0", "30", "40", "20"),
    ("NKI30/20", None, "NKI30/20", "needle_roller", "open", "P0", "30", "45", "20"),
    ("NA4910", None, "NA4910", "needle_roller", "open", "P0", "50", "72", "22"),
    ("RNA4910", None, "RNA4910", "needle_roller", "open", "P0", "58", "72", "22"),
    ("NA4905-2RS", None, "NA4905", "needle_roller", "2RS", "P0", "25", "42", "18"),
    ("NA4908-XL", "FAG", "NA4908", "needle_roller", "open", "P0", "40", "62", "22"),
    ("NA49/22", None, "NA49/22", "needle_roller", "open", "P0", "22", "39", "17"),
    ("RNA4905-2RSR", "FAG", "RNA4905", "needle_roller", "2RS", "P0", "30", "42", "17"),
    ("NK55/35", None, "NK55/35", "needle_roller", "open", "P0", "55", "68", "35"),
    ("NKI65/25", None, "NKI65/25", "needle_roller", "open", "P0", "65", "90", "25"),
    ("K25X29X13", None, "K25X29X13", "needle_roller", "open", "P0", "25", "29", "13"),
    ("K 30×35×17 TN", None, "K30X35X17", "needle_roller", "open", "P0", "30", "35", "17"),
    ("k20x24x10", None, "K20X24X10", "needle_roller", "open", "P0", "20", "24", "10"),
    # thrust rollers and four-point
    ("81210 TN", "SKF", "81210", "thrust_roller", "open", "P0", "50", "78", "22"),
    ("81107", None, "81107", "thrust_roller", "open", "P0", "35", "52", "12"),
    ("81212", None, "81212", "thrust_roller", "open", "P0", "60", "95", "26"),
    ("K81106", None, "K81106", "thrust_roller", "open", "P0", "30", None, None),
    ("QJ212", None, "QJ212", "angular_contact_ball", "open", "P0", "60", "110", "22"),
    ("QJ312 MA", None, "QJ312", "angular_contact_ball", "open", "P0", "60", "130", "31"),
    ("FAG QJ310-MPA", None, "QJ310", "angular_contact_ball", "open", "P0", "50", "110", "27"),
    ("QJ 218 N2MA/C3", None, "QJ218", "angular_contact_ball", "open", "P0", "90", "160", "30"),
    ("QJ210-N2-MPA", "FAG", "QJ210", "angular_contact_ball", "open", "P0", "50", "90", "20"),
    # inch ball bearings
    ("R10-2RS", None, "R10", "deep_groove_ball", "2RS", "P0", "15.875", "34.925", "8.733"),
    ("R6ZZ", None, "R6", "deep_groove_ball", "2Z", "P0", "9.525", "22.225", "7.142"),
    ("R12-2Z", None, "R12", "deep_groove_ball", "2Z", "P0", "19.05", "41.275", "11.112"),
    ("R4A-2RS", None, "R4A", "deep_groove_ball", "2RS", "P0", "6.35", "19.05", "7.142"),
    ("R188ZZ", None, "R188", "deep_groove_ball", "2Z", "P0", "6.35", "12.7", "4.762"),
    ("R16", None, "R16", "deep_groove_ball", "open", "P0", "25.4", "50.8", "9.525"),
    ("1616-2RS", None, "1616", "deep_groove_ball", "2RS", "P0", "12.7", "28.575", "9.525"),
    ("1630-2RS", None, None, None, None, None, None, None, None),  # not in the inch series, no 2330 made
    ("1622-2RS", None, "1622", "deep_groove_ball", "2RS", "P0", "14.287", "34.925", "11.112"),
    ("1603ZZ", None, "1603", "deep_groove_ball", "2Z", "P0", "7.938", "22.225", "7.142"),
    ("1603-2RS", None, "1603", "deep_groove_ball", "2RS", "P0", "7.938", "22.225", "8.733"),
    ("1628-2RS", None, "1628", "deep_groove_ball", "2RS", "P0", "15.875", "41.275", "12.7"),
    ("1602ZZ", None, "1602", "deep_groove_ball", "2Z", "P0", "6.35", "17.462", "6.35"),
    ("1635ZZ", None, "1635", "deep_groove_ball", "2Z", "P0", "19.05", "44.45", "12.7"),
    ("R18-2RS", None, "R18", "deep_groove_ball", "2RS", "P0", "28.575", "53.975", "12.7"),
    ("R1-4ZZ", None, "R1-4", "deep_groove_ball", "2Z", "P0", "1.984", "6.35", "3.571"),
    ("R2-6-2RS", None, "R2-6", "deep_groove_ball", "2RS", "P0", "3.175", "9.525", "3.571"),
    ("R144", None, "R144", "deep_groove_ball", "open", "P0", "3.175", "6.35", "2.38"),
    # inch cone/cup sets, lone cones and cups
    ("LM29749/10", None, "LM29749/LM29710", "tapered_roller", "open", "P0", "38.1", "65.088", "18.034"),
    ("LM29749/29710", None, "LM29749/LM29710", "tapered_roller", "open", "P0", "38.1", "65.088", "18.034"),
    ("LM48548/LM48510", None, "LM48548/LM48510", "tapered_roller", "open", "P0", "34.925", "65.088", "18.034"),
    ("HM88649/HM88610", None, "HM88649/HM88610", "tapered_roller", "open", "P0", "34.925", "72.233", "25.4"),
    ("HM218248/10", None, "HM218248/HM218210", "tapered_roller", "open", "P0", "89.975", "146.975", "40"),
    ("JLM104948/JLM104910", None, "JLM104948/JLM104910", "tapered_roller", "open", "P0", "50", "82", "21.5"),
    ("L68149/11", None, "L68149/L68111", "tapered_roller", "open", "P0", "34.987", "59.974", "15.875"),
    ("M12649/M12610", None, "M12649/M12610", "tapered_roller", "open", "P0", "21.43", "50.005", "17.526"),
    ("M86649/10", None, "M86649/M86610", "tapered_roller", "open", "P0", "30.162", "64.292", "21.433"),
    ("JLM506849/JLM506810", None, "JLM506849/JLM506810", "tapered_roller", "open", "P0", "55", "90", "23"),
    ("TIMKEN 2580/2520", None, "2580/2520", "tapered_roller", "open", "P0", "31.75", "66.421", "25.4"),
    ("387A/382A", None, "387A/382A", "tapered_roller", "open", "P0", "57.15", "96.838", "21"),
    ("14125A/14276", None, "14125A/14276", "tapered_roller", "open", "P0", "31.75", "69.012", "19.845"),
    ("25580", None, "25580", "tapered_roller", "open", "P0", "44.45", None, None),
    ("3720", None, "3720", "tapered_roller", "open", "P0", None, "93.264", None),
    ("LM11910", None, "LM11910", "tapered_roller", "open", "P0", None, "45.237", None),
    # inserts and housed units
    ("UC305", None, "UC305", "insert_unit", "open", "P0", "25", "62", "38"),
    ("UC208", None, "UC208", "insert_unit", "open", "P0", "40", "80", "49.2"),
    ("UC201", None, "UC201", "insert_unit", "open", "P0", "12", "40", "27.4"),
    ("SB204", None, "SB204", "insert_unit", "open", "P0", "20", "47", "25"),
    ("UCP208", None, "UCP208", "insert_unit", "open", "P0", "40", None, None),
    ("UCFL206", None, "UCFL206", "insert_unit", "open", "P0", "30", None, None),
    ("UCF210", None, "UCF210", "insert_unit", "open", "P0", "50", None, None),
    ("UCT207", None, "UCT207", "insert_unit", "open", "P0", "35", None, None),
    ("UCFC208", None, "UCFC208", "insert_unit", "open", "P0", "40", None, None),
    ("UCP205-16", None, "UCP205-16", "insert_unit", "open", "P0", "25.4", None, None),
    ("UC206-20", None, "UC206-20", "insert_unit", "open", "P0", "31.75", "62", "38.1"),
    ("UCP205D1", "NTN", "UCP205", "insert_unit", "open", "P0", "25", None, None),
    # accessories
    ("H310", None, "H310", "accessory", "open", "P0", "45", None, None),
    ("H2310", None, "H2310", "accessory", "open", "P0", "45", None, None),
    ("H317", None, "H317", "accessory", "open", "P0", "75", None, None),
    ("H3120", None, "H3120", "accessory", "open", "P0", "90", None, None),
    ("H 208", None, "H208", "accessory", "open", "P0", "35", None, None),
    ("AH310", None, "AH310", "accessory", "open", "P0", "45", None, None),
    ("AH314", None, "AH314", "accessory", "open", "P0", "65", None, None),
    ("AH3124", None, "AH3124", "accessory", "open", "P0", "115", None, None),
    ("KM12", None, "KM12", "accessory", "open", "P0", "60", None, None),
    ("KM 0", None, "KM0", "accessory", "open", "P0", "10", None, None),
    ("MB12", None, "MB12", "accessory", "open", "P0", "60", None, None),
    ("SN510", None, "SN510", "accessory", "open", "P0", "45", None, None),
    ("SN 611", None, "SN611", "accessory", "open", "P0", "50", None, None),
    ("SNL 512 TL", "SKF", "SNL512", "accessory", "open", "P0", "55", None, None),
    ("HA307", "SKF", "HA307", "accessory", "open", "P0", "30.163", None, None),
    # super-precision and NN30
    ("SKF 7010 CD/P4A", None, "7010C", "angular_contact_ball", "open", "P4", "50", "80", "16"),
    ("SKF 71914 ACD/P4A", None, "71914AC", "angular_contact_ball", "open", "P4", "70", "100", "16"),
    ("7208 ACD/P4ADBA", "SKF", "7208AC", "angular_contact_ball", "open", "P4", "40", "80", "18"),
    ("SKF 7014 CE/P4A", None, "7014C", "angular_contact_ball", "open", "P4", "70", "110", "20"),
    ("NSK 7010A5TYNSULP4", None, "7010AC", "angular_contact_ball", "open", "P4", "50", "80", "16"),
    ("NSK 7210CTYNDBLP4", None, "7210C", "angular_contact_ball", "open", "P4", "50", "90", "20"),
    ("7206CTYNSULP5", "NSK", "7206C", "angular_contact_ball", "open", "P5", "30", "62", "16"),
    ("FAG B7010-E-T-P4S-UL", None, "7010AC", "angular_contact_ball", "open", "P4", "50", "80", "16"),
    ("B71914-C-T-P4S-UL", "FAG", "71914C", "angular_contact_ball", "open", "P4", "70", "100", "16"),
    ("NN3020K/P4", None, "NN3020", "cylindrical_roller", "open", "P4", "100", "150", "37"),
    ("NSK NN3010TBKRCC1P4", None, "NN3010", "cylindrical_roller", "open", "P4", "50", "80", "23"),
    ("NN3016 K/SPW33", None, None, None, None, None, None, None, None),  # SKF SP: P5 or P4 is open
    # spherical rollers (v1 gaps)
    ("22216CE4", "NSK", "22216", "spherical_roller", "open", "P0", "80", "140", "33"),
    ("22220CKE4", "NSK", "22220", "spherical_roller", "open", "P0", "100", "180", "46"),
    ("24024 CC/W33", None, "24024", "spherical_roller", "open", "P0", "120", "180", "60"),
    ("24030 CC/W33", None, "24030", "spherical_roller", "open", "P0", "150", "225", "75"),
    # old Chinese/GOST codes (GOST-ISO table)
    ("150306", None, "6306", "deep_groove_ball", "Z", "P0", "30", "72", "19"),
    ("53520", None, "22220", "spherical_roller", "open", "P0", "100", "180", "46"),
    ("53516", None, "22216", "spherical_roller", "open", "P0", "80", "140", "33"),
    ("113520", None, "22220", "spherical_roller", "open", "P0", "100", "180", "46"),
    ("176210", None, "QJ210", "angular_contact_ball", "open", "P0", "50", "90", "20"),
    ("12306", None, "NF306", "cylindrical_roller", "open", "P0", "30", None, None),
    # brand text in front
    ("日本NSK 6204ZZ", None, "6204", "deep_groove_ball", "2Z", "P0", "20", "47", "14"),
    ("德国FAG 6205-2RSR", None, "6205", "deep_groove_ball", "2RS", "P0", "25", "52", "15"),
    ("进口SKF 6206-2Z/C3", None, "6206", "deep_groove_ball", "2Z", "P0", "30", "62", "16"),
    ("原装正品 NTN 6203LLU", None, "6203", "deep_groove_ball", "2RS", "P0", "17", "40", "12"),
]
# fmt: on


@pytest.mark.parametrize("row", MARKET, ids=lambda r: r[0])
def test_market_notation_parses_to_its_attributes(row: tuple[str | None, ...]) -> None:
    text, hint, base, btype, seal, precision, bore, outer, width = row
    result = parse(text, hint).as_dict()
    if base is None:
        assert result["recognized"] is False
        return
    assert result["recognized"] is True
    assert (result["base_designation"], result["bearing_type"], result["seal"], result["precision"]) == (
        base,
        btype,
        seal,
        precision,
    )
    for got, expected in zip((result[d] for d in DIMENSIONS), (bore, outer, width), strict=True):
        assert _same_dimension(got, expected), (got, expected)


# --- precedence between readings -------------------------------------------------------------


def test_inch_16xx_with_a_seal_is_the_inch_bearing_not_the_old_code() -> None:
    result = parse("1640-2RS")
    assert (result.base_designation, result.bearing_type, result.bore_mm) == (
        "1640",
        "deep_groove_ball",
        Decimal("22.225"),
    )


@pytest.mark.parametrize(("text", "base"), [("1614", "2314"), ("1602", "2302"), ("1620 C3", "2320"), ("1606", "2306")])
def test_inch_16xx_without_a_closure_is_the_old_code_when_that_is_made(text: str, base: str) -> None:
    # The commercial inch 16xx bearings are sold shielded or sealed (ZEN lists only -2Z and -2RS).
    assert parse(text).base_designation == base


def test_16xx_outside_the_inch_series_keeps_its_old_reading() -> None:
    assert parse("1610").base_designation == "2310"


def test_16xx_inch_only_number_alone_is_the_inch_bearing() -> None:
    # 1640 as an old code would be a 2340 self-aligning bearing, a size that is not made.
    assert parse("1640").base_designation == "1640"
    assert parse("1603").base_designation == "2303"  # also the old code of 2303
    assert parse("1630").recognized is False  # neither an inch size we know nor a 2330


def test_16xx_width_unknown_when_it_depends_on_an_unwritten_closure() -> None:
    assert parse("1603-2RS").width_mm == Decimal("8.731")
    assert dimensions_for("1603") == (Decimal("7.938"), Decimal("22.225"), None)


@pytest.mark.parametrize(("written", "one_way"), [("14.287", "14.288"), ("14.288", "14.288"), ("7.937", "7.938"),
                                                  ("5.558", "5.556"), ("25", "25"), ("37.99", "37.99"),
                                                  ("45.237", "45.237")])  # fmt: skip
def test_a_64th_of_an_inch_is_written_one_way(written: str, one_way: str) -> None:
    assert snap_mm(Decimal(written)) == Decimal(one_way)


def test_nmb_r_1640_miniature_is_not_the_inch_1640() -> None:
    assert parse("R-1640ZZ").recognized is False


def test_sa205_is_an_insert_but_not_for_zkl() -> None:
    assert parse("SA205").bearing_type == "insert_unit"
    assert parse("ZKL SA205").recognized is False
    assert parse("SA205", "ZKL").recognized is False


def test_sa_rod_end_and_sa_insert_are_told_apart_by_the_e() -> None:
    assert parse("SA20ES").bearing_type == "rod_end"
    assert parse("SA205").bearing_type == "insert_unit"


def test_skf_geg_is_the_w_series_but_the_chinese_geg_is_the_g_series() -> None:
    assert parse("SKF GEG 20 ES").base_designation == "GEEW20ES"
    assert parse("GEG20ES").base_designation == "GEG20ES"
    assert parse("GEG20ES", "SKF").base_designation == "GEEW20ES"


def test_spindle_letter_b_glued_is_ambiguous_without_the_maker() -> None:
    assert parse("B7205C").recognized is False  # old precision letter B (P2) or Schaeffler B7205-C
    assert parse("B7205C", "FAG").canonical == "7205C"
    assert parse("B7205-C-T-P4S-UL").canonical == "7205C P4"
    assert parse("HCB7014-E-T-P4S-UL").canonical == "7014AC HC P4"


def test_linear_bushing_and_inch_cone_are_told_apart_by_the_digits() -> None:
    assert parse("LM20UU").bearing_type == "linear_ball"
    assert parse("LM11949").bearing_type == "tapered_roller"


def test_hub_bearing_with_variant_digits_is_not_sized_from_its_code() -> None:
    result = parse("DAC38740236/33")
    assert (result.bore_mm, result.outer_diameter_mm) == (Decimal("37.99"), Decimal("74.02"))
    assert parse("DAC40760241").bore_mm is None


def test_width_follows_the_closure() -> None:
    assert parse("R8").width_mm == Decimal("6.35")
    assert parse("R8-2RS").width_mm == Decimal("7.938")
    assert parse("NA4906").width_mm == Decimal(17)
    assert parse("NA4906-2RS").width_mm == Decimal(18)
    assert parse("1602-2Z").width_mm == Decimal("6.35")
    assert parse("1602-2RS").width_mm == Decimal("7.938")  # 5/16 in, printed 7.937 by ZEN
    assert dimensions_for("1603", "2Z") == (Decimal("7.938"), Decimal("22.225"), Decimal("7.144"))
    assert dimensions_for("1603", "RZ") == (Decimal("7.938"), Decimal("22.225"), Decimal("8.731"))


def test_inch_insert_bore_with_the_metric_insert_envelope() -> None:
    result = parse("UC205-16")
    assert (result.bore_mm, result.outer_diameter_mm, result.width_mm) == (
        Decimal("25.4"),
        Decimal(52),
        Decimal("34.1"),
    )


# --- unknown tails ---------------------------------------------------------------------------


def test_unknown_trailing_suffix_keeps_the_core_and_is_part_of_the_identity() -> None:
    result = parse("6205-2RS/HV")
    assert (result.recognized, result.base_designation, result.seal) == (True, "6205", "2RS")
    assert result.canonical == "6205-2RS/HV"
    assert result.variant == "/HV"
    assert not same_bearing(result, parse("6205-2RS"))
    assert not satisfies(parse("6205-2RS"), result)
    assert same_bearing(result, parse("6205 2RS/HV"))


def test_unknown_tail_canonical_parses_back_to_itself() -> None:
    for text in ("6205-2RS1/C3HT51", "22220 EK/C3VA991", "31306 J2/QCL7C", "NU206 ECP/C3-XYZ"):
        first = parse(text)
        assert first.recognized, text
        assert parse(first.canonical).canonical == first.canonical


@pytest.mark.parametrize("text", ["6205 PLEASE QUOTE", "6205 XYZ", "6205DD", "62052", "6205-2RS 价格"])
def test_free_text_or_glued_unknown_codes_are_not_a_tail(text: str) -> None:
    assert parse(text).recognized is False


# --- brands ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("alias", "code"), [("THK", "THK"), ("iko", "IKO"), ("FYH", "FYH"), ("NMB", "NMB"),
                                            ("美蓓亚", "NMB"), ("上银", "HIWIN"), ("万向", "WANXIANG"),
                                            ("襄轴", "ZXY"), ("asahi", "ASAHI"), ("三益", "SAMICK"), ("银泰", "PMI"),
                                            ("NTN-SNR", "SNR"), ("ILJIN", "ILJIN")])  # fmt: skip
def test_makers_of_the_new_families_are_known(alias: str, code: str) -> None:
    assert normalize_brand(alias) == code


def test_brand_tiers_follow_the_contract() -> None:
    international = {b.code for b in BRANDS if b.tier == "international"}
    assert international == {"SKF", "FAG", "NSK", "NTN", "KOYO", "TIMKEN", "NACHI", "FYH", "IKO", "THK", "NMB"}
    assert {b.tier for b in BRANDS if b.code in {"ZWZ", "HRB", "LYC", "C&U", "HIWIN"}} == {"domestic"}


# --- properties ------------------------------------------------------------------------------

_FAMILY_ALPHABET = st.sampled_from([*list("0123456789ACDEFGHIKLMNOPRSTUWXZ-/ .×*"), "UU", "ES", "DAC", "LM", "GE"])


@settings(max_examples=400)
@given(st.lists(_FAMILY_ALPHABET, max_size=14).map("".join), st.sampled_from([None, "SKF", "FAG", "NSK", "ZKL"]))
def test_family_like_text_never_raises_and_round_trips(text: str, brand: str | None) -> None:
    result = parse(text, brand)
    if result.recognized:
        again = parse(result.canonical, brand)
        assert again.recognized
        assert again.canonical == result.canonical
