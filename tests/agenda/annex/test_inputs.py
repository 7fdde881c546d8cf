"""Stakeholder inputs: CSV validation, import without duplicates, attachment to round tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from agenda.annex.inputs import (
    import_inputs,
    inputs_by_round_table,
    load_inputs,
    parse_inputs_text,
    parse_objectives,
    read_inputs_csv,
    resolve_category,
    resolve_country,
)
from agenda.model.errors import ValidationError
from agenda.model.orm import AuditEntry, StakeholderInput
from tests.agenda.annex.test_annex_data import build_dataset

GOOD = (
    "organization,country,category,objectives addressed,text\n"
    'Red Migrante,México,Civil society,"1, 17",Datos desagregados por sexo.\n'
    "Universidad X,CO,academia,Objective 7; Objetivo 2,Reducir vulnerabilidades.\n"
    "Sindicato Z,,,23,Cooperación.\n"
)


def test_parse_english_headers_and_values() -> None:
    records = parse_inputs_text(GOOD, "q.csv")
    assert [(r.row, r.organization, r.country, r.category, r.objectives) for r in records] == [
        (2, "Red Migrante", "MX", "civil_society", (1, 17)),
        (3, "Universidad X", "CO", "academia", (2, 7)),
        (4, "Sindicato Z", None, "other", (23,)),
    ]


def test_spanish_headers_semicolons_and_bom(tmp_path: Path) -> None:
    text = (
        "\ufeffOrganización;País;Categoría;Objetivos;Texto\n"
        "Colectivo Ñandú;Perú;Organizaciones de migrantes y diásporas;3;Información.\n"
    )
    path = tmp_path / "cuestionario.csv"
    path.write_text(text, encoding="utf-8")
    [record] = read_inputs_csv(path)
    assert (record.organization, record.country, record.category) == (
        "Colectivo Ñandú",
        "PE",
        "migrant_diaspora_org",
    )


def test_every_bad_row_is_reported_with_its_number() -> None:
    text = (
        "organization,country,category,objectives,text\n"
        "A,Atlantis,civil_society,1,x\n"
        "B,CL,wizards,1,x\n"
        "C,CL,academia,24,x\n"
        ",CL,academia,2,x\n"
        "E,CL,academia,none,x\n"
        "F,CL,academia,3,\n"
    )
    with pytest.raises(ValidationError) as info:
        parse_inputs_text(text, "q.csv")
    message = str(info.value)
    assert message.startswith("q.csv: 6 bad row(s), nothing imported")
    for expected in (
        "row 2: unknown country 'Atlantis'",
        "row 3: unknown category 'wizards'",
        "row 4: objective(s) 24 do not exist",
        "row 5: organization is empty",
        "row 6: no GCM objective number",
        "row 7: text is empty",
    ):
        assert expected in message


def test_missing_columns_and_encoding_are_explained(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="missing column\\(s\\) objectives, text"):
        parse_inputs_text("organization,country\nA,CL\n", "q.csv")
    path = tmp_path / "latin1.csv"
    path.write_bytes("organization,objectives,text\nAsociación,1,ñ\n".encode("latin-1"))
    with pytest.raises(ValidationError, match="is not UTF-8.*CSV UTF-8"):
        read_inputs_csv(path)
    with pytest.raises(ValidationError, match="does not exist"):
        read_inputs_csv(tmp_path / "nope.csv")


@given(
    st.lists(st.integers(1, 23), min_size=1, max_size=6), st.sampled_from([", ", ";", " / ", " y "])
)
def test_objectives_parse_any_separator(numbers: list[int], separator: str) -> None:
    assert parse_objectives(separator.join(map(str, numbers))) == tuple(sorted(set(numbers)))


def test_resolvers() -> None:
    assert resolve_country("bolivia (estado plurinacional de)") == "BO"
    assert resolve_country("BRA") == "BR"
    assert resolve_category("Sociedad civil") == "civil_society"
    with pytest.raises(ValueError, match="valid categories"):
        resolve_category("?")


def test_import_is_idempotent_and_audited(db_factory) -> None:  # type: ignore[no-untyped-def]
    records = parse_inputs_text(GOOD, "q.csv")
    with db_factory() as db:
        meeting, _, _ = build_dataset(db)
        first = import_inputs(db, meeting, records, actor="tester", source="q.csv")
        second = import_inputs(db, meeting, records, actor="tester", source="q.csv")
        db.commit()
        assert (first.added, first.duplicates) == (3, 0)
        assert (second.added, second.duplicates) == (0, 3)
        assert db.scalar(select(func.count()).select_from(StakeholderInput)) == 3
        actions = list(db.scalars(select(AuditEntry.action)))
        assert actions.count("inputs.import") == 2
        stored = load_inputs(db, meeting)
        assert stored[0].objectives == [1, 17] and stored[0].country == "MX"


def test_inputs_attach_to_round_tables_by_objective() -> None:
    meeting, sessions, _ = build_dataset()
    for index, session in enumerate(sessions):
        session.id = index + 1
    inputs = [
        StakeholderInput(organization=o, objectives=objs, text="t")
        for o, objs in (("one", [1]), ("seven", [7]), ("both", [3, 2]), ("none", [23]))
    ]
    by_table = inputs_by_round_table(sessions, inputs)
    assert {sid: [i.organization for i in items] for sid, items in by_table.items()} == {
        2: ["one", "both"],
        4: ["seven", "both"],
    }
