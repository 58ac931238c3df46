"""Streaming readers: rows of a CSV or XLSX file one at a time, in constant memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from catalog.services.imports.files import detect_encoding

ENCODING_SAMPLE = 1024 * 1024
COUNT_CHUNK = 1024 * 1024
DELIMITERS = (",", "\t", ";")


@dataclass
class Sheet:
    """Rows as (row number, cells); the header is row 1. `estimated_rows` counts data rows."""

    rows: Iterator[tuple[int, list[Any]]]
    estimated_rows: int
    encoding: str = ""


def open_sheet(fileobj: IO[bytes], file_type: str) -> Sheet:
    return open_xlsx(fileobj) if file_type == "xlsx" else open_csv(fileobj)


def _count_lines(fileobj: IO[bytes]) -> int:
    lines, last = 0, b"\n"
    while chunk := fileobj.read(COUNT_CHUNK):
        lines += chunk.count(b"\n")
        last = chunk[-1:]
    fileobj.seek(0)
    return lines + (last != b"\n")


def open_csv(fileobj: IO[bytes]) -> Sheet:
    sample = fileobj.read(ENCODING_SAMPLE)
    complete = len(sample) < ENCODING_SAMPLE
    fileobj.seek(0)
    encoding = detect_encoding(sample, complete=complete) or "utf-8-sig"
    total = max(_count_lines(fileobj) - 1, 0)
    first_line = sample.split(b"\n", 1)[0].decode(encoding, errors="ignore")
    delimiter = max(DELIMITERS, key=first_line.count)
    text = io.TextIOWrapper(fileobj, encoding=encoding, newline="")  # type: ignore[arg-type]
    reader = csv.reader(text, delimiter=delimiter)
    return Sheet(rows=enumerate(reader, start=1), estimated_rows=total, encoding=encoding)


def open_xlsx(fileobj: IO[bytes]) -> Sheet:
    from openpyxl import load_workbook  # noqa: PLC0415 - only the import worker needs it

    workbook = load_workbook(fileobj, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    total = max((sheet.max_row or 1) - 1, 0)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(values)
        finally:
            workbook.close()

    return Sheet(rows=rows(), estimated_rows=total)


def cell_value(value: Any) -> Any:  # noqa: PLR0911 - one branch per cell type
    """A cell as the listing validator takes it: None when blank, integral floats as int."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else repr(value)
    if isinstance(value, (int, Decimal)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)
