"""The bad-inputs corpus: small files an organizer might feed meetingctl by mistake.

``CASES`` says, for each file in this folder, the command that reads it and what its error
message must name (the file always; the row, key or column where one applies). The files are
committed; ``python -m tests.meetingctl.bad_inputs.corpus`` writes them again (the XLSX ones
are built with zipfile: expansion bombs, truncated archives, sheets with absurd rows).
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOOD_ROSTER = "Given name,Family name,Email\nAna,Pérez,ana@example.org\n"
ROSTER_HEADER = "Given name,Family name,Email,Country,Youth,Time zone,Stakeholder category\n"
ROSTER_OK = "Ana,Pérez,ana@example.org,México,No,America/Mexico_City,Academia\n"
INPUTS_HEADER = "organization,country,category,objectives,text\n"
INPUTS_OK = "Red Migrante,MX,Civil society,2; 7,Access to services\n"


@dataclass(frozen=True)
class Case:
    """A bad file, the command that reads it ({file}, {good} for the good roster) and the
    texts its error must contain besides the file's name."""

    name: str
    command: tuple[str, ...]
    expect: tuple[str, ...] = ()


ROSTER = ("people", "import", "{file}")
MAPPING = ("people", "import", "{good}", "--mapping", "{file}")
INPUTS = ("inputs", "import", "{file}")
CONFIG = ("--config", "{file}", "people", "list")

TEXT_FILES: dict[str, bytes] = {
    # rosters (CSV)
    "roster_empty.csv": b"",
    "roster_blank.csv": b"  \n\n \n",
    "roster_header_only.csv": ROSTER_HEADER.encode(),
    "roster_missing_columns.csv": b"Name,Organization\nAna,Red\n",
    "roster_two_email_columns.csv": b"Given name,Family name,Email,Correo\nA,B,a@x.org,a@x.org\n",
    "roster_title_rows_only.csv": "".join(f"Title {i}\n" for i in range(12)).encode(),
    "roster_unclosed_quote.csv": (
        ROSTER_HEADER + ROSTER_OK + 'Jean,"Baptiste,jean@example.org,Haiti,No,,Academia\n'
    ).encode(),
    "roster_text_after_quote.csv": (ROSTER_HEADER + 'Ana,"Pérez"x,ana@example.org\n').encode(),
    "roster_huge_cell.csv": (
        ROSTER_HEADER + 'Ana,"' + "y" * 140_000 + '",a@example.org\n'
    ).encode(),
    "roster_extra_cells.csv": (ROSTER_HEADER + ROSTER_OK.rstrip() + ",surplus,more\n").encode(),
    "roster_nul_byte.csv": (ROSTER_HEADER + "Ana,Pé\x00rez,ana@example.org\n").encode(),
    "roster_formula.csv": (ROSTER_HEADER + '=HYPERLINK("http://x"),Pérez,a@example.org\n').encode(),
    "roster_bad_email.csv": (ROSTER_HEADER + "Ana,Pérez,not-an-address\n").encode(),
    "roster_unknown_country.csv": (ROSTER_HEADER + "Ana,Pérez,a@example.org,Atlantis\n").encode(),
    "roster_bad_boolean.csv": (ROSTER_HEADER + "Ana,Pérez,a@example.org,MX,maybe\n").encode(),
    "roster_bad_timezone.csv": (
        ROSTER_HEADER + "Ana,Pérez,a@example.org,MX,No,Mars/Olympus\n"
    ).encode(),
    "roster_bad_category.csv": (
        ROSTER_HEADER + "Ana,Pérez,a@example.org,MX,No,,Wizards\n"
    ).encode(),
    "roster_missing_email.csv": (ROSTER_HEADER + "Ana,Pérez,,MX\n").encode(),
    "roster_duplicate_conflict.csv": (
        ROSTER_HEADER + ROSTER_OK + "Anna,Perez,ANA@example.org,Chile,No,,Academia\n"
    ).encode(),
    "roster_line_break.csv": (ROSTER_HEADER + '"Ana\nMaría",Pérez,a@example.org\n').encode(),
    "roster_too_long.csv": (ROSTER_HEADER + "A" * 1000 + ",Pérez,a@example.org\n").encode(),
    "roster_legacy.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
    "roster_not_zip.xlsx": GOOD_ROSTER.encode(),
    # column mappings (people import GOOD --mapping FILE)
    "mapping_bad_toml.toml": b'"Given name" = given_name\n',
    "mapping_unknown_field.toml": b'[columns]\n"Given name" = "first"\n',
    "mapping_missing_column.json": b'{"Nombre": "given_name"}',
    "mapping_not_object.json": b'["given_name", "family_name"]',
    "mapping_bad_json.json": b'{"Given name": "given_name",}',
    "mapping_not_utf8.toml": b'"Nombre de pila\xff" = "given_name"\n',
    # stakeholder inputs
    "inputs_missing_columns.csv": b"organization,country\nRed,MX\n",
    "inputs_huge_cell.csv": (
        INPUTS_HEADER + INPUTS_OK + 'Org,MX,Academia,3,"' + "x" * 200_000 + '"\n'
    ).encode(),
    "inputs_unclosed_quote.csv": (
        INPUTS_HEADER + INPUTS_OK + 'Org,MX,Academia,3,"never closed\nOther,MX,,4,t\n'
    ).encode(),
    "inputs_nul_byte.csv": (INPUTS_HEADER + INPUTS_OK + "Org,MX,Academia,3,bro\x00ken\n").encode(),
    "inputs_extra_cells.csv": (
        INPUTS_HEADER + INPUTS_OK + "Org,MX,Academia,3,t,surplus\n"
    ).encode(),
    "inputs_bad_objective.csv": (INPUTS_HEADER + INPUTS_OK + "Org,MX,Academia,99,t\n").encode(),
    "inputs_no_objective_number.csv": (INPUTS_HEADER + "Org,MX,Academia,many,t\n").encode(),
    "inputs_unknown_country.csv": (INPUTS_HEADER + "Org,Atlantis,Academia,3,t\n").encode(),
    "inputs_unknown_category.csv": (INPUTS_HEADER + "Org,MX,Wizards,3,t\n").encode(),
    "inputs_no_text.csv": (INPUTS_HEADER + "Org,MX,Academia,3,\n").encode(),
    "inputs_no_organization.csv": (INPUTS_HEADER + ",MX,Academia,3,text\n").encode(),
    "inputs_not_utf8.csv": (INPUTS_HEADER + "Org,MX,Academia,3,caf\xe9\n").encode("latin-1"),
    # configuration files
    "config_bad_toml.toml": b"[meeting\n",
    "config_unknown_key.toml": b"[meeting]\nnope = 1\n",
    "config_wrong_type.toml": b'[mail.smtp]\nport = "abc"\n',
    "config_bad_timezone.toml": b'[meeting]\nhome_timezone = "Mars/Olympus"\n',
    "config_bad_transport.toml": b'[mail]\ntransport = "pigeon"\n',
    "config_unknown_section.toml": b"[meetng]\nhome_timezone = 'UTC'\n",
}

CASES: tuple[Case, ...] = (
    Case("roster_empty.csv", ROSTER, ("empty",)),
    Case("roster_blank.csv", ROSTER, ("empty",)),
    Case("roster_header_only.csv", ROSTER, ("no data rows",)),
    Case("roster_missing_columns.csv", ROSTER, ("missing required column",)),
    Case("roster_two_email_columns.csv", ROSTER, ("'Email' and 'Correo'",)),
    Case("roster_title_rows_only.csv", ROSTER, ("missing required column",)),
    Case("roster_unclosed_quote.csv", ROSTER, ("row 3", "never closed")),
    Case("roster_text_after_quote.csv", ROSTER, ("row 2", "closing quote")),
    Case("roster_huge_cell.csv", ROSTER, ("row 2", "131072")),
    Case("roster_extra_cells.csv", ROSTER, ("row 2", "9 cells")),
    Case("roster_nul_byte.csv", ROSTER, ("row 2", "Family name")),
    Case("roster_formula.csv", ROSTER, ("row 2", "formula")),
    Case("roster_bad_email.csv", ROSTER, ("row 2", "Email")),
    Case("roster_unknown_country.csv", ROSTER, ("row 2", "Atlantis")),
    Case("roster_bad_boolean.csv", ROSTER, ("row 2", "maybe")),
    Case("roster_bad_timezone.csv", ROSTER, ("row 2", "Time zone")),
    Case("roster_bad_category.csv", ROSTER, ("row 2", "Wizards")),
    Case("roster_missing_email.csv", ROSTER, ("row 2", "Email")),
    Case("roster_duplicate_conflict.csv", ROSTER, ("row 3", "row 2")),
    Case("roster_line_break.csv", ROSTER, ("row 2", "line break")),
    Case("roster_too_long.csv", ROSTER, ("row 2", "longer than")),
    Case("roster_legacy.xls", ROSTER, (".xls",)),
    Case("roster_not_zip.xlsx", ROSTER, ("not a ZIP",)),
    Case("roster_bomb_ratio.xlsx", ROSTER, ("xl/worksheets/sheet1.xml", "to 1")),
    Case("roster_bomb_unzipped.xlsx", (*ROSTER, "--max-mb", "0.05"), ("when unzipped",)),
    Case("roster_truncated.xlsx", ROSTER, ("not a valid .xlsx",)),
    Case("roster_zip_not_workbook.xlsx", ROSTER, ("not a valid .xlsx",)),
    Case("roster_xlsx_missing_columns.xlsx", ROSTER, ("missing required column",)),
    Case("roster_xlsx_bad_email.xlsx", ROSTER, ("row 2", "Email")),
    Case("roster_xlsx_formula.xlsx", ROSTER, ("row 2", "formula")),
    Case("roster_xlsx_row_beyond_excel.xlsx", ROSTER, ("1048576",)),
    Case("mapping_bad_toml.toml", MAPPING, ("not a valid JSON/TOML",)),
    Case("mapping_unknown_field.toml", MAPPING, ("'Given name'", "'first'")),
    Case("mapping_missing_column.json", MAPPING, ("'Nombre'",)),
    Case("mapping_not_object.json", MAPPING, ("expected an object",)),
    Case("mapping_bad_json.json", MAPPING, ("not a valid JSON/TOML",)),
    Case("mapping_not_utf8.toml", MAPPING, ("not a valid JSON/TOML",)),
    Case("inputs_missing_columns.csv", INPUTS, ("missing column",)),
    Case("inputs_huge_cell.csv", INPUTS, ("row 3", "131072")),
    Case("inputs_unclosed_quote.csv", INPUTS, ("row 3", "never closed")),
    Case("inputs_nul_byte.csv", INPUTS, ("row 3", "NUL")),
    Case("inputs_extra_cells.csv", INPUTS, ("row 3", "6 cells")),
    Case("inputs_bad_objective.csv", INPUTS, ("row 3", "99")),
    Case("inputs_no_objective_number.csv", INPUTS, ("row 2", "many")),
    Case("inputs_unknown_country.csv", INPUTS, ("row 2", "Atlantis")),
    Case("inputs_unknown_category.csv", INPUTS, ("row 2", "Wizards")),
    Case("inputs_no_text.csv", INPUTS, ("row 2", "text is empty")),
    Case("inputs_no_organization.csv", INPUTS, ("row 2", "organization is empty")),
    Case("inputs_not_utf8.csv", INPUTS, ("not UTF-8",)),
    Case("config_bad_toml.toml", CONFIG, ("invalid TOML", "line 1")),
    Case("config_unknown_key.toml", CONFIG, ("meeting.nope",)),
    Case("config_wrong_type.toml", CONFIG, ("mail.smtp.port",)),
    Case("config_bad_timezone.toml", CONFIG, ("meeting.home_timezone",)),
    Case("config_bad_transport.toml", CONFIG, ("mail.transport",)),
    Case("config_unknown_section.toml", CONFIG, ("meetng",)),
)


def _workbook(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_sheet(workbook: bytes, sheet: bytes) -> bytes:
    """``workbook`` with its first sheet's XML replaced by ``sheet``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            data = sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _padded(pad: int) -> bytes:
    """A valid roster workbook whose sheet XML carries ``pad`` bytes of whitespace."""
    book = _workbook([["Given name", "Family name", "Email"], ["Ana", "Pérez", "a@x.org"]])
    with zipfile.ZipFile(io.BytesIO(book)) as source:
        xml = source.read("xl/worksheets/sheet1.xml")
    head, tail = xml.split(b"<sheetData>", 1)
    return _with_sheet(book, head + b"<sheetData>" + b" " * pad + tail)


def xlsx_files() -> dict[str, bytes]:
    """The XLSX files of the corpus."""
    header = ["Given name", "Family name", "Email"]
    good = _workbook([header, ["Ana", "Pérez", "ana@example.org"]])
    with zipfile.ZipFile(io.BytesIO(good)) as source:
        xml = source.read("xl/worksheets/sheet1.xml")
    far_row = b'<row r="2000000"><c r="A2000000" t="inlineStr"><is><t>x</t></is></c></row>'
    beyond = xml.replace(b"</sheetData>", far_row + b"</sheetData>")
    lone = io.BytesIO()
    with zipfile.ZipFile(lone, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return {
        "roster_bomb_ratio.xlsx": _padded(8 * 1024 * 1024),  # 8 MiB of spaces: ~1000 to 1
        "roster_bomb_unzipped.xlsx": _padded(900 * 1024),  # 0.9 MiB > 10 x 0.05 MiB
        "roster_truncated.xlsx": good[: len(good) // 2],
        "roster_zip_not_workbook.xlsx": lone.getvalue(),
        "roster_xlsx_missing_columns.xlsx": _workbook([["Name", "Organization"], ["Ana", "X"]]),
        "roster_xlsx_bad_email.xlsx": _workbook([header, ["Ana", "Pérez", "not-an-address"]]),
        "roster_xlsx_formula.xlsx": _workbook([header, ["=1+1", "Pérez", "a@example.org"]]),
        "roster_xlsx_row_beyond_excel.xlsx": _with_sheet(good, beyond),
    }


def build(folder: Path = HERE) -> None:
    """Write every file of the corpus into ``folder``."""
    (folder / "good_roster.csv").write_text(GOOD_ROSTER, encoding="utf-8")
    for name, data in {**TEXT_FILES, **xlsx_files()}.items():
        (folder / name).write_bytes(data)
    (folder / "cases.json").write_text(
        json.dumps({case.name: list(case.expect) for case in CASES}, indent=1) + "\n"
    )


if __name__ == "__main__":
    build()
