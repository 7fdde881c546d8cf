"""The programme as the Agenda and Round tables screens see it, and the session operations.

Reading uses :func:`agenda.programme.reading.load_sessions`; every change goes through
``agenda.programme.operations`` (with the version the organizer saw, so a concurrent edit is
detected),
checks through ``agenda.programme.checks.check_programme`` and publication through
``agenda.programme.versions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from agenda.model.orm import SessionKind
from agenda.programme.reading import load_sessions, meeting_day
from agenda.time.zones import local_to_utc
from meetingctl.context import AppContext
from meetingctl.tui.data import NotAvailableYet, domain

OPERATIONS = "agenda.programme.operations"


@dataclass(frozen=True)
class RoleView:
    """One person holding a role in a session."""

    assignment_id: int
    version: int
    person_id: int
    name: str
    role: str
    status: str
    country: str


@dataclass(frozen=True)
class FindingView:
    """One finding of the agenda or balance checks, as the domain wrote it."""

    rule_id: str
    severity: str
    message: str
    message_es: str = ""
    session_ids: tuple[int, ...] = ()
    person_ids: tuple[int, ...] = ()

    def text(self, lang: str) -> str:
        """The message in ``lang`` (Spanish falls back to English when absent)."""
        return (self.message_es if lang == "es" else self.message) or self.message


@dataclass(frozen=True)
class SessionView:
    """One programme item."""

    id: int
    version: int
    kind: SessionKind
    title_en: str
    title_es: str
    start: datetime
    end: datetime
    track: str
    objectives: tuple[int, ...]
    thematic_area: int | None
    day: int
    roles: tuple[RoleView, ...]

    def title(self, lang: str) -> str:
        """The title in ``lang``, falling back to English."""
        return (self.title_es if lang == "es" else self.title_en) or self.title_en or self.title_es

    @property
    def minutes(self) -> int:
        """Length in minutes."""
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class AgendaView:
    """The meeting, its sessions in start order, and the check findings (None: checks absent)."""

    meeting_id: int
    title_en: str
    title_es: str
    home_tz: str
    start_date: date
    days: int
    sessions: tuple[SessionView, ...]
    findings: tuple[FindingView, ...] | None

    def title(self, lang: str) -> str:
        """The meeting title in ``lang``."""
        return (self.title_es if lang == "es" else self.title_en) or self.title_en

    def session(self, session_id: int) -> SessionView | None:
        """The session with ``session_id``, if loaded."""
        return next((s for s in self.sessions if s.id == session_id), None)

    def findings_for(self, session_id: int) -> list[FindingView]:
        """Findings that name ``session_id``."""
        return [f for f in self.findings or () if session_id in f.session_ids]

    def day_date(self, day: int) -> date:
        """Calendar date of meeting day ``day`` (1-based) in the home zone."""
        return self.start_date + timedelta(days=day - 1)


@dataclass(frozen=True)
class SessionInput:
    """What the session form collects (local times in the home zone)."""

    title_en: str
    title_es: str
    kind: SessionKind
    day: date
    start: time
    minutes: int
    track: str = ""
    objectives: tuple[int, ...] = ()


def finding_view(finding: Any) -> FindingView:
    """Copy a domain finding (any object with the Finding fields) into a view."""
    severity = getattr(finding, "severity", "warning")
    return FindingView(
        rule_id=str(getattr(finding, "rule_id", "")),
        severity=str(getattr(severity, "value", severity)),
        message=str(getattr(finding, "message", "")),
        message_es=str(getattr(finding, "message_es", "") or ""),
        session_ids=tuple(getattr(finding, "session_ids", ()) or ()),
        person_ids=tuple(getattr(finding, "person_ids", ()) or ()),
    )


def load_agenda(ctx: AppContext) -> AgendaView:
    """Read the meeting, its sessions with roles, and the agenda check findings."""
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        sessions = load_sessions(db, meeting)
        views = tuple(
            SessionView(
                id=s.id,
                version=s.version,
                kind=s.kind,
                title_en=s.title_en,
                title_es=s.title_es,
                start=s.start,
                end=s.end,
                track=s.track,
                objectives=tuple(s.objectives),
                thematic_area=s.thematic_area,
                day=meeting_day(meeting, s.start),
                roles=tuple(
                    RoleView(
                        a.id,
                        a.version,
                        a.person_id,
                        a.person.full_name,
                        a.role.value,
                        a.status.value,
                        a.person.country or "",
                    )
                    for a in s.assignments
                ),
            )
            for s in sessions
        )
        try:
            check = domain("agenda.programme.checks", "check_programme", "checks")
            settings: Any = domain("agenda.programme.checks", "CheckSettings", "checks")
            found = check(meeting, sessions, settings.from_config(ctx.config.agenda))
            findings: tuple[FindingView, ...] | None = tuple(finding_view(f) for f in found)
        except NotAvailableYet:
            findings = None
        return AgendaView(
            meeting_id=meeting.id,
            title_en=meeting.title_en,
            title_es=meeting.title_es,
            home_tz=meeting.home_tz,
            start_date=meeting.start_date,
            days=meeting.days,
            sessions=views,
            findings=findings,
        )


def _times(home_tz: str, values: SessionInput) -> tuple[datetime, datetime]:
    start = local_to_utc(values.day, values.start, home_tz)
    return start, start + timedelta(minutes=values.minutes)


def add_session(ctx: AppContext, values: SessionInput) -> int:
    """Create a session; returns its id."""
    add = domain(OPERATIONS, "add_session", "add_session")
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        start, end = _times(meeting.home_tz, values)
        session = add(
            db,
            meeting,
            actor=ctx.actor,
            kind=values.kind,
            title_en=values.title_en,
            title_es=values.title_es,
            start=start,
            end=end,
            track=values.track,
            objectives=list(values.objectives),
        )
        return int(session.id)


def edit_session(
    ctx: AppContext, session_id: int, expected_version: int, values: SessionInput
) -> None:
    """Save the session form: fields, then start and length, in one transaction.

    ConflictError when the session changed since ``expected_version``.
    """
    edit = domain(OPERATIONS, "edit_session", "edit_session")
    move = domain(OPERATIONS, "move_session", "move_session")
    resize = domain(OPERATIONS, "resize_session", "resize_session")
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        start, end = _times(meeting.home_tz, values)
        session = edit(
            db,
            meeting,
            session_id,
            actor=ctx.actor,
            expected_version=expected_version,
            kind=values.kind,
            title_en=values.title_en,
            title_es=values.title_es,
            track=values.track,
            objectives=list(values.objectives),
        )
        if session.start != start:
            session = move(db, meeting, session_id, start=start, actor=ctx.actor)
        if session.end != end:
            resize(db, meeting, session_id, end=end, actor=ctx.actor)


def set_objectives(
    ctx: AppContext, session_id: int, expected_version: int, objectives: list[int]
) -> None:
    """Replace a round table's objectives."""
    edit = domain(OPERATIONS, "edit_session", "edit_session")
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        edit(
            db,
            meeting,
            session_id,
            actor=ctx.actor,
            expected_version=expected_version,
            objectives=objectives,
        )


def move_session(ctx: AppContext, session_id: int, expected_version: int, minutes: int) -> None:
    """Shift a session by ``minutes`` (negative: earlier)."""
    shift = domain(OPERATIONS, "shift_session", "move_session")
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        shift(
            db,
            meeting,
            session_id,
            minutes=minutes,
            actor=ctx.actor,
            expected_version=expected_version,
        )


def resize_session(ctx: AppContext, session_id: int, expected_version: int, minutes: int) -> None:
    """Make a session ``minutes`` longer (negative: shorter)."""
    resize = domain(OPERATIONS, "resize_session", "resize_session")
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        current = domain(OPERATIONS, "get_session", "resize_session")(db, meeting, session_id)
        duration = current.end - current.start + timedelta(minutes=minutes)
        resize(
            db,
            meeting,
            session_id,
            duration=duration,
            actor=ctx.actor,
            expected_version=expected_version,
        )


def duplicate_session(ctx: AppContext, session_id: int) -> int:
    """Copy a session (without its people); returns the new id."""
    duplicate = domain(OPERATIONS, "duplicate_session", "duplicate_session")
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        copy = duplicate(db, meeting, session_id, actor=ctx.actor)
        return int(copy.id)


def delete_session(ctx: AppContext, session_id: int, expected_version: int) -> None:
    """Delete a session and its role assignments."""
    delete = domain(OPERATIONS, "delete_session", "delete_session")
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        delete(db, meeting, session_id, actor=ctx.actor, expected_version=expected_version)


def publish(ctx: AppContext, note: str = "") -> int:
    """Publish the programme as a new numbered version (with an optional note); its number."""
    publish_version = domain("agenda.programme.versions", "publish", "publish")
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        version = publish_version(db, meeting, ctx.actor, note=note)
        return int(version.number)
