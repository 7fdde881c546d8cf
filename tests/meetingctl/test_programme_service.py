"""ProgrammeService called directly (as the CLI and the TUI call it): the publish gate, the
session edits with their views, versions and diffs, and the fixes of issue 12."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from agenda.model.enums import SessionKind
from agenda.model.errors import ConflictError, ValidationError
from agenda.model.orm import AgendaVersion, Session
from agenda.programme.templates import build_meeting
from meetingctl.context import AppContext
from meetingctl.services.programme import ProgrammeService
from meetingctl.services.programme_views import (
    NewSession,
    SessionChanges,
    SessionInput,
    Slot,
)
from tests.conftest import url_of


@pytest.fixture
def ctx(engine, monkeypatch) -> AppContext:
    monkeypatch.setenv("MEETINGCTL_ACTOR", "service-test")
    context = AppContext(database_url=url_of(engine))
    with context.transaction() as db:
        db.add(
            build_meeting(
                "blank",
                title_en="Service review",
                start=date(2025, 4, 5),
                days=2,
                home_tz="America/Santiago",
                uid_domain="service.test",
            )
        )
    yield context
    context.close()


@pytest.fixture
def programme(ctx: AppContext) -> ProgrammeService:
    return ctx.services.programme


def _plenary(title: str, day: int, start: time, minutes: int = 60, track: str = "") -> NewSession:
    slot = Slot(day, start, duration=timedelta(minutes=minutes))
    return NewSession(kind="plenary", title_en=title, slot=slot, track=track)


def _versions(ctx: AppContext) -> int:
    with ctx.transaction() as db:
        return db.scalar(select(func.count()).select_from(AgendaVersion)) or 0


def test_services_container_gives_one_programme_service(ctx: AppContext) -> None:
    assert ctx.services.programme is ctx.services.programme
    assert isinstance(ctx.services.programme, ProgrammeService)


def test_publish_returns_the_version_number_and_the_session_count(programme) -> None:
    programme.add_session(_plenary("Opening", 1, time(9)))
    programme.add_session(_plenary("Closing", 1, time(11)))
    first = programme.publish("first")
    assert (first.number, first.sessions) == (1, 2)
    programme.add_session(_plenary("Wrap-up", 2, time(9)))
    second = programme.publish()
    assert (second.number, second.sessions) == (2, 3)
    assert [(v.number, v.sessions, v.note, v.actor) for v in programme.versions()] == [
        (1, 2, "first", "service-test"),
        (2, 3, "", "service-test"),
    ]


def test_publish_gate_refuses_errors_and_publishes_nothing(ctx, programme) -> None:
    programme.add_session(_plenary("Opening", 1, time(9)))
    programme.add_session(_plenary("Clash", 1, time(9, 30)))  # overlaps in the main track
    report = programme.check()
    assert [f.rule_id for f in report.errors] == ["overlap-track"]
    assert report.counts["error"] == 1
    with pytest.raises(ValidationError) as info:
        programme.publish("too early")
    message = str(info.value)
    assert "1 error(s)" in message and "agenda check" in message and "--force" in message
    assert _versions(ctx) == 0


def test_publish_with_force_publishes_despite_errors(ctx, programme) -> None:
    programme.add_session(_plenary("Opening", 1, time(9)))
    programme.add_session(_plenary("Clash", 1, time(9, 30)))
    published = programme.publish("anyway", force=True)
    assert (published.number, published.sessions) == (1, 2)
    assert _versions(ctx) == 1


def test_publish_gate_follows_the_configured_severities(tmp_path, engine) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[agenda.rules.overlap-track]\nseverity = "warning"\n')
    context = AppContext(config_path=str(config), database_url=url_of(engine))
    with context.transaction() as db:
        db.add(
            build_meeting(
                "blank", title_en="M", start=date(2025, 4, 5), days=1, home_tz="America/Santiago"
            )
        )
    programme = context.services.programme
    programme.add_session(_plenary("Opening", 1, time(9)))
    programme.add_session(_plenary("Clash", 1, time(9, 30)))
    report = programme.check()
    assert report.counts["error"] == 0
    assert [f.severity for f in report.findings if f.rule_id == "overlap-track"] == ["warning"]
    assert programme.publish().number == 1
    context.close()


def test_edits_return_views_and_honour_the_version_seen(programme) -> None:
    added = programme.add_session(_plenary("Opening", 1, time(9), track="A"))
    view = added.session
    assert added.home_tz == "America/Santiago" and view.day == 1 and view.minutes == 60
    edited = programme.edit_session(view.id, SessionChanges(title_es="Apertura", objectives=(3,)))
    assert edited.session.title("es") == "Apertura" and edited.session.objectives == (3,)
    with pytest.raises(ConflictError):
        programme.shift_session(view.id, 15, expected_version=view.version)
    moved = programme.shift_session(view.id, 15)
    assert moved.session.start - view.start == timedelta(minutes=15)
    longer = programme.resize_session(view.id, longer_by=timedelta(minutes=30))
    assert longer.session.minutes == 90
    with pytest.raises(ValidationError, match="nothing to change"):
        programme.edit_session(view.id, SessionChanges())


def test_session_form_saves_fields_time_and_length_at_once(programme) -> None:
    view = programme.add_session(_plenary("Opening", 1, time(9))).session
    form = SessionInput("Opening plenary", "", SessionKind.PLENARY, date(2025, 4, 6), time(10), 45)
    saved = programme.save_session(view.id, form, expected_version=view.version).session
    assert (saved.title_en, saved.day, saved.minutes) == ("Opening plenary", 2, 45)
    agenda = programme.agenda()
    assert [s.title_en for s in agenda.sessions] == ["Opening plenary"]
    assert agenda.findings is not None


def test_diff_against_the_current_working_state(programme) -> None:
    view = programme.add_session(_plenary("Opening", 1, time(9))).session
    programme.publish()
    programme.shift_session(view.id, 30)
    result = programme.diff("1", "current")
    assert (result.left, result.right) == ("v1", "current")
    assert [c.session_id for c in result.changes.moved] == [view.id]
    assert programme.diff("1").right == "v1"  # V1 alone: against the latest version


def test_diff_v1_alone_before_anything_is_published_compares_with_current(programme) -> None:
    programme.add_session(_plenary("Opening", 1, time(9)))
    result = programme.diff("0")
    assert (result.left, result.right) == ("nothing", "current")
    assert len(result.changes.added) == 1


def test_a_session_ending_in_the_dst_fold_is_refused(ctx, programme) -> None:
    # America/Santiago 2025-04-05: 23:00-23:59 happen twice (UTC-03:00, then UTC-04:00)
    with pytest.raises(ValidationError, match="session end would be 2025-04-05 23:00"):
        programme.add_session(_plenary("Late", 1, time(22, 30), minutes=90))
    with ctx.transaction() as db:
        assert db.scalar(select(func.count()).select_from(Session)) == 0


def test_a_title_with_a_line_break_is_refused_naming_the_field(programme) -> None:
    view = programme.add_session(_plenary("Opening", 1, time(9))).session
    with pytest.raises(ValidationError, match="title_en contains a control character"):
        programme.edit_session(view.id, SessionChanges(title_en="Opening\r\nInjected: yes"))
    with pytest.raises(ValidationError, match="title_es contains a control character"):
        programme.add_session(
            NewSession("plenary", "Other", Slot(1, time(11), duration=timedelta(hours=1)), "a\nb")
        )
