"""Streaming readers: the worksheets of a CSV or XLSX file, rows one at a time, in constant memory."""

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
    """One worksheet: rows as (sheet row number from 1, cells); `estimated_rows` counts every row."""

    name: str
    rows: Iterator[tuple[int, list[Any]]]
    estimated_rows: int
    encoding: str = ""


def open_sheets(fileobj: IO[bytes], file_type: str) -> list[Sheet]:
    """Every worksheet of the file in workbook order (a CSV is one sheet named "")."""
    return open_xlsx(fileobj) if file_type == "xlsx" else [open_csv(fileobj)]


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
    total = _count_lines(fileobj)
    lines = sample.split(b"\n", 40)[:40]
    texts = [line.decode(encoding, errors="ignore") for line in lines]
    # The header may sit below title rows: pick the delimiter the busiest of the first lines uses.
    delimiter = max(DELIMITERS, key=lambda d: max((text.count(d) for text in texts), default=0))
    text = io.TextIOWrapper(fileobj, encoding=encoding, newline="")  # type: ignore[arg-type]
    reader = csv.reader(text, delimiter=delimiter)
    return Sheet(name="", rows=enumerate(reader, start=1), estimated_rows=total, encoding=encoding)


def open_xlsx(fileobj: IO[bytes]) -> list[Sheet]:
    from openpyxl import load_workbook  # noqa: PLC0415 - only the import worker needs it

    workbook = load_workbook(fileobj, read_only=True, data_only=True)
    worksheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]  # chart sheets have no cells

    def rows(worksheet: Any) -> Iterator[tuple[int, list[Any]]]:
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            yield number, list(values)

    return [Sheet(name=ws.title, rows=rows(ws), estimated_rows=ws.max_row or 0) for ws in worksheets]


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
