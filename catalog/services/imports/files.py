"""Checks on an uploaded spreadsheet before it is stored: type by extension and content, size, zip bombs."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from catalog.errors import EmptyFile, FileTooLarge, UnsupportedFile

SNIFF_BYTES = 64 * 1024
ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK and GB2312
EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx"}
ZIP_MAGIC = b"PK\x03\x04"
# Other binary formats a supplier might upload by mistake (old .xls, PDF, images).
BINARY_MAGIC = (ZIP_MAGIC, b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
MAX_ZIP_ENTRIES = 10_000


def max_uncompressed_bytes() -> int:
    return int(settings.MARKETPLACE_IMPORT_MAX_UNCOMPRESSED_BYTES)


def max_rows() -> int:
    return int(settings.MARKETPLACE_IMPORT_MAX_ROWS)


def detect_encoding(sample: bytes, *, complete: bool) -> str | None:
    """UTF-8 (with or without BOM) first, then GB18030; None when the bytes are neither."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(sample, final=complete)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def upload_check(upload: Any) -> str:
    """Return "csv" or "xlsx" for an acceptable upload; raise the matching 400/413 otherwise."""
    extension = Path(str(upload.name or "")).suffix.lower()
    file_type = EXTENSIONS.get(extension)
    if file_type is None:
        raise UnsupportedFile(_("Upload a .csv or .xlsx file."))
    size = upload.size or 0
    if size == 0:
        raise EmptyFile()
    limit = settings.MARKETPLACE_MAX_UPLOAD_BYTES
    if size > limit:
        raise FileTooLarge(_("The file is larger than %(n)d bytes.") % {"n": limit})
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if file_type == "xlsx":
        xlsx_check(upload, head)
    else:
        csv_check(head, complete=size <= SNIFF_BYTES)
    return file_type


def csv_check(head: bytes, *, complete: bool) -> None:
    if head.startswith(BINARY_MAGIC) or b"\x00" in head:
        raise UnsupportedFile(_("The file is not a text CSV file."))
    if not head.strip():
        raise EmptyFile()
    if detect_encoding(head, complete=complete) is None:
        raise UnsupportedFile(_("The CSV file is neither UTF-8 nor GBK/GB18030 text."))


def xlsx_check(fileobj: IO[bytes], head: bytes) -> None:
    """An XLSX is a zip holding [Content_Types].xml; its declared uncompressed size is capped."""
    if not head.startswith(ZIP_MAGIC):
        raise UnsupportedFile(_("The file is not an XLSX workbook."))
    try:
        with zipfile.ZipFile(fileobj) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsupportedFile(_("The file is not an XLSX workbook.")) from exc
    finally:
        fileobj.seek(0)
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise UnsupportedFile(_("The file is not an XLSX workbook."))
    # Python's zipfile never inflates an entry past its declared size, so this sum bounds the work.
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > max_uncompressed_bytes():
        raise FileTooLarge(_("The workbook expands to more than the allowed size."))
