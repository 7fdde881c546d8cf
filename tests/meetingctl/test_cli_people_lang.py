"""`people assign/substitute/unassign` confirmations in English and Spanish (--lang or [ui])."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from agenda.model.enums import Gender, SessionKind
from agenda.model.orm import Meeting, Person, Session
from agenda.model.uow import transaction
from meetingctl.cli import main

#: Expected confirmations per language: (assign, substitute, promote, unassign) patterns.
_EXPECTED = {
    "en": (
        r"^Assignment (\d+): Ana Holder as keynote speaker in session {session} \(nominated\)$",
        r"^Assignment (\d+): Bea Sub is substitute for assignment {holder}$",
        r"^Assignment {sub} \(Bea Sub\) now holds the role$",
        r"^Assignment {holder} removed$",
        "assignment {holder} has no active substitute",
    ),
    "es": (
        r"^Asignación (\d+): Ana Holder como oradora principal en la sesión {session} "
        r"\(propuesta\)$",
        r"^Asignación (\d+): Bea Sub es suplente de la asignación {holder}$",
        r"^Asignación {sub} \(Bea Sub\) ocupa ahora el cargo$",
        r"^Asignación {holder} eliminada$",
        "la asignación {holder} no tiene ninguna suplencia activa",
    ),
}


@pytest.fixture
def small(engine_url, db_factory):
    start = datetime(2021, 4, 26, 14, tzinfo=UTC)
    with transaction(db_factory) as db:
        meeting = Meeting(
            slug="m", title_en="M", home_tz="America/Santiago", start_date=date(2021, 4, 26)
        )
        meeting.sessions.append(
            Session(
                uid="rt1",
                kind=SessionKind.ROUND_TABLE,
                title_en="RT",
                start=start,
                end=start + timedelta(hours=1),
            )
        )
        people = [
            Person(given_name=given, family_name=family, gender=Gender.WOMAN, country="CL")
            for given, family in (("Ana", "Holder"), ("Bea", "Sub"))
        ]
        db.add(meeting)
        db.add_all(people)
        db.flush()
        return engine_url, meeting.sessions[0].id, [p.id for p in people]


@pytest.mark.parametrize("source", ["option", "config"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_roster_confirmations_in_each_language(
    small, capsys, tmp_path: Path, lang: str, source: str
) -> None:
    url, session_id, (holder_id, sub_id) = small
    config = tmp_path / "config.toml"
    other = "es" if lang == "en" else "en"
    config.write_text(f'[ui]\nlanguage = "{lang if source == "config" else other}"\n')
    chosen = ["--lang", lang] if source == "option" else []

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--config", str(config), "--db", url, "people", *args, *chosen])
        out = capsys.readouterr()
        return code, out.out.strip(), out.err

    assign, substitute, promote, removed, no_sub = _EXPECTED[lang]
    code, out, _ = run(
        "assign",
        "--session",
        str(session_id),
        "--person",
        str(holder_id),
        "--role",
        "keynote_speaker",
    )
    match = re.match(assign.format(session=session_id), out)
    assert code == 0 and match, out
    holder = int(match.group(1))
    code, out, _ = run("substitute", "--assignment", str(holder), "--person", str(sub_id))
    match = re.match(substitute.format(holder=holder), out)
    assert code == 0 and match, out
    sub = int(match.group(1))
    withdraw = ("status", "--assignment", str(holder), "--to", "withdrawn", "--no-promote")
    assert run(*withdraw)[0] == 0
    code, out, _ = run("substitute", "--assignment", str(holder), "--promote")
    assert code == 0 and re.match(promote.format(sub=sub), out), out
    code, _, err = run("substitute", "--assignment", str(holder), "--promote")
    assert code == 2 and no_sub.format(holder=holder) in err
    code, out, _ = run("unassign", "--assignment", str(holder))
    assert code == 0 and re.match(removed.format(holder=holder), out), out
