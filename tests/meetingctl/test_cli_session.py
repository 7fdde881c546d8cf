"""`meetingctl session ...` through the real command, checked against the database."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from agenda.model.orm import AuditEntry, Session
from agenda.model.uow import transaction
from meetingctl.db import make_session_factory
from tests.conftest import run_cli


def _in_process(args, capsys):
    """The real entry point (meetingctl.cli.main) without a subprocess: same parsing, exit codes
    and error printing, much faster; a few calls per test still go through `python -m`."""
    from meetingctl.cli import main

    code = main(list(args))
    captured = capsys.readouterr()
    return SimpleNamespace(returncode=code, stdout=captured.out, stderr=captured.err)


@pytest.fixture
def cli(engine, engine_url, capsys, monkeypatch):
    url = engine_url
    monkeypatch.setenv("MEETINGCTL_ACTOR", "cli-test")

    def run(*args: str, ok: bool = True, real: bool = False):
        if real:
            result = run_cli("--db", url, *args)
        else:
            result = _in_process(["--db", url, *args], capsys)
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    run(
        "init",
        "--template",
        "blank",
        "--title",
        "CLI review",
        "--start",
        "2021-04-26",
        "--tz",
        "America/Santiago",
    )
    run.factory = make_session_factory(engine)
    return run


def _sessions(cli):
    with transaction(cli.factory) as db:
        return {s.title_en: s for s in db.scalars(select(Session))}


def test_session_lifecycle(cli):
    out = cli(
        "session",
        "add",
        "--kind",
        "round_table",
        "--title",
        "RT 1",
        "--title-es",
        "MR 1",
        "--day",
        "1",
        "--start",
        "10:15",
        "--duration",
        "90m",
        "--objectives",
        "1,3,17,23",
        "--area",
        "1",
    ).stdout
    assert "10:15-11:45 America/Santiago (UTC-04:00) day 1" in out
    cli(
        "session",
        "add",
        "--kind",
        "break",
        "--title",
        "Break",
        "--day",
        "1",
        "--start",
        "11:45",
        "--end",
        "12:00",
    )
    rt = _sessions(cli)["RT 1"]
    assert (rt.start, rt.end) == (
        datetime(2021, 4, 26, 14, 15, tzinfo=UTC),
        datetime(2021, 4, 26, 15, 45, tzinfo=UTC),
    )
    assert rt.objectives == [1, 3, 17, 23] and rt.thematic_area == 1

    cli("session", "move", str(rt.id), "--by", "-15")
    cli("session", "resize", str(rt.id), "--end", "11:00")
    cli(
        "session",
        "edit",
        str(rt.id),
        "--title",
        "RT one",
        "--track",
        "B",
        "--if-version",
        str(rt.version + 2),
    )
    cli(
        "session",
        "move",
        str(rt.id),
        "--day",
        "2",
        "--start",
        "09:00",
        "--tz",
        "America/Mexico_City",
    )
    moved = _sessions(cli)["RT one"]
    assert (moved.start, moved.end) == (
        datetime(2021, 4, 27, 14, tzinfo=UTC),
        datetime(2021, 4, 27, 15, tzinfo=UTC),
    )
    assert moved.track == "B" and moved.sequence == 4

    stale = cli(
        "session", "edit", str(rt.id), "--title", "Mine", "--if-version", "1", ok=False, real=True
    )
    assert stale.returncode == 3 and "changed by someone else" in stale.stderr

    copy_out = cli("session", "duplicate", str(rt.id)).stdout
    assert "2021-04-27 11:00-12:00" in copy_out  # follows the original directly
    brk = _sessions(cli)["Break"]
    cli("session", "swap", str(rt.id), str(brk.id))
    with transaction(cli.factory) as db:
        assert db.get(Session, brk.id).start == moved.start
        assert db.get(Session, rt.id).start == brk.start
    cli("session", "delete", str(brk.id), "--yes")
    assert "Break" not in _sessions(cli)
    with transaction(cli.factory) as db:
        actions = [e.action for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert {e.actor for e in db.scalars(select(AuditEntry))} >= {"cli-test"}
    assert actions[-8:] == [
        "session.add",
        "session.move",
        "session.resize",
        "session.edit",
        "session.move",
        "session.duplicate",
        "session.swap",
        "session.delete",
    ]


BAD_INPUT = [
    (["--day", "1", "--start", "25:00", "--duration", "1h"], "HH:MM"),
    (["--day", "1", "--start", "10:00"], "either an end time or a duration"),
    (["--date", "2021-09-05", "--start", "00:30", "--duration", "1h"], "does not exist"),
    (["--date", "2021-04-03", "--start", "23:30", "--duration", "1h"], "happens twice"),
    (
        ["--day", "1", "--start", "10:00", "--duration", "1h", "--tz", "America/Santiagoo"],
        "did you mean America/Santiago",
    ),
    (
        ["--day", "1", "--start", "10:00", "--duration", "1h", "--objectives", "0,3"],
        "GCM objectives are 1 to 23",
    ),
]


def test_bad_input_is_explained(cli):
    for index, (args, message) in enumerate(BAD_INPUT):
        result = cli(
            "session",
            "add",
            "--kind",
            "plenary",
            "--title",
            "X",
            *args,
            ok=False,
            real=index == 2,  # one through `python -m meetingctl`
        )
        assert result.returncode == 2, args
        assert message in result.stderr and "Traceback" not in result.stderr
    assert _sessions(cli) == {}


def test_confirmations_follow_the_ui_language(cli, tmp_path):
    config = tmp_path / "es.toml"
    config.write_text('[ui]\nlanguage = "es"\n')
    out = cli(
        "--config",
        str(config),
        "session",
        "add",
        "--kind",
        "break",
        "--title",
        "Break",
        "--title-es",
        "Pausa",
        "--day",
        "2",
        "--start",
        "10:30",
        "--duration",
        "15m",
    ).stdout
    assert out.startswith("Añadida #") and "[Pausa] " in out and "día 2: Pausa" in out
