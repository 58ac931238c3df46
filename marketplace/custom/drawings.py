"""Recognising a drawing file by its content (pure Python): PDF, PNG, JPEG, DWG, STEP and DXF."""

import re

SNIFF_BYTES = 4096
DXF_SECTIONS = {"HEADER", "CLASSES", "TABLES", "BLOCKS", "ENTITIES", "OBJECTS", "THUMBNAILIMAGE"}
_DWG = re.compile(rb"AC10\d\d")
_BINARY_DXF = b"AutoCAD Binary DXF\r\n\x1a\x00"
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "dxf": "image/vnd.dxf",
    "dwg": "image/vnd.dwg",
    "step": "model/step",
}


def drawing_kind(head: bytes) -> str | None:
    """The drawing format of a file from its first bytes, or None when it is none of ours."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if _DWG.match(head):
        return "dwg"
    if head.startswith(_BINARY_DXF):
        return "dxf"
    if b"\x00" in head:
        return None
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"ISO-10303-21;"):
        return "step"
    return "dxf" if _is_ascii_dxf(text) else None


def _is_ascii_dxf(text: bytes) -> bool:
    """ASCII DXF: code/value line pairs opening `0 SECTION`, `2 <section name>` (999 comments skipped)."""
    lines = [line.strip() for line in text.decode("latin-1").splitlines()]
    pairs = list(zip(lines[0::2], lines[1::2], strict=False))
    while pairs and pairs[0][0] == "999":
        pairs.pop(0)
    if len(pairs) < 2:  # noqa: PLR2004 - the SECTION pair and the section's name pair
        return False
    return pairs[0] == ("0", "SECTION") and pairs[1][0] == "2" and pairs[1][1].upper() in DXF_SECTIONS


def clean_filename(name: str) -> str:
    """The client's file name without directories or control characters, at most 255 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().strip(".")
    return base[:255] or "drawing"
