"""Streaming readers for people files: CSV (encoding and delimiter detection) and XLSX.

Each reader yields ``(row_number, cells)`` where ``row_number`` is what a spreadsheet shows
(the header is row 1) and ``cells`` is a list of strings. Files are streamed: nothing is held
in memory beyond the current row.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from agenda.people.columns import PeopleFileError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Default size limit for an imported file (20 MiB, about 100,000 rows); configurable."""

_SNIFF_BYTES = 64 * 1024
_CHUNK = 1024 * 1024
_DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What was detected about a file."""

    kind: str  # "csv" or "xlsx"
    encoding: str | None
    delimiter: str | None
    sheet: str | None = None
    other_sheets: tuple[str, ...] = ()


def check_size(path: Path, max_bytes: int) -> int:
    """Size of ``path``; raises PeopleFileError when missing, empty or above ``max_bytes``."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PeopleFileError("cannot_read", path, reason=exc.strerror) from None
    if size == 0:
        raise PeopleFileError("empty", path)
    if size > max_bytes:
        raise PeopleFileError("too_large", path, size=size / 1048576, limit=max_bytes / 1048576)
    return size


def detect_kind(path: Path) -> str:
    """'xlsx' or 'csv' from the extension and the first bytes; refuses legacy .xls files."""
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        raise PeopleFileError("legacy_xls", path)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if suffix in {".xlsx", ".xlsm"}:
        raise PeopleFileError("bad_xlsx", path, reason="it is not a ZIP archive")
    return "csv"


def detect_encoding(path: Path) -> str:
    """'utf-16' (BOM), 'utf-8-sig' when the whole file decodes as UTF-8, else 'cp1252' or
    'latin-1'. Reads the file in chunks without keeping it."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        for encoding in ("utf-8-sig", "cp1252"):
            decoder = codecs.getincrementaldecoder(encoding)()
            handle.seek(0)
            try:
                while chunk := handle.read(_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
                return encoding
            except UnicodeDecodeError:
                continue
    return "latin-1"


def sniff_delimiter(sample: str) -> str:
    """Delimiter of a CSV sample: comma, semicolon (Excel in Spanish locales), tab or pipe."""
    lines = [line for line in sample.splitlines() if line.strip()][:20]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        header = lines[0]
        return max(_DELIMITERS, key=header.count) if any(d in header for d in _DELIMITERS) else ","


@contextmanager
def open_rows(path: Path) -> Iterator[tuple[SourceInfo, Iterator[tuple[int, list[str]]]]]:
    """Open ``path`` and yield (info, row iterator); closes the file afterwards."""
    kind = detect_kind(path)
    if kind == "xlsx":
        with _xlsx_rows(path) as (names, rows):
            yield SourceInfo("xlsx", None, None, names[0], tuple(names[1:])), rows
        return
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        sample = handle.read(_SNIFF_BYTES)
        if not sample.strip():
            raise PeopleFileError("empty", path)
        delimiter = sniff_delimiter(sample)
        handle.seek(0)
        if encoding == "utf-16":  # seek(0) re-reads the BOM as U+FEFF; skip it
            first = handle.read(1)
            if first != "\ufeff":
                handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        yield SourceInfo("csv", encoding, delimiter), _numbered(path, reader)


def _numbered(path: Path, reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007
            yield number, cells
    except csv.Error as exc:
        raise PeopleFileError("malformed_csv", path, row=number + 1, reason=str(exc)) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


@contextmanager
def _xlsx_rows(path: Path) -> Iterator[tuple[list[str], Iterator[tuple[int, list[str]]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise PeopleFileError("bad_xlsx", path, reason=str(exc)) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()

        def rows() -> Iterator[tuple[int, list[str]]]:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_cell_text(value) for value in values]

        yield [ws.title for ws in workbook.worksheets], rows()
    finally:
        workbook.close()
