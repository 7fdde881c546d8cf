"""The typed inputs and results of :class:`meetingctl.services.programme.ProgrammeService`.

Views are frozen copies of what the front doors show (never ORM objects); inputs are parsed
values (dates, wall-clock times, durations, ids), the words a person typed having been parsed
by the CLI or the TUI with the shared parsers of ``agenda.time.slots``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from agenda.model.enums import SessionKind
from agenda.model.orm import Meeting, RoleAssignment, Session
from agenda.programme.besttime import Candidate
from agenda.programme.checks import Finding
from agenda.programme.reading import meeting_day, render_text
from agenda.programme.versions import AgendaDiff
from agenda.time.policy import person_zone
from agenda.time.slots import Window
from agenda.time.zones import to_zone


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
class AgendaDocument:
    """The programme as `agenda show` prints it (JSON schema in docs/agenda-json.md)."""

    document: Mapping[str, Any]

    def text(self, lang: str) -> str:
        """The plain-text agenda grouped by day, in ``lang``."""
        return render_text(dict(self.document), lang)


@dataclass(frozen=True)
class SessionsChanged:
    """The sessions a use case created, changed or deleted, and the meeting's home zone."""

    home_tz: str
    sessions: tuple[SessionView, ...]

    @property
    def session(self) -> SessionView:
        """The (first) session concerned."""
        return self.sessions[0]


# -- inputs ------------------------------------------------------------------------------------


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

    def slot(self) -> Slot:
        """The form's start and length as a slot in the home zone."""
        return Slot(self.day, self.start, duration=timedelta(minutes=self.minutes))

    def as_new_session(self) -> NewSession:
        """The form as a session to add."""
        return NewSession(
            kind=self.kind,
            title_en=self.title_en,
            title_es=self.title_es,
            slot=self.slot(),
            track=self.track,
            objectives=self.objectives,
        )


@dataclass(frozen=True)
class Slot:
    """A wall-clock slot: a meeting day number (1 = first day) or a date, a start, and an end
    or a duration, in ``tz`` (None: the meeting's home zone)."""

    day: int | date
    start: time
    end: time | None = None
    duration: timedelta | None = None
    tz: str | None = None


@dataclass(frozen=True)
class NewSession:
    """A session to add (``kind="break"`` for a break)."""

    kind: SessionKind | str
    title_en: str
    slot: Slot
    title_es: str = ""
    track: str = ""
    objectives: tuple[int, ...] = ()
    thematic_area: int | None = None
    room: str = ""
    description_en: str = ""
    description_es: str = ""
    track_es: str = ""
    room_es: str = ""


@dataclass(frozen=True)
class SessionChanges:
    """Descriptive fields to change; None leaves a field as it is (``thematic_area=0``: none)."""

    title_en: str | None = None
    title_es: str | None = None
    kind: SessionKind | str | None = None
    track: str | None = None
    objectives: tuple[int, ...] | None = None
    thematic_area: int | None = None
    room: str | None = None
    description_en: str | None = None
    description_es: str | None = None
    video_url: str | None = None
    track_es: str | None = None
    room_es: str | None = None

    def as_fields(self) -> dict[str, Any]:
        """The fields given, as keyword arguments of ``operations.edit_session``."""
        given: dict[str, Any] = {
            "title_en": self.title_en,
            "title_es": self.title_es,
            "kind": self.kind,
            "track": self.track,
            "room": self.room,
            "track_es": self.track_es,
            "room_es": self.room_es,
            "description_en": self.description_en,
            "description_es": self.description_es,
            "video_url": self.video_url,
        }
        changes = {key: value for key, value in given.items() if value is not None}
        if self.objectives is not None:
            changes["objectives"] = list(self.objectives)
        if self.thematic_area is not None:
            changes["thematic_area"] = self.thematic_area or None
        return changes


# -- results of the agenda commands ------------------------------------------------------------


@dataclass(frozen=True)
class CheckReport:
    """`agenda check`: the findings (sorted) with the settings they were made with."""

    meeting_slug: str
    findings: tuple[Finding, ...]
    counts: Mapping[str, int]
    working_hours: str

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity error."""
        return tuple(f for f in self.findings if f.severity == "error")


@dataclass(frozen=True)
class Published:
    """A new published version: its number and how many sessions it holds."""

    number: int
    sessions: int


@dataclass(frozen=True)
class VersionView:
    """One published version."""

    number: int
    published_at: datetime
    actor: str
    note: str
    sessions: int


@dataclass(frozen=True)
class VersionDiff:
    """Two versions compared; ``names`` maps the restaffed people's ids to their names."""

    left: str
    right: str
    zone: str
    changes: AgendaDiff
    names: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BestTimes:
    """`agenda best-time`: ranked candidate starts of a day."""

    zone: str
    day: int
    people: int
    working_hours: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class LocalTime:
    """A session on one invited person's own clock."""

    person_id: int
    name: str
    role: str
    status: str
    timezone: str
    local_start: datetime
    local_end: datetime
    in_working_hours: bool


@dataclass(frozen=True)
class LocalTimes:
    """`agenda local-times`: the session and each invited person's local start and end."""

    home_tz: str
    session: SessionView
    working_hours: str
    people: tuple[LocalTime, ...]


# -- copying rows into views -------------------------------------------------------------------


def session_view(meeting: Meeting, session: Session) -> SessionView:
    """Copy a session row (with its assignments loaded) into a view."""
    return SessionView(
        id=session.id,
        version=session.version,
        kind=session.kind,
        title_en=session.title_en,
        title_es=session.title_es,
        start=session.start,
        end=session.end,
        track=session.track,
        objectives=tuple(session.objectives),
        thematic_area=session.thematic_area,
        day=meeting_day(meeting, session.start),
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
            for a in session.assignments
        ),
    )


def agenda_view(meeting: Meeting, sessions: Sequence[Session], found: Iterable[Any]) -> AgendaView:
    """The meeting with its loaded sessions and the check findings ``found``."""
    return AgendaView(
        meeting_id=meeting.id,
        title_en=meeting.title_en,
        title_es=meeting.title_es,
        home_tz=meeting.home_tz,
        start_date=meeting.start_date,
        days=meeting.days,
        sessions=tuple(session_view(meeting, s) for s in sessions),
        findings=tuple(finding_view(f) for f in found),
    )


def local_time(assignment: RoleAssignment, home_tz: str, window: Window) -> LocalTime:
    """The assignment's session on the person's own clock (their zone, else their country's
    capital zone, else ``home_tz``), and whether it lies in ``window``."""
    zone_name = person_zone(assignment.person.timezone, assignment.person.country, home_tz)
    session = assignment.session
    start, end = to_zone(session.start, zone_name), to_zone(session.end, zone_name)
    return LocalTime(
        person_id=assignment.person_id,
        name=assignment.person.full_name,
        role=assignment.role.value,
        status=assignment.status.value,
        timezone=zone_name,
        local_start=start,
        local_end=end,
        in_working_hours=window.contains(start, end),
    )


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
