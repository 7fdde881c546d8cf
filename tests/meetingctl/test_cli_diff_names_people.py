"""Review fix: `agenda diff` names people and counts them with correct plurals (en, es)."""

from __future__ import annotations

import re

from sqlalchemy import select

from agenda.model.enums import SessionKind
from agenda.model.orm import Person, Session
from agenda.model.uow import transaction
from meetingctl.cli import main
from meetingctl.demo import create_demo


def run(url: str, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_diff_names_people_and_pluralizes(engine_url, db_factory, capsys) -> None:
    with transaction(db_factory) as db:
        create_demo(db, people_count=30, seed=2, year=2021)
        table = db.scalars(select(Session).where(Session.kind == SessionKind.ROUND_TABLE)).first()
        on_table = {a.person_id for a in table.assignments}
        newcomer = db.scalars(select(Person).where(Person.id.not_in(on_table))).first()
        table_id, newcomer_id, newcomer_name = table.id, newcomer.id, newcomer.full_name
        empty_break = db.scalars(select(Session).where(Session.kind == SessionKind.BREAK)).first()
        break_id = empty_break.id
    assert run(engine_url, capsys, "agenda", "publish", "--force")[0] == 0
    args = ["--session", str(table_id), "--person", str(newcomer_id), "--role", "panellist"]
    assert run(engine_url, capsys, "people", "assign", *args)[0] == 0
    assert run(engine_url, capsys, "session", "move", str(break_id), "--by", "+5")[0] == 0
    code, out, _ = run(engine_url, capsys, "agenda", "diff", "1", "current")
    assert code == 0
    assert f"#{table_id} " in out and f"joined: {newcomer_name}" in out
    assert not re.search(r"people [+-]\d", out) and f"+{newcomer_id}" not in out
    assert "[0 people affected]" in out  # the break: nobody on it
    assert "[1 people affected]" not in out
    es = run(engine_url, capsys, "agenda", "diff", "1", "current", "--lang", "es")[1]
    assert es.startswith("Cambios de v1 a estado actual")
    assert f"se suman: {newcomer_name}" in es and "[0 personas afectadas]" in es
    assert "restaffed" not in es and "people" not in es and "moved" not in es


def test_single_affected_person_is_singular(engine_url, db_factory, capsys) -> None:
    assert (
        main(
            [
                "--db",
                engine_url,
                "init",
                "--template",
                "blank",
                "--title",
                "T",
                "--start",
                "2021-04-26",
                "--tz",
                "America/Santiago",
            ]
        )
        == 0
    )
    with transaction(db_factory) as db:
        db.add(
            Person(
                given_name="Ana",
                family_name="Díaz",
                email="ana@example.org",
                email_key="ana@example.org",
            )
        )
    code, out, _ = run(
        engine_url,
        capsys,
        "session",
        "add",
        "--kind",
        "plenary",
        "--title",
        "P",
        "--day",
        "1",
        "--start",
        "10:00",
        "--duration",
        "1h",
    )
    session_id = out.split("#", 1)[1].split()[0]
    run(
        engine_url,
        capsys,
        "people",
        "assign",
        "--session",
        session_id,
        "--person",
        "1",
        "--role",
        "chair",
    )
    assert run(engine_url, capsys, "agenda", "publish", "--force")[0] == 0
    run(engine_url, capsys, "session", "move", session_id, "--by", "+10")
    out = run(engine_url, capsys, "agenda", "diff", "1", "current")[1]
    assert "[1 person affected]" in out
    es = run(engine_url, capsys, "agenda", "diff", "1", "current", "--lang", "es")[1]
    assert "[1 persona afectada]" in es
