"""Recognising drawings by content, without the database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.custom.drawings import clean_filename, drawing_kind

DXF = b"  0\r\nSECTION\r\n  2\r\nHEADER\r\n  9\r\n$ACADVER\r\n  1\r\nAC1027\r\n  0\r\nENDSEC\r\n"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"AC1032\x00\x00\x00\x00\x00", "dwg"),
        (b"AC1015\x00\x00", "dwg"),
        (b"ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('x'),'2;1');", "step"),
        (b"\xef\xbb\xbf  ISO-10303-21;\r\nHEADER;", "step"),
        (DXF, "dxf"),
        (b"999\nmade by hand\n0\nSECTION\n2\nENTITIES\n0\nENDSEC\n", "dxf"),
        (b"AutoCAD Binary DXF\r\n\x1a\x00\x00\x00", "dxf"),
    ],
)
def test_known_kinds_are_recognised(head, kind):
    assert drawing_kind(head) == kind


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"hello world",
        b"PK\x03\x04 a zip",
        b"MZ\x90\x00 an exe",
        b"GIF89a",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"AC9999",
        b"AC10",
        b"0\nSECTION\n2\nNOTASECTION\n",
        b"0\nSECTION\n",
        b"0\nSECTION\n2\nHEADER\x00\x00",
        b"%PD",
    ],
)
def test_other_content_is_refused(head):
    assert drawing_kind(head) is None


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("bearing.pdf", "bearing.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\drawings\\ring.dwg", "ring.dwg"),
        ("a\x00b\nc.step", "abc.step"),
        ("", "drawing"),
        ("..", "drawing"),
        ("x" * 300, "x" * 255),
    ],
)
def test_file_names_are_cleaned(name, clean):
    assert clean_filename(name) == clean


@given(st.binary(max_size=4096))
def test_any_bytes_give_a_kind_or_none_never_an_error(head):
    assert drawing_kind(head) in {None, "pdf", "png", "jpeg", "dxf", "dwg", "step"}


@given(st.text(max_size=300))
def test_any_file_name_cleans_to_a_short_plain_name(name):
    clean = clean_filename(name)
    assert 0 < len(clean) <= 255
    assert "/" not in clean
    assert "\\" not in clean
    assert all(ch.isprintable() for ch in clean)
