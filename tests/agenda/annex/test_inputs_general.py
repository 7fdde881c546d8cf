"""Inputs without an objective are kept as general inputs; categories by label or alias."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from agenda.annex.inputs import input_warnings, parse_inputs_text
from agenda.model.errors import ValidationError
from agenda.model.orm import StakeholderInput
from agenda.people.normalize import normalize_category
from tests.agenda.annex.test_report import _report, _section

CSV = (
    "organization,country,category,objectives,text\n"
    "Red Datos,MX,civil society,17,Collect data.\n"
    "Colectivo Sin Tema,CL,children and youth,,Listen to young migrants.\n"
)


def test_row_without_objective_is_accepted_with_a_warning() -> None:
    records = parse_inputs_text(CSV, "q.csv")
    assert [(r.organization, r.category, r.objectives) for r in records] == [
        ("Red Datos", "civil_society", (17,)),
        ("Colectivo Sin Tema", "children_youth", ()),
    ]
    assert input_warnings(records, "q.csv") == [
        "q.csv: row 3: no GCM objective given; imported as a general input "
        "(not attached to a round table)"
    ]


@pytest.mark.parametrize(
    "text", ["children and youth", "Children & Youth", "niñez y juventud", "children_youth"]
)
def test_children_and_youth_aliases(text: str) -> None:
    assert normalize_category(text) == "children_youth"


def test_unknown_category_lists_labels_not_codes() -> None:
    bad = "organization,category,objectives,text\nX,wizards,1,t\n"
    with pytest.raises(ValidationError) as info:
        parse_inputs_text(bad, "q.csv")
    message = str(info.value)
    assert "Children and young people" in message and "Civil society" in message
    assert "children_youth" not in message and "civil_society" not in message


@pytest.mark.parametrize(
    ("lang", "heading", "objective"),
    [("en", "General inputs", "Objective 17"), ("es", "Aportes generales", "Objetivo 17")],
)
def test_report_lists_general_inputs(
    tmp_path: Path, lang: str, heading: str, objective: str
) -> None:
    inputs = [
        StakeholderInput(
            organization="Red Datos",
            category="civil_society",
            country="MX",
            objectives=[17],
            text="Collect data.",
        ),
        StakeholderInput(
            organization="Colectivo Sin Tema",
            category="children_youth",
            country="CL",
            objectives=[],
            text="Listen to young migrants.",
        ),
    ]
    path = tmp_path / "report.docx"
    _report(lang, inputs, charts=False).save(str(path))
    document = Document(str(path))
    general = [p.text for p in _section(document, heading, level=2)][:3]
    assert general[0] == heading
    assert general[1].startswith("Colectivo Sin Tema (Chile")
    assert general[2].startswith(("(d)", "d)"))  # the next section: one general input only
    assert general[1].endswith("Listen to young migrants.")
    texts = [p.text for p in document.paragraphs]
    assert sum("Colectivo Sin Tema" in t for t in texts) == 1
    assert any(t.startswith("Red Datos (") and f"; {objective}):" in t for t in texts)
