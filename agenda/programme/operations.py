"""Programme editing: add, edit, move, resize, delete, duplicate and swap sessions, shift a day.

Every function works inside the caller's unit of work (``with agenda.model.uow.transaction(...)
as db``), changes the rows, records exactly one audit entry and flushes
(:mod:`agenda.programme.session_changes`); the caller commits. Times are aware UTC datetimes
(use :func:`agenda.time.slots.local_slot` to turn wall-clock input into UTC). Functions
that edit one session accept ``expected_version``: when the stored row is newer than the one the
caller edited, :class:`agenda.model.errors.ConflictError` is raised and nothing changes.

``Session.sequence`` (the iCalendar SEQUENCE) goes up whenever a change matters to recipients:
time, title, room, video link or description (the invitation carries it; an update is sent).
Operations do not refuse overlaps: ``agenda.programme.checks``
reports them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.model import audit
from agenda.model.enums import SessionKind
from agenda.model.errors import NotFoundError, ValidationError
from agenda.model.orm import Meeting, Session
from agenda.model.uow import check_version
from agenda.programme import fields
from agenda.programme.reading import meeting_day
from agenda.programme.session_changes import (
    RECIPIENT_FIELDS,
    apply_changes,
    changes_json,
    meeting_uid_domain,
    record_changes,
    session_record,
)
from agenda.programme.templates import new_uid


class _Unset:
    """Marker for 'leave this field as it is' in :func:`edit_session`."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()


def get_session(db: DbSession, meeting: Meeting, session_id: int) -> Session:
    """The session ``session_id`` of ``meeting``; NotFoundError naming what exists otherwise."""
    session = db.get(Session, session_id)
    if session is None or session.meeting_id != meeting.id:
        raise NotFoundError(
            f"session #{session_id} does not exist in meeting {meeting.slug!r}; "
            "`meetingctl agenda show` lists the session numbers"
        )
    return session


def add_session(
    db: DbSession,
    meeting: Meeting,
    *,
    kind: SessionKind | str,
    title_en: str,
    start: datetime,
    end: datetime,
    actor: str,
    title_es: str = "",
    track: str = "",
    objectives: Iterable[int] = (),
    thematic_area: int | None = None,
    description_en: str = "",
    description_es: str = "",
    room: str = "",
    uid_domain: str | None = None,
    track_es: str = "",
    room_es: str = "",
) -> Session:
    """Create a session (a break too: ``kind="break"``) and return it with its id."""
    fields.check_times(start, end, meeting.home_tz)
    session = Session(
        meeting_id=meeting.id,
        uid=new_uid(uid_domain or meeting_uid_domain(db, meeting)),
        kind=fields.kind(kind),
        title_en=fields.title(title_en),
        title_es=fields.title_es(title_es),
        description_en=description_en,
        description_es=description_es,
        start=start,
        end=end,
        track=fields.track(track),
        thematic_area=fields.area(thematic_area),
        room=room.strip(),
        track_es=fields.track(track_es),
        room_es=room_es.strip(),
        sequence=0,
    )
    session.set_objectives(fields.objectives(objectives))
    db.add(session)
    db.flush()
    audit.record(db, actor, "session.add", "session", session.id, **session_record(session))
    return session


def edit_session(
    db: DbSession,
    meeting: Meeting,
    session_id: int,
    *,
    actor: str,
    expected_version: int | None = None,
    title_en: str | _Unset = UNSET,
    title_es: str | _Unset = UNSET,
    kind: SessionKind | str | _Unset = UNSET,
    track: str | _Unset = UNSET,
    objectives: Iterable[int] | _Unset = UNSET,
    thematic_area: int | None | _Unset = UNSET,
    description_en: str | _Unset = UNSET,
    description_es: str | _Unset = UNSET,
    room: str | _Unset = UNSET,
    video_url: str | _Unset = UNSET,
    track_es: str | _Unset = UNSET,
    room_es: str | _Unset = UNSET,
) -> Session:
    """Change descriptive fields; only the fields passed are touched. Returns the session."""
    session = _load(db, meeting, session_id, expected_version)
    wanted: dict[str, Any] = {}
    if not isinstance(title_en, _Unset):
        wanted["title_en"] = fields.title(title_en)
    if not isinstance(title_es, _Unset):
        wanted["title_es"] = fields.title_es(title_es)
    if not isinstance(kind, _Unset):
        wanted["kind"] = fields.kind(kind)
    if not isinstance(track, _Unset):
        wanted["track"] = fields.track(track)
    if not isinstance(track_es, _Unset):
        wanted["track_es"] = fields.track(track_es)
    if not isinstance(objectives, _Unset):
        wanted["objectives"] = fields.objectives(objectives)
    if not isinstance(thematic_area, _Unset):
        wanted["thematic_area"] = fields.area(thematic_area)
    for name, value in (
        ("description_en", description_en),
        ("description_es", description_es),
        ("room", room),
        ("room_es", room_es),
        ("video_url", video_url),
    ):
        if not isinstance(value, _Unset):
            wanted[name] = value.strip() if name in ("room", "room_es", "video_url") else value
    changes = apply_changes(session, wanted)
    record_changes(db, actor, "session.edit", session, changes)
    return session


def move_session(
    db: DbSession,
    meeting: Meeting,
    session_id: int,
    *,
    start: datetime,
    actor: str,
    expected_version: int | None = None,
) -> Session:
    """Move a session to a new start, keeping its length."""
    session = _load(db, meeting, session_id, expected_version)
    length = session.end - session.start
    changes = apply_changes(session, {"start": start, "end": start + length})
    record_changes(db, actor, "session.move", session, changes)
    return session


def shift_session(
    db: DbSession,
    meeting: Meeting,
    session_id: int,
    *,
    minutes: int,
    actor: str,
    expected_version: int | None = None,
) -> Session:
    """Move a session earlier (negative) or later by ``minutes`` (the TUI's ±5/±15 keys)."""
    session = _load(db, meeting, session_id, expected_version)
    delta = timedelta(minutes=minutes)
    changes = apply_changes(session, {"start": session.start + delta, "end": session.end + delta})
    record_changes(db, actor, "session.move", session, changes, minutes=minutes)
    return session


def resize_session(
    db: DbSession,
    meeting: Meeting,
    session_id: int,
    *,
    actor: str,
    end: datetime | None = None,
    duration: timedelta | None = None,
    expected_version: int | None = None,
) -> Session:
    """Give a session a new end, or a new length from its start (exactly one of the two)."""
    if (end is None) == (duration is None):
        raise ValidationError("resize needs either a new end or a new duration (not both)")
    session = _load(db, meeting, session_id, expected_version)
    new_end = end if end is not None else session.start + duration  # type: ignore[operator]
    fields.check_times(session.start, new_end, meeting.home_tz)
    changes = apply_changes(session, {"end": new_end})
    record_changes(db, actor, "session.resize", session, changes)
    return session


def delete_session(
    db: DbSession,
    meeting: Meeting,
    session_id: int,
    *,
    actor: str,
    expected_version: int | None = None,
) -> None:
    """Delete a session with its role assignments (a published one is cancelled at next publish)."""
    session = _load(db, meeting, session_id, expected_version)
    details = session_record(session)
    details["people"] = sorted({a.person_id for a in session.assignments})
    db.delete(session)
    db.flush()
    audit.record(db, actor, "session.delete", "session", session_id, **details)


def duplicate_session(
    db: DbSession,
    meeting: Meeting,
    session_id: int,
    *,
    actor: str,
    start: datetime | None = None,
    track: str | None = None,
    uid_domain: str | None = None,
) -> Session:
    """Copy a session (titles, kind, objectives, descriptions; not its people nor video link).

    Without ``start`` the copy follows the original directly (same track unless ``track``).
    """
    original = get_session(db, meeting, session_id)
    begin = start if start is not None else original.end
    fields.check_times(begin, begin + (original.end - original.start), meeting.home_tz)
    copy = Session(
        meeting_id=meeting.id,
        uid=new_uid(uid_domain or meeting_uid_domain(db, meeting)),
        kind=original.kind,
        title_en=original.title_en,
        title_es=original.title_es,
        description_en=original.description_en,
        description_es=original.description_es,
        start=begin,
        end=begin + (original.end - original.start),
        track=fields.track(track) if track is not None else original.track,
        thematic_area=original.thematic_area,
        room=original.room,
        room_es=original.room_es,
        track_es=original.track_es,
        sequence=0,
    )
    copy.set_objectives(original.objectives)
    db.add(copy)
    db.flush()
    audit.record(
        db,
        actor,
        "session.duplicate",
        "session",
        copy.id,
        source=original.id,
        **session_record(copy),
    )
    return copy


def swap_sessions(
    db: DbSession,
    meeting: Meeting,
    first_id: int,
    second_id: int,
    *,
    actor: str,
    expected_versions: Mapping[int, int] | None = None,
) -> tuple[Session, Session]:
    """Exchange the time slots (and tracks) of two sessions; each keeps its own length.

    Each session starts where the other started. Back-to-back sessions stay back-to-back: the
    later one moves to the earlier start and the earlier one follows it directly.
    """
    if first_id == second_id:
        raise ValidationError("choose two different sessions to swap")
    expected = dict(expected_versions or {})
    one = _load(db, meeting, first_id, expected.get(first_id))
    two = _load(db, meeting, second_id, expected.get(second_id))
    early, late = sorted((one, two), key=lambda s: (s.start, s.id))
    early_track, late_track = early.track, late.track
    early_length, late_length = early.end - early.start, late.end - late.start
    if early.end == late.start and early_track == late_track:
        late_start, early_start = early.start, early.start + late_length
    else:
        late_start, early_start = early.start, late.start
    early_changes = apply_changes(
        early, {"start": early_start, "end": early_start + early_length, "track": late_track}
    )
    late_changes = apply_changes(
        late, {"start": late_start, "end": late_start + late_length, "track": early_track}
    )
    for session, changes in ((early, early_changes), (late, late_changes)):
        if RECIPIENT_FIELDS & changes.keys():
            session.sequence += 1
    db.flush()
    audit.record(
        db,
        actor,
        "session.swap",
        "session",
        one.id,
        other=two.id,
        changes={
            str(early.id): changes_json(early_changes),
            str(late.id): changes_json(late_changes),
        },
    )
    return one, two


def shift_day(
    db: DbSession,
    meeting: Meeting,
    day: int,
    *,
    minutes: int,
    actor: str,
    track: str | None = None,
) -> list[Session]:
    """Move all sessions of meeting day ``day`` (home zone; optionally one track) by ``minutes``."""
    if minutes == 0:
        raise ValidationError("shift by a non-zero number of minutes, e.g. 30 or -15")
    delta = timedelta(minutes=minutes)
    query = select(Session).where(Session.meeting_id == meeting.id).order_by(Session.start)
    moved = [
        s
        for s in db.scalars(query)
        if meeting_day(meeting, s.start) == day and (track is None or s.track == track)
    ]
    if not moved:
        raise NotFoundError(f"no session on day {day}" + (f" in track {track!r}" if track else ""))
    for session in moved:
        fields.check_times(session.start + delta, session.end + delta, meeting.home_tz)
    for session in moved:
        session.start += delta
        session.end += delta
        session.sequence += 1
    db.flush()
    audit.record(
        db,
        actor,
        "agenda.shift_day",
        "meeting",
        meeting.id,
        day=day,
        minutes=minutes,
        track=track,
        sessions=[s.id for s in moved],
    )
    return moved


def _load(db: DbSession, meeting: Meeting, session_id: int, expected: int | None) -> Session:
    session = get_session(db, meeting, session_id)
    check_version("session", session.id, session.version, expected)
    return session
