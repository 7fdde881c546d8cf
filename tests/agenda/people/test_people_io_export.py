"""Tests for roster export and rejects files (formula escaping, languages, round trips)."""

from __future__ import annotations

import csv
import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from agenda.people.export import escape_cell
from agenda.people.files import (
    PersonRecord,
    export_roster,
    read_people_file,
    write_rejects_csv,
)
from agenda.people.values import PLACEHOLDERS
from agenda.reference import countries, stakeholder_categories

DANGEROUS = ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx", '=HYPERLINK("http://e.example","x")']


def _person(**changes) -> PersonRecord:
    base = PersonRecord(
        given_name="Ana",
        family_name="Pérez",
        email="Ana@example.org",
        email_key="ana@example.org",
        honorific="Dra.",
        country="BO",
        gender="woman",
        organization="CEPAL",
        position="Directora",
        category="civil_society",
        languages=("es", "en"),
        timezone="America/La_Paz",
        is_youth=True,
        head_of_delegation=False,
        delegation="BO",
        accessibility="Subtítulos",
        phone="+591 2 000 000",
        source_row=2,
    )
    return dataclasses.replace(base, **changes)


def _read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("value", DANGEROUS)
def test_escape_cell(value):
    assert escape_cell(value) == "'" + value
    assert escape_cell("Ana") == "Ana" and escape_cell("") == ""


def test_csv_export_escapes_formulas_and_uses_spanish(tmp_path):
    people = [
        {"given_name": value, "family_name": "X", "email": "x@example.org"} for value in DANGEROUS
    ]
    people.append(_person().as_dict())
    path = tmp_path / "roster.csv"
    assert export_roster(people, path, "csv", "es") == len(DANGEROUS) + 1
    rows = _read_csv(path)
    assert rows[0][:4] == ["Tratamiento", "Nombre", "Apellidos", "Correo electrónico"]
    assert [row[1] for row in rows[1 : len(DANGEROUS) + 1]] == ["'" + v for v in DANGEROUS]
    last = dict(zip(rows[0], rows[-1], strict=True))
    assert last["País"] == "Bolivia (Estado Plurinacional de)"
    assert last["Género"] == "Mujer" and last["Joven"] == "Sí"
    assert last["Categoría de actor"] == "Sociedad civil"
    assert last["Teléfono"] == "'+591 2 000 000"


def test_xlsx_export_stores_formulas_as_text(tmp_path):
    people = [{"given_name": v, "family_name": "X", "email": "x@example.org"} for v in DANGEROUS]
    people.append({"given_name": "Bell\x07", "family_name": "Y", "email": "y@example.org"})
    path = tmp_path / "roster.xlsx"
    export_roster(people, path, "xlsx", "en")
    sheet = load_workbook(path).active
    assert sheet["B1"].value == "Given name"
    for row, value in enumerate(DANGEROUS, start=2):
        cell = sheet.cell(row=row, column=2)
        assert cell.data_type == "s" and cell.quotePrefix
        assert cell.value == value.replace("\r", "_x000D_") or cell.value == value
    assert sheet.cell(row=len(DANGEROUS) + 2, column=2).value == "Bell"


def test_unknown_export_format(tmp_path):
    with pytest.raises(ValueError, match="'csv' or 'xlsx'"):
        export_roster([], tmp_path / "x.pdf", "pdf")


@pytest.mark.parametrize(("fmt", "language"), [("csv", "en"), ("csv", "es"), ("xlsx", "es")])
def test_export_reads_back_identically(tmp_path, fmt, language):
    people = [
        _person(),
        _person(
            email="luis@example.org",
            email_key="luis@example.org",
            gender="undisclosed",
            country="TT",
            category="trade_unions",
            delegation=None,
            is_youth=False,
            head_of_delegation=True,
            accessibility=None,
            phone=None,
            languages=(),
            source_row=3,
        ),
    ]
    path = tmp_path / f"roster.{fmt}"
    export_roster(people, path, fmt, language)
    result = read_people_file(path)
    assert result.errors == [] and result.rows == people


_safe_text = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "Pd", "Po"]),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(lambda s: s and s[0] not in "-@+=" and s not in PLACEHOLDERS)
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    given_name=_safe_text,
    family_name=_safe_text,
    country=st.sampled_from([c.iso2 for c in countries()]),
    category=st.sampled_from([c.key for c in stakeholder_categories()]),
    gender=st.sampled_from(["woman", "man", "non_binary", "undisclosed", "unknown"]),
    language=st.sampled_from(["en", "es"]),
)
def test_round_trip_property(
    tmp_path, given_name, family_name, country, category, gender, language
):
    person = _person(
        given_name=given_name,
        family_name=family_name,
        country=country,
        category=category,
        gender=gender,
    )
    path = tmp_path / "roster.csv"
    export_roster([person], path, "csv", language)
    result = read_people_file(path)
    assert result.errors == []
    assert result.rows == [person]


def test_rejects_csv_has_reasons_original_cells_and_is_escaped(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "Nombre,Apellidos,Correo\nAna,=HYPERLINK(1),ana@example.org\nLuis,Gómez,bad\n", "utf-8"
    )
    result = read_people_file(source)
    out = tmp_path / "rejects.csv"
    assert write_rejects_csv(result.errors, out, result, "es") == 2
    rows = _read_csv(out)
    assert rows[0] == ["Fila", "Columna", "Valor", "Motivo", "Nombre", "Apellidos", "Correo"]
    assert rows[1][:3] == ["2", "Apellidos", "'=HYPERLINK(1)"]
    assert "fórmula" in rows[1][3]
    assert rows[1][4:] == ["Ana", "'=HYPERLINK(1)", "ana@example.org"]
    assert rows[2][0] == "3" and rows[2][1] == "Correo"
    plain = tmp_path / "plain.csv"
    write_rejects_csv(result.errors, plain)
    assert _read_csv(plain)[0] == ["Row", "Column", "Value", "Reason"]
