"""`inputs import` reads the exports of the questionnaire platforms organizers use (Qualtrics,
Google Forms, SurveyMonkey, KoboToolbox CSV and XLSX) in their own layouts, with a column
mapping when the questions are worded otherwise, and objectives written as people write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from agenda.annex.inputs import parse_objectives, read_inputs_csv
from agenda.model.errors import ValidationError

FIXTURES = Path(__file__).parent / "fixtures"
ALL = tuple(range(1, 24))


Summary = list[tuple[int, str, str | None, str, tuple[int, ...]]]


def _summary(path: Path) -> Summary:
    records = read_inputs_csv(path)
    return [(r.row, r.organization, r.country, r.category, r.objectives) for r in records]


def test_qualtrics_three_header_rows_with_import_ids() -> None:
    assert _summary(FIXTURES / "qualtrics.csv") == [
        (4, "Red Jesuita con Migrantes", "DO", "faith_based", (5, 7)),
        (5, "Municipality of Tapachula", "MX", "local_authorities", ALL),
        (6, "Defensoría de los Habitantes", "CR", "nhri", (23,)),
    ]
    [first, second, _] = read_inputs_csv(FIXTURES / "qualtrics.csv")
    assert first.text.startswith("Regularización de personas venezolanas")
    assert (first.language, second.language) == ("ES", "EN")


def test_google_forms_single_header_after_the_timestamp() -> None:
    assert _summary(FIXTURES / "google_forms.csv") == [
        (2, "Cruz Roja Colombiana", "CO", "red_cross", (5, 7, 16)),
        (3, "Jamaica Youth Network", "JM", "children_youth", ALL),
        (4, "Universidad de Chile", "CL", "academia", (5,)),
    ]


def test_surveymonkey_two_row_header_joins_the_option_columns() -> None:
    assert _summary(FIXTURES / "surveymonkey.csv") == [
        (3, "Haitian Diaspora Network", "HT", "migrant_diaspora_org", (2, 7)),
        (4, "CARICOM Secretariat", "GY", "igo", ALL),
    ]


def test_kobotoolbox_csv_with_group_paths_and_option_columns() -> None:
    assert _summary(FIXTURES / "kobo.csv") == [
        (2, "Servicio Jesuita a Migrantes", "CL", "civil_society", (5, 13)),
        (3, "OIM Perú", "PE", "un_system", (2,)),
    ]


def test_kobotoolbox_xlsx_reads_like_its_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for line in (FIXTURES / "kobo.csv").read_text(encoding="utf-8").splitlines():
        sheet.append(line.split(";"))
    path = tmp_path / "kobo.xlsx"
    workbook.save(path)
    assert _summary(path) == _summary(FIXTURES / "kobo.csv")


def test_a_column_mapping_names_questions_by_text_or_qualtrics_id(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "Q1,Q2,Q7,Q9\n"
        "Entidad que responde,Nación,Pregunta 7,Pregunta 9\n"
        '"{""ImportId"":""QID1_TEXT""}","{""ImportId"":""QID2""}","{""ImportId"":""QID7""}",'
        '"{""ImportId"":""QID9_TEXT""}"\n'
        "Red Clamor,Rep Dom,O10,Trata de personas en la frontera.\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[columns]\n"Entidad que responde" = "organization"\n"QID2" = "country"\n'
        '"Q7" = "objectives"\n"QID9_TEXT" = "text"\n',
        encoding="utf-8",
    )
    [record] = read_inputs_csv(export, mapping=mapping)
    assert (record.organization, record.country, record.objectives) == ("Red Clamor", "DO", (10,))
    assert record.text == "Trata de personas en la frontera."


def test_several_questions_mapped_to_text_are_joined_with_their_question(tmp_path: Path) -> None:
    export = tmp_path / "forms.csv"
    export.write_text(
        "Timestamp,Organization,Objectives,Good practices,Challenges\n"
        "2021/03/10,Red Migrante,5,Bilingual help desks,Backlogs\n",
        encoding="utf-8",
    )
    mapping = {"Good practices": "text", "Challenges": "text"}
    [record] = read_inputs_csv(export, mapping=mapping)
    assert record.text == "Good practices: Bilingual help desks\n\nChallenges: Backlogs"


def test_a_mapping_naming_a_missing_column_or_an_unknown_field_is_refused(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('"Q99" = "text"\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="'q99'.*does not have"):
        read_inputs_csv(FIXTURES / "qualtrics.csv", mapping=mapping)
    mapping.write_text('"Q1" = "organisation_name"\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="mapping.toml.*'organisation_name'.*organization"):
        read_inputs_csv(FIXTURES / "qualtrics.csv", mapping=mapping)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Todos", ALL),
        ("todos los objetivos", ALL),
        ("All", ALL),
        ("All objectives", ALL),
        ("Objetivo 5", (5,)),
        ("O5", (5,)),
        ("o5 o13", (5, 13)),
        ("5", (5,)),
        ("2; 7, 12", (2, 7, 12)),
        ("Objetivos 5 y 7", (5, 7)),
        ("Objective 23: Strengthen international cooperation", (23,)),
        ("Objetivo 17: ... Agenda 2030", (17,)),
        ("5 o 7", (5, 7)),
        ("Obj. 10", (10,)),
        ("", ()),
    ],
)
def test_objectives_as_people_write_them(text: str, expected: tuple[int, ...]) -> None:
    assert parse_objectives(text) == expected
