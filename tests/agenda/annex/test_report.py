"""The report skeleton: sections (a)-(g), round tables with inputs, participation figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from PIL import Image

from agenda.annex.document import build_annex
from agenda.annex.exporters.chart import bar_chart_png
from agenda.annex.inputs import import_inputs, parse_inputs_text
from agenda.annex.report import build_report, participation, write_report
from agenda.model.errors import ValidationError
from agenda.model.orm import StakeholderInput
from tests.agenda.annex.test_annex_data import build_dataset

SECTIONS = {
    "en": [
        "(a) Introduction",
        "(b) Executive summary",
        "(c) Key findings",
        "(d) Selected good practices and lessons learned from the region",
        "(e) Challenges and opportunities",
        "(f) Conclusions and recommendations for implementation and a future regional review",
        "(g) Annex: organization of work and list of participants",
    ],
    "es": [
        "a) Introducción",
        "b) Resumen ejecutivo",
        "c) Principales conclusiones",
        "d) Buenas prácticas seleccionadas y lecciones aprendidas en la región",
        "e) Desafíos y oportunidades",
        "f) Conclusiones y recomendaciones para la implementación y un futuro examen regional",
        "g) Anexo: organización de los trabajos y lista de participantes",
    ],
}
INPUTS = [
    StakeholderInput(
        organization="Red Datos",
        category="civil_society",
        country="MX",
        objectives=[17],
        text="Collect data by sex and age.",
    ),
    StakeholderInput(
        organization="Foro Niñez",
        category="children_youth",
        country=None,
        objectives=[7, 2],
        text="Protect children on the move.",
    ),
]


def _report(lang: str, inputs: list[StakeholderInput] | None = None, charts: bool = True):  # type: ignore[no-untyped-def]
    meeting, sessions, people = build_dataset()
    for index, session in enumerate(sessions):
        session.id = index + 1
    annex = build_annex(meeting, sessions, people, lang, "confirmed")
    return build_report(meeting, sessions, annex, inputs or [], charts=charts)


def _section(document, start: str, level: int = 1) -> list:  # type: ignore[no-untyped-def]
    found, inside = [], False
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if style == f"Heading {level}":
            if inside:
                break
            inside = paragraph.text == start
        if inside:
            found.append(paragraph)
    return found


@pytest.mark.parametrize("lang", ["en", "es"])
def test_sections_in_order_with_annex_filled_in(lang: str) -> None:
    document = _report(lang)
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == SECTIONS[lang]
    annex = [p.text for p in _section(document, SECTIONS[lang][6]) if p.style.name == "Heading 2"]
    assert (
        annex
        == {
            "en": ["Organization of work", "List of participants"],
            "es": ["Organización de los trabajos", "Lista de participantes"],
        }[lang]
    )
    groups = [
        p.text[0]
        for p in _section(document, SECTIONS[lang][6])
        if p.style.name == "Heading 3" and p.text[1:3] == ". "
    ]
    assert groups == list("ABCDEF")


def test_round_tables_have_objectives_speakers_room_and_their_inputs() -> None:
    document = _report("en", INPUTS, charts=False)
    key_findings = _section(document, SECTIONS["en"][2])
    tables = [p.text for p in key_findings if p.style.name == "Heading 2"]
    assert tables == ["Round table 1: data", "Round table 2: vulnerabilities"]
    first = [p.text for p in _section(document, "Round table 1: data", level=2)]
    assert "Objectives: 1. Data; 3. Information provision; 17. Eliminate discrimination" in first
    assert "Moderator: Ms. Ana Torres (IOM)" in first  # an acronym: parentheses never nest
    assert (
        "Panellists: Ms. Rosa Quiroga (Fundación <Uno> & Co); Ms. Carmen Hernández (Mexico)"
        in first
    )
    assert "[Summary of the discussion, to be drafted by the rapporteur.]" in first
    assert "Red Datos (Mexico, Civil society; Objective 17): Collect data by sex and age." in first
    assert not any("Foro Niñez" in t for t in first)
    second = [p.text for p in _section(document, "Round table 2: vulnerabilities", level=2)]
    assert any(
        t.startswith("Foro Niñez (Children and young people; Objectives 2, 7)") for t in second
    )
    assert not any("Red Datos" in t for t in second)


def test_round_table_without_inputs_says_so() -> None:
    document = _report("es", charts=False)
    texts = [p.text for p in _section(document, "Mesa redonda 2: vulnerabilidades", level=2)]
    assert "No se recibieron contribuciones escritas sobre estos objetivos." in texts


def test_participation_counts_by_country_region_gender_category() -> None:
    meeting, sessions, people = build_dataset()
    annex = build_annex(meeting, sessions, people, "es", "confirmed")
    by_country, by_region, by_gender, by_category = participation(annex.people, "es")
    assert by_country.rows[0] == ("Chile", 9) and by_country.total == 19
    assert dict(by_region.rows) == {
        "América del Sur": 14,
        "Centroamérica": 1,
        "Caribe": 1,
        "Fuera de la región": 3,
    }
    assert by_gender.rows == (("Mujeres", 12), ("Hombres", 6), ("Personas no binarias", 1))
    assert dict(by_category.rows)["Estado miembro"] == 13


def test_participation_tables_and_charts_in_the_document() -> None:
    document = _report("en")
    gender_table = next(
        t for t in document.tables if t.rows[0].cells[0].text == "Participants by gender"
    )
    assert [[c.text for c in row.cells] for row in gender_table.rows] == [
        ["Participants by gender", "Participants"],
        ["Women", "12"],
        ["Men", "6"],
        ["Non-binary people", "1"],
        ["Total", "19"],
    ]
    assert len(document.inline_shapes) == 4


def test_chart_is_a_png_with_one_bar_per_value() -> None:
    import io

    image = Image.open(io.BytesIO(bar_chart_png("Título", ["Mujeres", "Hombres"], [3, 1])))
    assert image.format == "PNG"
    row_y = [y for y in range(image.height) if image.getpixel((image.width // 2, y)) < 128]
    bands = sum(1 for a, b in zip(row_y, row_y[1:], strict=False) if b != a + 1) + bool(row_y)
    assert bands == 1  # only the longer bar reaches the middle of the chart
    with pytest.raises(ValueError):
        bar_chart_png("x", ["a"], [1, 2])


def test_write_report_from_the_database(tmp_path: Path, db_factory) -> None:  # type: ignore[no-untyped-def]
    records = parse_inputs_text("organization,objectives,text\nRed Datos,17,Data please\n", "q.csv")
    with db_factory() as db:
        meeting, _, _ = build_dataset(db)
        import_inputs(db, meeting, records, actor="t")
        target = write_report(db, meeting, "es", tmp_path / "informe.docx")
        with pytest.raises(ValidationError, match="already exists"):
            write_report(db, meeting, "es", target)
    document = Document(str(target))
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("Red Datos (Otras partes interesadas; Objetivo 17)") for t in texts)
    assert document.core_properties.language == "es-ES"
