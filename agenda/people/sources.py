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

UNZIPPED_FACTOR = 10
"""An XLSX file may expand to at most this many times the import limit once unzipped."""
MAX_RATIO = 100
"""Highest compression ratio accepted for an XLSX part above 1 MiB (spreadsheets give 5-20)."""
MAX_MEMBERS = 10_000
MAX_COLUMNS = 256
"""Cells beyond this column are not read (a roster has a few dozen columns)."""
MAX_ROWS = 1_048_576
"""Excel's own row limit: a sheet numbering rows beyond it was not written by a spreadsheet."""
_RATIO_FLOOR = 1024 * 1024
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


def check_xlsx_archive(path: Path, max_bytes: int) -> None:
    """Refuse an XLSX (ZIP) file whose parts would expand beyond ``UNZIPPED_FACTOR * max_bytes``
    in total or per part, or that is compressed more than ``MAX_RATIO`` to 1, from the ZIP
    directory alone (nothing is decompressed). The directory sizes are an upper bound: Python's
    zipfile never yields more than a part's declared size."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PeopleFileError("bad_xlsx", path, reason=str(exc)) from None
    if len(members) > MAX_MEMBERS:
        raise PeopleFileError("xlsx_members", path, count=len(members), limit=MAX_MEMBERS)
    limit = UNZIPPED_FACTOR * max_bytes
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limit or total > limit:
            name = member.filename if member.file_size > limit else "all parts"
            raise PeopleFileError(
                "xlsx_unzipped",
                path,
                size=(member.file_size if member.file_size > limit else total) / 1048576,
                member=name,
                limit=limit / 1048576,
                factor=UNZIPPED_FACTOR,
            )
        if member.file_size > _RATIO_FLOOR:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > MAX_RATIO:
                raise PeopleFileError(
                    "xlsx_ratio", path, member=member.filename, ratio=ratio, limit=MAX_RATIO
                )


@contextmanager
def open_rows(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[SourceInfo, Iterator[tuple[int, list[str]]]]]:
    """Open ``path`` and yield (info, row iterator); closes the file afterwards."""
    kind = detect_kind(path)
    if kind == "xlsx":
        check_xlsx_archive(path, max_bytes)
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
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        yield SourceInfo("csv", encoding, delimiter), _numbered(path, reader)


def _numbered(path: Path, reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007
            yield number, cells
    except csv.Error as exc:
        reason = csv_problem(exc)
        raise PeopleFileError("malformed_csv", path, row=number + 1, reason=reason) from None


def csv_problem(exc: csv.Error) -> str:
    """Plain words for a CSV parsing error (what is wrong with the row and how to fix it)."""
    text = str(exc)
    if "field larger than field limit" in text:
        return (
            f"a cell is longer than {csv.field_size_limit()} characters, the limit; shorten it "
            "(or a quote is never closed and swallows the rest of the file)"
        )
    if "unexpected end of data" in text:
        return 'a quote (") opens a cell that is never closed; close it or remove it'
    if "expected after" in text:
        return (
            "text follows the closing quote of a cell; quote the whole cell and double the "
            'quotes inside it ("")'
        )
    return text


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
            cells = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
            for number, values in enumerate(cells, start=1):
                if number > MAX_ROWS:
                    raise PeopleFileError("xlsx_rows", path, limit=MAX_ROWS)
                if values.count(None) == len(values):  # missing or blank rows: no work
                    yield number, []
                    continue
                width = len(values)
                while values[width - 1] is None:  # max_col pads every row to MAX_COLUMNS
                    width -= 1
                yield number, [_cell_text(value) for value in values[:width]]

        yield [ws.title for ws in workbook.worksheets], rows()
    finally:
        workbook.close()
