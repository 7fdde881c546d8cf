"""Issue 18 items 1 and 4 through the command: over-length values, NUL characters and stale
objective edits answer a message naming the field (exit 2) or a conflict (exit 3), never a
raw DataError/IntegrityError with SQL, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from agenda.model.orm import AuditEntry, Meeting, Person, Session
from agenda.model.uow import transaction
from meetingctl.db import make_session_factory
from tests.conftest import run_cli

RAW = ("Traceback", "DataError", "IntegrityError", "UPDATE ", "INSERT ", "[SQL")


@pytest.fixture
def cli(engine, engine_url, capsys, monkeypatch):
    monkeypatch.setenv("MEETINGCTL_ACTOR", "cli-test")

    def run(*args: str, ok: bool = True, real: bool = False):
        if real:
            result = run_cli("--db", engine_url, *args)
        else:
            from meetingctl.cli import main

            code = main(["--db", engine_url, *args])
            captured = capsys.readouterr()
            result = SimpleNamespace(returncode=code, stdout=captured.out, stderr=captured.err)
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    run(
        "init", "--template", "blank", "--title", "Bad values", "--start", "2021-04-26",
        "--tz", "America/Santiago",
    )  # fmt: skip
    run("session", "add", "--kind", "round_table", "--title", "RT", "--day", "1",
        "--start", "10:00", "--end", "11:00", "--objectives", "1,3,23")  # fmt: skip
    run.factory = make_session_factory(engine)
    return run


def _session(cli) -> Session:
    with transaction(cli.factory) as db:
        session = db.scalars(select(Session).where(Session.title_en == "RT")).one()
        session.objectives  # noqa: B018 - loaded while the transaction is open
        return session


def _audit_count(cli) -> int:
    with transaction(cli.factory) as db:
        return len(db.scalars(select(AuditEntry)).all())


def _refused(result, *words: str, code: int = 2) -> None:
    assert result.returncode == code, result.stderr
    for word in words:
        assert word in result.stderr
    for raw in RAW:
        assert raw not in result.stderr + result.stdout


def test_stale_objectives_edit_exits_3_and_keeps_the_first(cli):
    rt = _session(cli)
    sid, version = str(rt.id), str(rt.version)
    cli("session", "edit", sid, "--objectives", "1,2,23", "--if-version", version)
    second = cli(
        "session", "edit", sid, "--objectives", "3,4,23", "--if-version", version, ok=False
    )
    _refused(second, "changed by someone else", code=3)
    assert _session(cli).objectives == [1, 2, 23]


@pytest.mark.parametrize(
    ("option", "field", "limit"),
    [("--room", "room", 120), ("--title-es", "title_es", 300), ("--video-url", "video_url", 500)],
)
def test_over_length_session_value_names_field_and_limit(cli, option, field, limit):
    rt, before = _session(cli), _audit_count(cli)
    result = cli("session", "edit", str(rt.id), option, "x" * (limit + 1), ok=False)
    _refused(result, field, f"at most {limit}")
    assert getattr(_session(cli), field) == ""
    assert _audit_count(cli) == before


def test_over_length_room_through_the_real_command(cli):
    rt = _session(cli)
    result = cli("session", "edit", str(rt.id), "--room", "r" * 121, ok=False, real=True)
    _refused(result, "session room is 121 characters long; at most 120")


def test_nul_character_is_refused(cli):
    rt = _session(cli)
    result = cli("session", "edit", str(rt.id), "--description", "a\x00b", ok=False)
    _refused(result, "NUL character")
    assert _session(cli).description_en == ""


def test_long_actor_is_refused(cli, monkeypatch):
    rt = _session(cli)
    monkeypatch.setenv("MEETINGCTL_ACTOR", "a" * 121)
    result = cli("session", "edit", str(rt.id), "--room", "Sala 1", ok=False)
    _refused(result, "actor is 121 characters long", "MEETINGCTL_ACTOR")
    assert _session(cli).room == ""


def test_long_venue_is_refused(cli, tmp_path):
    result = cli(
        "--meeting", "other", "init", "--template", "blank", "--title", "Other",
        "--start", "2021-05-03", "--tz", "UTC", "--venue", "v" * 301, ok=False,
    )  # fmt: skip
    _refused(result, "venue is 301 characters long; at most 300")
    with transaction(cli.factory) as db:
        assert len(db.scalars(select(Meeting)).all()) == 1


def test_long_delegation_is_refused(cli):
    result = cli("people", "add", "--given-name", "Ana", "--delegation", "d" * 121, ok=False)
    _refused(result, "delegation", "120")
    with transaction(cli.factory) as db:
        assert db.scalars(select(Person)).all() == []
