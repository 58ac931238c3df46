"""Designation parser properties: never raises, canonical round trip, brand writings agree."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.designations import DIMENSION_ROWS, parse, same_bearing
from catalog.designations.parser import MAX_INPUT_LENGTH

_ALPHABET = st.sampled_from(list("0123456789ABCDEFGHKLMNPRSTUVWXZ-/ .　６２Ｒ－轴承斯凯孚瓦轴&"))
# A base that reads otherwise written alone (inch 1614 without its closure is the old code of 2314) is left out.
_BASES = sorted(
    {
        r.base_designation
        for r in DIMENSION_ROWS
        if r.bearing_type != "other" and parse(r.base_designation).base_designation == r.base_designation
    }
)
# Deep-groove bases of the 60, 62 and 63 series (inch cone/cup sets such as 6375/6320 start alike).
_DEEP_GROOVE_BASES = sorted(
    {
        r.base_designation
        for r in DIMENSION_ROWS
        if r.bearing_type == "deep_groove_ball" and r.base_designation[:2] in ("60", "62", "63")
    }
)
_SEALS = ["open", "Z", "2Z", "RS", "2RS", "RZ", "2RZ"]
_CLEARANCES = ["CN", "C2", "C3", "C4", "C5", "CM"]
_PRECISIONS = ["P0", "P6", "P5", "P4", "P2"]
_VARIANTS = ["", "K", "N", "NR", "K30", "SS"]


@settings(max_examples=500)
@given(st.text(max_size=300))
def test_parse_never_raises_on_arbitrary_text(text: str) -> None:
    result = parse(text)
    assert isinstance(result.recognized, bool)
    if not result.recognized:
        assert result.base_designation is None
        assert result.canonical is None


@settings(max_examples=500)
@given(st.text(_ALPHABET, max_size=30), st.one_of(st.none(), st.text(max_size=10)))
def test_parse_never_raises_on_designation_like_text(text: str, brand: str | None) -> None:
    result = parse(text, brand)
    if result.recognized:
        assert parse(result.canonical).canonical == result.canonical


def test_huge_input_is_unrecognized() -> None:
    assert not parse("6205" * 1000).recognized
    assert not parse("6" * (MAX_INPUT_LENGTH + 1)).recognized


@settings(max_examples=400)
@given(
    st.sampled_from(_BASES),
    st.sampled_from(_SEALS),
    st.sampled_from(_VARIANTS),
    st.sampled_from(_CLEARANCES),
    st.sampled_from(_PRECISIONS),
)
def test_canonical_round_trip(base: str, seal: str, variant: str, clearance: str, precision: str) -> None:
    parts = [base if seal == "open" else f"{base}-{seal}", variant, clearance, precision]
    first = parse(" ".join(p for p in parts if p))
    assert first.recognized, parts
    second = parse(first.canonical)
    assert second.canonical == first.canonical
    assert second.as_dict() | {"input": None} == first.as_dict() | {"input": None}
    assert second.variant == first.variant


@settings(max_examples=200)
@given(
    st.sampled_from(_DEEP_GROOVE_BASES),
    st.sampled_from(
        [
            ("-2RSH/{c}", "SKF", "2RS"),
            ("-2RSR-{c}", "FAG", "2RS"),
            ("DDU{c}", "NSK", "2RS"),
            ("LLU{c}/2AS", "NTN", "2RS"),
            ("-2RS/{c}", "ZWZ", "2RS"),
            ("ZZ{c}", "KOYO", "2Z"),
            ("-2Z/{c}", "SKF", "2Z"),
            ("VV{c}", "NSK", "2RZ"),
            ("LLB{c}", "NTN", "2RZ"),
        ]
    ),
    st.sampled_from(["C3", "C4", "C2"]),
    st.booleans(),
)
def test_each_makers_writing_matches_the_gb_writing(
    base: str, writing: tuple[str, str, str], clearance: str, brand_in_text: bool
) -> None:
    suffix, brand, seal = writing
    text = base + suffix.format(c=clearance)
    result = parse(f"{brand} {text}") if brand_in_text else parse(text, brand)
    assert result.brand == brand
    assert same_bearing(result, parse(f"{base}-{seal}/{clearance}"))
