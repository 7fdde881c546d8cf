"""The bad-inputs corpus: small files an organizer might feed meetingctl by mistake.

``CASES`` says, for each file in this folder, the command that reads it and what its error
message must name (the file always; the row, key or column where one applies). A few cases
are bad values typed on the command line (an id or an output folder that does not exist).
The files are committed; ``python -m tests.meetingctl.bad_inputs.corpus`` writes them
again (the XLSX ones are built with zipfile: expansion bombs, truncated archives, sheets with
absurd rows).
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
    #: False for a bad value on the command line (an id, an output path): no corpus file.
    file: bool = True
    #: the file the message must name ({file}: this one; "" for a value on the command line)
    named: str = "{file}"


ROSTER = ("people", "import", "{file}")
MAPPING = ("people", "import", "{good}", "--mapping", "{file}")
INPUTS = ("inputs", "import", "{file}")
CONFIG = ("--config", "{file}", "people", "list")
#: a command that needs a secret (the transport is built before anything is queued)
CONFIG_SEND = ("--config", "{file}", "invite", "send")
SMTP = b'[mail]\ntransport = "smtp"\n[mail.smtp]\nusername = "secretariat"\n'

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
    "inputs_header_only.csv": (INPUTS_HEADER + "\n,,,,\n").encode(),
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
    # more rosters
    "roster_bad_email_double_at.csv": (ROSTER_HEADER + "Ana,Pérez,ana@@example.org\n").encode(),
    "roster_bad_email_space.csv": (ROSTER_HEADER + "Ana,Pérez,ana perez@example.org\n").encode(),
    "roster_country_typo.csv": (ROSTER_HEADER + "Ana,Pérez,a@example.org,Argentinaa\n").encode(),
    "roster_unknown_category_typo.csv": (
        ROSTER_HEADER + "Ana,Pérez,a@example.org,MX,No,,Acadmia\n"
    ).encode(),
    "roster_timezone_offset.csv": (
        ROSTER_HEADER + "Ana,Pérez,a@example.org,MX,No,GMT+25\n"
    ).encode(),
    "roster_timezone_city_only.csv": (
        ROSTER_HEADER + "Ana,Pérez,a@example.org,MX,No,Santiago\n"
    ).encode(),
    "roster_duplicate_zone_conflict.csv": (
        ROSTER_HEADER + ROSTER_OK + "Ana,Pérez,ana@example.org,México,No,Europe/Madrid,Academia\n"
    ).encode(),
    "roster_formula_plus.csv": (ROSTER_HEADER + "Ana,+cmd|' /C calc'!A0,a@example.org\n").encode(),
    "roster_formula_at.csv": (ROSTER_HEADER + "@SUM(A1:A2),Pérez,a@example.org\n").encode(),
    "roster_cell_10001.csv": (ROSTER_HEADER + "Ana," + "p" * 10_001 + ",a@example.org\n").encode(),
    "roster_semicolon_rows.csv": (
        ROSTER_HEADER + "Ana;Pérez;ana@example.org;MX;No;;Academia\n"
    ).encode(),
    "roster_bad_boolean_word.csv": (
        ROSTER_HEADER + "Ana,Pérez,a@example.org,MX,perhaps\n"
    ).encode(),
    # more column mappings
    "mapping_unknown_field.json": b'{"Given name": "nickname"}',
    "mapping_malformed_table.toml": b'[columns\n"Given name" = "given_name"\n',
    "mapping_value_not_text.toml": b'"Given name" = 3\n',
    "mapping_two_columns_one_field.toml": b'"Email" = "email"\n"Given name" = "email"\n',
    # more stakeholder inputs
    "inputs_objective_o25.csv": (INPUTS_HEADER + "Org,MX,Academia,O25,t\n").encode(),
    "inputs_objective_zero.csv": (INPUTS_HEADER + INPUTS_OK + "Org,MX,Academia,0,t\n").encode(),
    "inputs_category_typo.csv": (INPUTS_HEADER + "Org,MX,Civil societyy,3,t\n").encode(),
    "inputs_blank_text.csv": (INPUTS_HEADER + 'Org,MX,Academia,3,"   "\n').encode(),
    "inputs_bad_country_code.csv": (INPUTS_HEADER + "Org,XX,Academia,3,t\n").encode(),
    # more configuration files
    "config_scheduler_unknown_key.toml": b"[scheduler]\nreminder_hour = [24]\n",
    "config_list_wrong_type.toml": b'[meeting]\ninterpretation_languages = "es"\n',
    "config_zone_city_only.toml": b'[meeting]\nhome_timezone = "Santiago"\n',
    "config_quiet_hours_25.toml": b'[scheduler]\nquiet_hours_start = "25:00"\n',
    "config_quiet_hours_am.toml": b'[scheduler]\nquiet_hours_end = "8am"\n',
    "config_negative_reminder.toml": b"[scheduler]\nreminder_hours = [-1]\n",
    "config_negative_days_before.toml": b"[scheduler]\ninvitations_days_before = -3\n",
    "config_unknown_balance_rule.toml": b'[balance.rules.gender-parityy]\nseverity = "error"\n',
    "config_unknown_agenda_rule.toml": b'[agenda.rules.no-such-rule]\nseverity = "off"\n',
    "config_bad_severity.toml": b'[agenda.rules.overlap-track]\nseverity = "fatal"\n',
    "config_transport_typo.toml": b'[mail]\ntransport = "smpt"\n',
    "config_smtp_port_zero.toml": b"[mail.smtp]\nport = 0\n",
    "config_smtp_port_high.toml": b"[mail.smtp]\nport = 70000\n",
    "config_bad_sender.toml": b'[mail]\nsender = "secretariat at example.org"\n',
    "config_bad_secretariat_email.toml": b'[meeting]\nsecretariat_email = "secretariat"\n',
    "config_unknown_platform.toml": b'[video]\nplatform = "skype"\n',
    "config_bad_language.toml": b'[meeting]\ndefault_language = "de"\n',
    "config_working_hours_inverted.toml": (
        b'[agenda]\nworking_hours_start = "18:00"\nworking_hours_end = "09:00"\n'
    ),
    "config_not_utf8.toml": b'[meeting]\nsecretariat_name = "Secr\xe9tariat"\n',
    "config_secrets_missing.toml": SMTP + b'[secrets]\nfile = "{dir}/no-such-secrets.env"\n',
    "config_secrets_644.toml": SMTP + b'[secrets]\nfile = "{dir}/secrets_644.env"\n',
    "secrets_644.env": b'SMTP_PASSWORD = "hunter2"\n',
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
    Case("inputs_header_only.csv", INPUTS, ("no data rows", "nothing imported")),
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
    Case("roster_bad_email_double_at.csv", ROSTER, ("row 2", "Email")),
    Case("roster_bad_email_space.csv", ROSTER, ("row 2", "Email")),
    Case("roster_country_typo.csv", ROSTER, ("row 2", "Argentinaa", "did you mean Argentina")),
    Case("roster_unknown_category_typo.csv", ROSTER, ("row 2", "Acadmia")),
    Case("roster_timezone_offset.csv", ROSTER, ("row 2", "Time zone")),
    Case("roster_timezone_city_only.csv", ROSTER, ("row 2", "Time zone")),
    Case("roster_duplicate_zone_conflict.csv", ROSTER, ("row 3", "row 2")),
    Case("roster_formula_plus.csv", ROSTER, ("row 2", "formula")),
    Case("roster_formula_at.csv", ROSTER, ("row 2", "formula")),
    Case("roster_cell_10001.csv", ROSTER, ("row 2", "longer than")),
    Case("roster_semicolon_rows.csv", ROSTER, ("row 2",)),
    Case("roster_bad_boolean_word.csv", ROSTER, ("row 2", "perhaps")),
    Case("roster_xlsx_cell_10001.xlsx", ROSTER, ("row 2", "longer than")),
    Case("roster_xlsx_unknown_country.xlsx", ROSTER, ("row 2", "Atlantis")),
    Case("roster_xlsx_duplicate_conflict.xlsx", ROSTER, ("row 3", "row 2")),
    Case("mapping_unknown_field.json", MAPPING, ("'Given name'", "'nickname'")),
    Case("mapping_malformed_table.toml", MAPPING, ("not a valid JSON/TOML",)),
    Case(
        "mapping_two_columns_one_field.toml",
        MAPPING,
        ("'Email'", "'Given name'", "both mapped to 'email'"),
    ),
    Case("mapping_value_not_text.toml", MAPPING, ("'Given name'",)),
    Case("inputs_objective_o25.csv", INPUTS, ("row 2", "25", "use 1 to 23")),
    Case("inputs_objective_zero.csv", INPUTS, ("row 3", "0")),
    Case("inputs_category_typo.csv", INPUTS, ("row 2", "Civil societyy")),
    Case("inputs_blank_text.csv", INPUTS, ("row 2", "text is empty")),
    Case("inputs_bad_country_code.csv", INPUTS, ("row 2", "XX")),
    Case("config_scheduler_unknown_key.toml", CONFIG, ("scheduler.reminder_hour",)),
    Case("config_list_wrong_type.toml", CONFIG, ("meeting.interpretation_languages",)),
    Case("config_zone_city_only.toml", CONFIG, ("meeting.home_timezone",)),
    Case("config_quiet_hours_25.toml", CONFIG, ("scheduler.quiet_hours_start",)),
    Case("config_quiet_hours_am.toml", CONFIG, ("scheduler.quiet_hours_end",)),
    Case("config_negative_reminder.toml", CONFIG, ("scheduler.reminder_hours",)),
    Case("config_negative_days_before.toml", CONFIG, ("scheduler.invitations_days_before",)),
    Case("config_unknown_balance_rule.toml", CONFIG, ("gender-parityy",)),
    Case("config_unknown_agenda_rule.toml", CONFIG, ("no-such-rule",)),
    Case("config_bad_severity.toml", CONFIG, ("agenda.rules.overlap-track.severity",)),
    Case("config_transport_typo.toml", CONFIG, ("mail.transport", "smpt")),
    Case("config_smtp_port_zero.toml", CONFIG, ("mail.smtp.port",)),
    Case("config_smtp_port_high.toml", CONFIG, ("mail.smtp.port",)),
    Case("config_bad_sender.toml", CONFIG, ("mail.sender",)),
    Case("config_bad_secretariat_email.toml", CONFIG, ("meeting.secretariat_email",)),
    Case("config_unknown_platform.toml", CONFIG, ("video.platform", "skype")),
    Case("config_bad_language.toml", CONFIG, ("meeting.default_language",)),
    Case("config_working_hours_inverted.toml", CONFIG, ("working_hours_start",)),
    Case("config_not_utf8.toml", CONFIG, ("UTF-8",)),
    Case(
        "config_secrets_missing.toml",
        CONFIG_SEND,
        ("cannot read",),
        named="{dir}/no-such-secrets.env",
    ),
    Case("config_secrets_644.toml", CONFIG_SEND, ("chmod 600",), named="{dir}/secrets_644.env"),
    Case(
        "assignment-999999",
        ("people", "status", "--assignment", "999999", "--to", "invited"),
        ("999999",),
        file=False,
        named="",
    ),
    Case(
        "session-999999",
        ("session", "edit", "999999", "--title", "X"),
        ("999999",),
        file=False,
        named="",
    ),
    Case(
        "agenda-diff-99-100",
        ("agenda", "diff", "99", "100"),
        ("version 100", "published"),
        file=False,
        named="",
    ),
    Case(
        "annex-missing-dir",
        ("export", "annex", "-o", "{dir}/no-such-dir/annex.docx", "--format", "docx"),
        ("does not exist",),
        file=False,
        named="{dir}/no-such-dir/annex.docx",
    ),
    Case(
        "invite-nobody",
        ("invite", "preview", "--person", "nobody@x.org", "--session", "1"),
        ("nobody@x.org",),
        file=False,
        named="",
    ),
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
        "roster_xlsx_cell_10001.xlsx": _workbook([header, ["Ana", "p" * 10_001, "a@example.org"]]),
        "roster_xlsx_unknown_country.xlsx": _workbook(
            [[*header, "Country"], ["Ana", "Pérez", "a@example.org", "Atlantis"]]
        ),
        "roster_xlsx_duplicate_conflict.xlsx": _workbook(
            [
                [*header, "Country"],
                ["Ana", "Pérez", "ana@example.org", "México"],
                ["Anna", "Perez", "ANA@example.org", "Chile"],
            ]
        ),
    }


def build(folder: Path = HERE) -> None:
    """Write every file of the corpus into ``folder``."""
    (folder / "good_roster.csv").write_text(GOOD_ROSTER, encoding="utf-8")
    for name, data in {**TEXT_FILES, **xlsx_files()}.items():
        (folder / name).write_bytes(data)
    (folder / "cases.json").write_text(
        json.dumps({case.name: list(case.expect) for case in CASES if case.file}, indent=1) + "\n"
    )


if __name__ == "__main__":
    build()
