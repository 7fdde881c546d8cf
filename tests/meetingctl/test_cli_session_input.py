"""`meetingctl session add|edit` refuse what would break the feeds (issue 12): an end on a
wall-clock time that happens twice in the home zone, and control characters in titles."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from agenda.model.orm import Session
from agenda.model.uow import transaction
from meetingctl.db import make_session_factory


@pytest.fixture
def cli(engine, engine_url, capsys, monkeypatch):
    from meetingctl.cli import main

    monkeypatch.setenv("MEETINGCTL_ACTOR", "cli-test")

    def run(*args: str, code: int = 0):
        result = main(["--db", engine_url, *args])
        captured = capsys.readouterr()
        assert result == code, captured.err
        return SimpleNamespace(stdout=captured.out, stderr=captured.err)

    run("init", "--template", "blank", "--title", "Fold", "--start", "2025-04-05",
        "--tz", "America/Santiago")  # fmt: skip
    run.factory = make_session_factory(engine)
    return run


def _titles(cli) -> list[str]:
    with transaction(cli.factory) as db:
        return [s.title_en for s in db.scalars(select(Session))]


def test_an_end_in_the_dst_fold_is_refused_with_the_reason(cli) -> None:
    refused = cli(
        "session", "add", "--kind", "plenary", "--title", "Late", "--day", "1",
        "--start", "22:30", "--duration", "90m", "--tz", "America/Santiago", code=2,
    )  # fmt: skip
    assert "session end would be 2025-04-05 23:00 in America/Santiago" in refused.stderr
    assert "happens twice" in refused.stderr and "Traceback" not in refused.stderr
    assert _titles(cli) == []
    cli(
        "session", "add", "--kind", "plenary", "--title", "Late", "--day", "1",
        "--start", "21:00", "--duration", "90m", "--tz", "America/Santiago",
    )  # fmt: skip
    assert _titles(cli) == ["Late"]


def test_titles_with_line_breaks_are_refused_naming_the_field(cli) -> None:
    refused = cli(
        "session", "add", "--kind", "plenary", "--title", "Opening\r\nX-Injected: 1",
        "--day", "1", "--start", "09:00", "--duration", "1h", code=2,
    )  # fmt: skip
    assert "title_en contains a control character" in refused.stderr
    cli(
        "session", "add", "--kind", "plenary", "--title", "Opening",
        "--day", "1", "--start", "09:00", "--duration", "1h",
    )  # fmt: skip
    with transaction(cli.factory) as db:
        session_id = db.scalar(select(Session.id))
    edited = cli("session", "edit", str(session_id), "--title", "Opening\nplenary", code=2)
    assert "title_en contains a control character (line feed, U+000A)" in edited.stderr
    spanish = cli("session", "edit", str(session_id), "--title-es", "Aper\ntura", code=2)
    assert "title_es contains a control character" in spanish.stderr
    assert _titles(cli) == ["Opening"]


def test_a_day_after_the_meeting_is_refused_and_a_date_is_offered(cli) -> None:
    refused = cli(
        "session", "add", "--kind", "plenary", "--title", "Far", "--day", "999",
        "--start", "09:00", "--duration", "1h", code=2,
    )  # fmt: skip
    assert "day 999 is after the meeting's last day (day 2, 2025-04-06)" in refused.stderr
    assert "--date YYYY-MM-DD" in refused.stderr and "Traceback" not in refused.stderr
    assert _titles(cli) == []
    for day in ("2", "0", "-3"):
        cli(
            "session", "add", "--kind", "plenary", "--title", f"Day {day}", "--day", day,
            "--start", "09:00", "--duration", "1h",
        )  # fmt: skip
    assert sorted(_titles(cli)) == ["Day -3", "Day 0", "Day 2"]
