"""Positions and organization names in English and Spanish: a people file's Cargo/Position and
Organización/Organization columns land in the right language, `people add`/`people edit` take
them, and the annex of each language prints its own (the other with the visible mark)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from agenda.annex.document import build_annex, load_people
from agenda.model.orm import Person
from agenda.model.uow import transaction
from agenda.people.columns import resolve_columns
from agenda.programme.reading import load_sessions
from meetingctl.cli import main
from meetingctl.demo import create_demo


def test_header_recognition_puts_each_language_in_its_field() -> None:
    headers = ["Nombre", "Apellidos", "Correo", "Cargo", "Position", "Organization", "Organización"]
    positions, _ = resolve_columns(headers, None, "f.csv")
    assert [positions[i] for i in range(3, 7)] == [
        "position_es",
        "position",
        "organization",
        "organization_es",
    ]
    alone, _ = resolve_columns(["Nombre", "Apellidos", "Correo", "Organización"], None, "f.csv")
    assert alone[3] == "organization"  # one column: the name as recorded
    pair, _ = resolve_columns(["Nombre", "Apellidos", "Correo", "Cargo / Position"], None, "f")
    assert pair[3] == "position_es"  # the language named first


def test_import_and_edit_store_both_languages(
    engine_url, db_factory, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Nombre,Apellidos,Correo,País,Tipo de actor,Cargo,Position,Organization,Organización\n"
        "Alicia,Williams,alicia@example.org,Antigua y Barbuda,Gobierno,"
        '"Embajadora, Representante Permanente","Ambassador, Permanent Representative",'
        "Ministry of Foreign Affairs of Antigua and Barbuda,"
        "Ministerio de Relaciones Exteriores de Antigua y Barbuda\n"
        "Bea,Jones,bea@example.org,Antigua y Barbuda,Gobierno,,Adviser,,\n",
        encoding="utf-8",
    )
    assert main(["--db", engine_url, "people", "import", str(roster)]) == 0
    with transaction(db_factory) as db:
        alicia = db.scalars(select(Person).where(Person.given_name == "Alicia")).one()
        assert alicia.position == "Ambassador, Permanent Representative"
        assert alicia.position_es == "Embajadora, Representante Permanente"
        assert alicia.organization is not None
        assert alicia.organization.name == "Ministry of Foreign Affairs of Antigua and Barbuda"
        assert alicia.organization.name_es == (
            "Ministerio de Relaciones Exteriores de Antigua y Barbuda"
        )
        bea_id = db.scalars(select(Person.id).where(Person.given_name == "Bea")).one()
    capsys.readouterr()
    code = main(
        [
            "--db",
            engine_url,
            "people",
            "edit",
            "--person",
            str(bea_id),
            "--position-es",
            "Asesora",
            "--organization",
            "Cancillería",
            "--organization-es",
            "Ministerio de Relaciones Exteriores",
            "--rank",
            "3",
        ]
    )
    assert code == 0 and f"Updated person {bea_id}: Bea Jones" in capsys.readouterr().out
    with transaction(db_factory) as db:
        bea = db.get(Person, bea_id)
        assert bea is not None
        assert (bea.position, bea.position_es, bea.rank) == ("Adviser", "Asesora", 3)
        assert bea.organization is not None
        assert bea.organization.name_es == "Ministerio de Relaciones Exteriores"
    code = main(["--db", engine_url, "people", "edit", "--person", str(bea_id), "--rank", "0"])
    assert code != 0 and "rank: 0 is out of range" in capsys.readouterr().err


def test_demo_looks_like_the_real_meeting(db_factory) -> None:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        meeting = create_demo(db, people_count=150, seed=2021)
        assert meeting.start_date.year >= 2026  # dated in the future by default
        people = load_people(db)
        names = [p.full_name for p in people]
        assert len(names) == len(set(names))
        ministers: dict[str, int] = {}
        for person in people:
            assert person.position and person.position_es
            if person.position.startswith("Minister "):
                ministers[person.country or ""] = ministers.get(person.country or "", 0) + 1
                ministry = person.position.removeprefix("Minister ")
                assert person.organization is not None
                assert ministry.removeprefix("of ").split()[-1] in person.organization.name
        assert ministers and max(ministers.values()) == 1
        categories = {p.category for p in people}
        assert {"associate_member", "parliamentarians", "red_cross", "employers_org"} <= categories
        assert any(p.organization and "Migration" in p.organization.name for p in people)
        ministries = " | ".join(p.organization.name for p in people if p.organization)
        for ministry in ("Foreign Affairs", "the Interior", "Labour", "Social Development"):
            assert f"Ministry of {ministry} of " in ministries
        annex = build_annex(meeting, load_sessions(db, meeting), people, "es", "registered")
        keys = [g.key for g in annex.groups]
        assert keys[0] == "member_states" and keys[-1] == "secretariat"
        assert {"associate_members", "other_states"} <= set(keys)
        secretariat = annex.groups[-1]
        assert [d.name for d in secretariat.delegations] == [
            "Comisión Económica para América Latina y el Caribe (CEPAL)",
            "Organización Internacional para las Migraciones (OIM)",
        ]
        assert secretariat.delegations[0].entries[0].position == "Secretaria Ejecutiva" or (
            secretariat.delegations[0].entries[0].position == "Secretario Ejecutivo"
        )
        positions = [e.position for g in annex.groups for d in g.delegations for e in d.entries]
        assert not any(p.startswith("[EN]") for p in positions)  # no English in Spanish


def test_demo_year_2021_reproduces_the_2021_review(db_factory) -> None:  # type: ignore[no-untyped-def]
    with transaction(db_factory) as db:
        meeting = create_demo(db, people_count=20, seed=1, year=2021)
        assert str(meeting.start_date) == "2021-04-26"


def test_people_edit_sets_the_annex_group(engine_url, db_factory, capsys) -> None:  # type: ignore[no-untyped-def]
    base = ["--db", engine_url, "people"]
    assert main([*base, "add", "--given-name", "Ana", "--category", "civil_society"]) == 0
    with transaction(db_factory) as db:
        person_id = db.scalars(select(Person.id)).one()
    assert main([*base, "edit", "--person", str(person_id), "--annex-group", "se"]) == 0
    with transaction(db_factory) as db:
        assert db.get(Person, person_id).annex_group == "SE"  # type: ignore[union-attr]
    capsys.readouterr()
    assert main([*base, "edit", "--person", str(person_id), "--annex-group", "ZZ"]) != 0
    assert "annex_group: 'ZZ' is not a group" in capsys.readouterr().err
    assert main([*base, "edit", "--person", str(person_id), "--annex-group", "auto"]) == 0
    with transaction(db_factory) as db:
        assert db.get(Person, person_id).annex_group is None  # type: ignore[union-attr]
