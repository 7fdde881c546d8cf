"""XLSX expansion bombs are refused from the ZIP directory, before openpyxl reads a byte.

The bombs are built with zipfile: a real workbook whose sheet part is rewritten to expand to
hundreds of MiB (a highly compressible run of whitespace), or whose rows claim absurd columns
and row numbers.
"""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from agenda.people.files import PeopleFileError, read_people_file
from agenda.people.sources import MAX_COLUMNS, check_xlsx_archive, open_rows

HEADER = ["Given name", "Family name", "Email"]
SHEET = "xl/worksheets/sheet1.xml"


def _workbook(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    book.save(path)
    return path


def _rewrite_sheet(path: Path, target: Path, write_sheet) -> Path:  # type: ignore[no-untyped-def]
    """Copy the workbook at ``path`` to ``target`` with the sheet part written by
    ``write_sheet(handle)`` (streamed, so the test never holds the expanded part)."""
    with (
        zipfile.ZipFile(path) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for info in source.infolist():
            if info.filename == SHEET:
                with out.open(SHEET, "w", force_zip64=True) as handle:
                    write_sheet(handle)
            else:
                out.writestr(info, source.read(info))
    return target


def _padding_bomb(tmp_path: Path, mib: int) -> Path:
    """A valid workbook whose sheet expands to ``mib`` MiB (a run of spaces in the XML)."""
    plain = _workbook(tmp_path / "plain.xlsx", [["Ana", "Pérez", "ana@example.org"]])
    with zipfile.ZipFile(plain) as source:
        xml = source.read(SHEET)
    head, tail = xml.split(b"<sheetData>", 1)
    chunk = b" " * (1024 * 1024)

    def write(handle) -> None:  # type: ignore[no-untyped-def]
        handle.write(head + b"<sheetData>")
        for _ in range(mib):
            handle.write(chunk)
        handle.write(tail)

    return _rewrite_sheet(plain, tmp_path / "bomb.xlsx", write)


def test_a_sheet_expanding_to_hundreds_of_mib_is_refused_fast_and_named(tmp_path: Path) -> None:
    bomb = _padding_bomb(tmp_path, 300)
    assert bomb.stat().st_size < 1024 * 1024  # small on disk, 300 MiB unzipped
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(PeopleFileError) as caught:
        read_people_file(bomb)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    message = str(caught.value)
    assert message.startswith(str(bomb))
    assert "when unzipped" in message and "200.0 MiB" in message and "--max-mb" in message
    assert elapsed < 2.0 and peak < 20 * 1024 * 1024  # measured: ~5 ms, < 1 MiB
    assert "unzipped" in caught.value.message("es") or "descomprimido" in caught.value.message("es")


def test_a_highly_compressed_part_is_refused_even_under_the_size_limit(tmp_path: Path) -> None:
    bomb = _padding_bomb(tmp_path, 50)  # 50 MiB < 200 MiB, but ~1000 to 1
    with pytest.raises(PeopleFileError) as caught:
        read_people_file(bomb)
    assert caught.value.code == "xlsx_ratio"
    assert str(bomb) in str(caught.value) and SHEET in str(caught.value)


def test_the_unzipped_limit_follows_max_bytes(tmp_path: Path) -> None:
    plain = _workbook(tmp_path / "ok.xlsx", [["Ana", "Pérez", "ana@example.org"]])
    check_xlsx_archive(plain, 20 * 1024 * 1024)  # a real workbook passes
    with pytest.raises(PeopleFileError) as caught:
        check_xlsx_archive(plain, 100)
    assert caught.value.code == "xlsx_unzipped"


def test_real_workbooks_still_read(tmp_path: Path) -> None:
    rows = [[f"Name{i}", f"Family{i}", f"p{i}@example.org"] for i in range(2000)]
    result = read_people_file(_workbook(tmp_path / "roster.xlsx", rows))
    assert len(result.rows) == 2000 and result.ok


def test_cells_far_to_the_right_do_not_explode_a_row(tmp_path: Path) -> None:
    """A cell at column XFD makes openpyxl pad the row to 16,384 cells; only 256 are read."""
    plain = _workbook(tmp_path / "plain.xlsx", [])
    with zipfile.ZipFile(plain) as source:
        xml = source.read(SHEET)
    head, tail = xml.split(b"</sheetData>", 1)
    head = head.replace(b'<dimension ref="A1:C1"/>', b"")

    def write(handle) -> None:  # type: ignore[no-untyped-def]
        handle.write(head)
        for row in range(2, 5_002):
            handle.write(
                f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>Ana</t></is></c>'
                f'<c r="XFD{row}"><v>1</v></c></row>'.encode()
            )
        handle.write(b"</sheetData>" + tail)

    wide = _rewrite_sheet(plain, tmp_path / "wide.xlsx", write)
    with open_rows(wide) as (_info, rows):
        widths = {len(cells) for _number, cells in rows}
    assert max(widths) <= MAX_COLUMNS  # not 16,384 (before: 45 s for 20,000 such rows)
    started = time.perf_counter()
    result = read_people_file(wide)
    assert time.perf_counter() - started < 30
    assert result.rows_read == 5_000 and not result.rows


def test_rows_are_not_padded_to_the_column_cap(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "narrow.xlsx", [["Ana", "Pérez"]])
    with open_rows(path) as (_info, rows):
        assert [cells for _number, cells in rows] == [HEADER, ["Ana", "Pérez"]]
