"""`meetingctl export ics` through the exports service: it creates missing folders, replaces an
existing feed and reads a relative -o against the working directory; database errors keep
their one-line messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy.exc import ArgumentError, OperationalError

from meetingctl.cli import main
from meetingctl.db import CHECK_URL_HINT, describe_database_error
from meetingctl.demo import create_demo


@pytest.fixture
def demo_url(engine_url: str, db_factory) -> str:  # type: ignore[no-untyped-def]
    with db_factory() as db:
        create_demo(db, people_count=20, seed=5, year=2021)
        db.commit()
    return engine_url


def test_export_ics_creates_folders_and_replaces_the_feed(
    demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new" / "folder" / "feed.ics"
    assert main(["--db", demo_url, "export", "ics", "-o", str(target)]) == 0
    first = capsys.readouterr().out
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert first == f"wrote {len(events)} sessions to {target}\n" and events
    target.write_bytes(b"old")
    assert main(["--db", demo_url, "export", "ics", "-o", str(target), "--utc"]) == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_export_ics_relative_path_is_the_working_directory(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[exports]\noutput_dir = "{tmp_path / "exports"}"\n', encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    args = ["--db", demo_url, "--config", str(config), "export", "ics", "-o", "feed.ics"]
    assert main(args) == 0
    assert (work / "feed.ics").is_file() and not (tmp_path / "exports").exists()


def test_database_errors_are_described_by_the_database_module() -> None:
    url = "postgresql://someone:pw@127.0.0.1:1/x"
    failed = OperationalError("SELECT 1", {}, Exception("connection refused\nmore detail pw"))
    message = describe_database_error(failed, url)
    shown = "postgresql://someone:***@127.0.0.1:1/x"
    assert message == f"cannot connect to database {shown}: connection refused; {CHECK_URL_HINT}"
    bad = describe_database_error(ArgumentError("Could not parse URL"), "x")
    assert bad == f"invalid database URL: Could not parse URL; {CHECK_URL_HINT}"
    assert describe_database_error(ValueError("no"), url) is None
