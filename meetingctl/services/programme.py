"""Programme use cases: read the agenda, edit sessions, check, publish (with its check gate),
versions and diffs, local times and best times. The `session` and `agenda` CLI commands and the
Agenda and Round tables screens of the TUI call these methods and nothing else.

Each method opens one unit of work and returns the frozen views of
:mod:`meetingctl.services.programme_views`; the rules live in ``agenda.programme``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from agenda.model.errors import ValidationError
from agenda.model.orm import Meeting, Person, Session
from agenda.programme import operations as ops
from agenda.programme.besttime import best_times, invited
from agenda.programme.checks import CheckSettings, check_programme, summary
from agenda.programme.reading import agenda_document, load_sessions, meeting_day
from agenda.programme.versions import CURRENT, diff_versions, list_versions
from agenda.programme.versions import publish as publish_version
from agenda.time.slots import Window, end_on_start_day, local_slot
from agenda.time.zones import validate_zone
from meetingctl.services.programme_views import (
    AgendaDocument,
    AgendaView,
    BestTimes,
    CheckReport,
    LocalTimes,
    NewSession,
    Published,
    SessionChanges,
    SessionInput,
    SessionsChanged,
    Slot,
    VersionDiff,
    VersionView,
    agenda_view,
    local_time,
    session_view,
)

if TYPE_CHECKING:
    from meetingctl.context import AppContext


class ProgrammeService:
    """The programme use cases on one composition root."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # -- reading -------------------------------------------------------------------------------

    def agenda(self) -> AgendaView:
        """The meeting, its sessions with their people, and the `agenda check` findings."""
        settings = self.check_settings()
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            sessions = load_sessions(db, meeting)
            found = check_programme(meeting, sessions, settings)
            return agenda_view(meeting, sessions, found)

    def document(self, tz: str | None = None) -> AgendaDocument:
        """The programme as `agenda show` prints it, with times in ``tz`` (default: home zone)."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            return AgendaDocument(agenda_document(meeting, load_sessions(db, meeting), tz))

    def session(self, session_id: int) -> SessionsChanged:
        """One session (NotFoundError naming the meeting when it does not exist)."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            return _result(meeting, ops.get_session(db, meeting, session_id))

    # -- editing -------------------------------------------------------------------------------

    def add_session(self, new: NewSession) -> SessionsChanged:
        """Add a session (or a break) in the wall-clock slot ``new.slot``."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            start, end = _resolve(meeting, new.slot)
            created = ops.add_session(
                db,
                meeting,
                kind=new.kind,
                title_en=new.title_en,
                title_es=new.title_es,
                start=start,
                end=end,
                actor=self.ctx.actor,
                track=new.track,
                objectives=list(new.objectives),
                thematic_area=new.thematic_area,
                description_en=new.description_en,
                description_es=new.description_es,
                room=new.room,
                uid_domain=self.ctx.config.meeting.uid_domain,
                track_es=new.track_es,
                room_es=new.room_es,
            )
            return _result(meeting, created)

    def edit_session(
        self, session_id: int, changes: SessionChanges, *, expected_version: int | None = None
    ) -> SessionsChanged:
        """Change a session's descriptive fields (only those given)."""
        wanted = changes.as_fields()
        if not wanted:
            raise ValidationError("nothing to change: give at least one option (see --help)")
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            edited = ops.edit_session(
                db,
                meeting,
                session_id,
                actor=self.ctx.actor,
                expected_version=expected_version,
                **wanted,
            )
            return _result(meeting, edited)

    def save_session(
        self, session_id: int, values: SessionInput, *, expected_version: int
    ) -> SessionsChanged:
        """Save the session form: fields, then start and length, in one unit of work.

        ConflictError when the session changed since ``expected_version``.
        """
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            start, end = _resolve(meeting, values.slot())
            session = ops.edit_session(
                db,
                meeting,
                session_id,
                actor=self.ctx.actor,
                expected_version=expected_version,
                kind=values.kind,
                title_en=values.title_en,
                title_es=values.title_es,
                track=values.track,
                objectives=list(values.objectives),
            )
            actor = self.ctx.actor
            if session.start != start:
                session = ops.move_session(db, meeting, session_id, start=start, actor=actor)
            if session.end != end:
                session = ops.resize_session(db, meeting, session_id, end=end, actor=actor)
            return _result(meeting, session)

    def move_session(
        self,
        session_id: int,
        start: time,
        *,
        day: int | date | None = None,
        tz: str | None = None,
        expected_version: int | None = None,
    ) -> SessionsChanged:
        """Move a session to ``start`` on ``day`` (default: its own day), keeping its length."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            if day is None:
                day = meeting_day(meeting, ops.get_session(db, meeting, session_id).start)
            begin, _ = _resolve(meeting, Slot(day, start, duration=timedelta(minutes=1), tz=tz))
            moved = ops.move_session(
                db,
                meeting,
                session_id,
                start=begin,
                actor=self.ctx.actor,
                expected_version=expected_version,
            )
            return _result(meeting, moved)

    def shift_session(
        self, session_id: int, minutes: int, *, expected_version: int | None = None
    ) -> SessionsChanged:
        """Move a session by ``minutes`` (negative: earlier)."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            moved = ops.shift_session(
                db,
                meeting,
                session_id,
                minutes=minutes,
                actor=self.ctx.actor,
                expected_version=expected_version,
            )
            return _result(meeting, moved)

    def resize_session(
        self,
        session_id: int,
        *,
        end: time | None = None,
        duration: timedelta | None = None,
        longer_by: timedelta | None = None,
        tz: str | None = None,
        expected_version: int | None = None,
    ) -> SessionsChanged:
        """Give a session a new end (a wall-clock time on its start's day, in ``tz``), a new
        length, or make it ``longer_by`` (negative: shorter)."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            current = ops.get_session(db, meeting, session_id)
            zone_name = tz or meeting.home_tz
            new_end = None if end is None else end_on_start_day(current.start, end, zone_name)
            if longer_by is not None:
                duration = current.end - current.start + longer_by
            resized = ops.resize_session(
                db,
                meeting,
                session_id,
                actor=self.ctx.actor,
                end=new_end,
                duration=duration,
                expected_version=expected_version,
            )
            return _result(meeting, resized)

    def delete_session(
        self, session_id: int, *, expected_version: int | None = None
    ) -> SessionsChanged:
        """Delete a session and its role assignments; returns it as it was."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            deleted = _result(meeting, ops.get_session(db, meeting, session_id))
            ops.delete_session(
                db, meeting, session_id, actor=self.ctx.actor, expected_version=expected_version
            )
            return deleted

    def duplicate_session(
        self,
        session_id: int,
        *,
        start: time | None = None,
        day: int | date | None = None,
        track: str | None = None,
        tz: str | None = None,
    ) -> SessionsChanged:
        """Copy a session without its people: at ``start`` (on ``day``, default the original's
        day), else right after the original."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            begin = None
            if start is not None:
                if day is None:
                    day = meeting_day(meeting, ops.get_session(db, meeting, session_id).start)
                slot = Slot(day, start, duration=timedelta(minutes=1), tz=tz)
                begin, _ = _resolve(meeting, slot)
            copy = ops.duplicate_session(
                db,
                meeting,
                session_id,
                actor=self.ctx.actor,
                start=begin,
                track=track,
                uid_domain=self.ctx.config.meeting.uid_domain,
            )
            return _result(meeting, copy)

    def swap_sessions(self, first_id: int, second_id: int) -> SessionsChanged:
        """Exchange the time slots (and tracks) of two sessions."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            one, two = ops.swap_sessions(db, meeting, first_id, second_id, actor=self.ctx.actor)
            return _result(meeting, one, two)

    def shift_day(self, day: int, minutes: int, *, track: str | None = None) -> SessionsChanged:
        """Move every session of meeting day ``day`` (optionally one track) by ``minutes``."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            actor = self.ctx.actor
            moved = ops.shift_day(db, meeting, day, minutes=minutes, actor=actor, track=track)
            return _result(meeting, *moved)

    # -- checks and publication ----------------------------------------------------------------

    def check_settings(self) -> CheckSettings:
        """Working hours and rule severities of the ``[agenda]`` configuration."""
        return CheckSettings.from_config(self.ctx.config.agenda)

    def working_hours(self) -> Window:
        """The configured working hours (``[agenda] working_hours_start/end``)."""
        agenda = self.ctx.config.agenda
        return Window.parse(agenda.working_hours_start, agenda.working_hours_end)

    def check(self) -> CheckReport:
        """`agenda check`: every enabled rule with the configured severities."""
        settings = self.check_settings()
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            findings = check_programme(meeting, load_sessions(db, meeting), settings)
            return CheckReport(
                meeting.slug, tuple(findings), summary(findings), settings.window.label()
            )

    def publish(self, note: str = "", *, force: bool = False) -> Published:
        """Store the programme as the next numbered version.

        The gate: when the checks report errors, nothing is published unless ``force``.
        """
        settings = self.check_settings()
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            errors = [
                f
                for f in check_programme(meeting, load_sessions(db, meeting), settings)
                if f.severity == "error"
            ]
            if errors and not force:
                raise ValidationError(
                    f"the programme has {len(errors)} error(s) (first: {errors[0].message}); fix "
                    "them (`meetingctl agenda check`) or publish anyway with --force"
                )
            version = publish_version(db, meeting, self.ctx.actor, note)
            return Published(version.number, len(version.snapshot["sessions"]))

    def versions(self) -> tuple[VersionView, ...]:
        """The published versions, oldest first."""
        with self.ctx.transaction() as db:
            return tuple(
                VersionView(v.number, v.published_at, v.actor, v.note, len(v.snapshot["sessions"]))
                for v in list_versions(db, self.ctx.meeting(db))
            )

    def diff(
        self, v1: str | None = None, v2: str | None = None, *, tz: str | None = None
    ) -> VersionDiff:
        """Compare versions: none = previous vs latest; ``v1`` alone = v1 vs latest (vs the
        working state when nothing is published); either may be 'current'."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            if v1 is not None and v2 is None:
                v2 = None if list_versions(db, meeting) else CURRENT
            left, right, changes = diff_versions(db, meeting, v1, v2)
            zone_name = validate_zone(tz) if tz else meeting.home_tz
            wanted = {
                pid
                for staffing in changes.restaffed.values()
                for pid in (*staffing.added, *staffing.removed, *staffing.role_changed)
            }
            people = db.scalars(select(Person).where(Person.id.in_(wanted))).all() if wanted else []
            names = {person.id: person.full_name for person in people}
            return VersionDiff(left, right, zone_name, changes, names)

    # -- people's clocks -----------------------------------------------------------------------

    def best_time(
        self,
        day: int,
        duration: timedelta,
        *,
        session_id: int | None = None,
        step: timedelta = timedelta(minutes=15),
        top: int = 10,
        any_hour: bool = False,
        tz: str | None = None,
    ) -> BestTimes:
        """Rank the starts of ``day`` by how many invited people (of ``session_id``, default
        everyone with an active role) would be out of their working hours."""
        window = self.working_hours()
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            zone_name = validate_zone(tz) if tz else meeting.home_tz
            if session_id is not None:
                people = invited([ops.get_session(db, meeting, session_id)])
            else:
                people = invited(load_sessions(db, meeting))
            ranked = best_times(
                meeting,
                people,
                day,
                duration,
                step=step,
                window=window,
                home_hours_only=not any_hour,
                limit=top,
            )
            count = len({p.id for p in people})
            return BestTimes(zone_name, day, count, window.label(), tuple(ranked))

    def local_times(self, session_id: int) -> LocalTimes:
        """The session's start and end on each of its people's own clocks."""
        window = self.working_hours()
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            target = ops.get_session(db, meeting, session_id)
            rows = tuple(local_time(a, meeting.home_tz, window) for a in target.assignments)
            return LocalTimes(meeting.home_tz, session_view(meeting, target), window.label(), rows)


def _resolve(meeting: Meeting, slot: Slot) -> tuple[datetime, datetime]:
    """UTC (start, end) of a wall-clock slot (DST gaps and folds refused with the reason)."""
    return local_slot(
        meeting, slot.day, slot.start, end=slot.end, duration=slot.duration, tz=slot.tz
    )


def _result(meeting: Meeting, *sessions: Session) -> SessionsChanged:
    return SessionsChanged(meeting.home_tz, tuple(session_view(meeting, s) for s in sessions))
