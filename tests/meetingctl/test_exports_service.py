"""ExportsService: the list of participants warns when nobody (or very few) would be listed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from agenda.annex.headcount import FEW_SHARE, Headcount, headcount_warnings
from agenda.model.enums import Attendance
from agenda.model.orm import AuditEntry, Person
from agenda.people.attendance import set_attendance
from agenda.programme.templates import build_meeting
from meetingctl.context import AppContext
from tests.conftest import run_cli, url_of


@pytest.fixture
def ctx(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    """A meeting with three registered people, none of them confirmed or attended."""
    monkeypatch.setenv("MEETINGCTL_ACTOR", "service-test")
    context = AppContext(database_url=url_of(engine))
    with context.transaction() as db:
        db.add(
            build_meeting(
                "gcm-regional-review",
                title_en="Review",
                title_es="Examen",
                start=date(2021, 4, 26),
                days=2,
                home_tz="America/Santiago",
                uid_domain="t.invalid",
            )
        )
        for given, family in (("Ana", "Uno"), ("Luis", "Dos"), ("Eva", "Tres")):
            db.add(Person(given_name=given, family_name=family, country="CL", category="ngo"))
    yield context
    context.close()


def test_empty_list_of_participants_warns_who_counts_and_how_to_fix(
    ctx: AppContext, tmp_path: Path
) -> None:
    result = ctx.services.exports.annex(tmp_path / "a.md", participants="attended")
    assert result.path.is_file() and result.fmt == "md"
    assert result.headcount == Headcount(Attendance.ATTENDED, 0, 3)
    [warning] = result.warnings
    assert warning.kind == "empty"
    text = warning.message("en")
    assert 'participants = "attended"' in text and "none of the 3 registered people" in text
    assert "meetingctl people attendance --person ID" in text and "--status attended" in text
    assert "--participants" in text and "[exports] participants" in text
    assert "ninguna de las 3 personas inscritas" in warning.message("es")
    with ctx.transaction() as db:
        entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "export.annex")).one()
        assert entry.details["listed"] == 0 and entry.details["participants"] == "attended"


def test_no_warning_once_attendance_is_recorded(ctx: AppContext, tmp_path: Path) -> None:
    with ctx.transaction() as db:
        ids = list(db.scalars(select(Person.id).order_by(Person.id)))[:2]
        set_attendance(db, ids, Attendance.ATTENDED, actor="t")
    result = ctx.services.exports.annex(tmp_path / "a.csv", participants="attended")
    assert result.headcount.listed == 2 and result.warnings == ()
    report = ctx.services.exports.report(tmp_path / "r.docx", participants="attended")
    assert report.headcount.listed == 2 and report.warnings == ()


def test_report_carries_the_warning_and_the_cli_prints_it(
    ctx: AppContext, tmp_path: Path, engine: Engine
) -> None:
    report = ctx.services.exports.report(tmp_path / "r.docx")  # default: confirmed
    assert [w.kind for w in report.warnings] == ["empty"]
    target = tmp_path / "a.xlsx"
    done = run_cli("--db", url_of(engine), "export", "annex", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert "0 participants (confirmed)" in done.stdout
    assert "Warning: the list of participants is empty" in done.stderr


def test_much_smaller_list_warns_and_nobody_registered_says_so() -> None:
    few = headcount_warnings(Headcount(Attendance.CONFIRMED, 3, 40))
    assert [w.kind for w in few] == ["few"]
    assert "only 3 of the 40 registered people" in few[0].message("en")
    enough = int(40 * FEW_SHARE)
    assert headcount_warnings(Headcount(Attendance.CONFIRMED, enough, 40)) == ()
    [nobody] = headcount_warnings(Headcount(Attendance.REGISTERED, 0, 0))
    assert "meetingctl people import" in nobody.message("en")
