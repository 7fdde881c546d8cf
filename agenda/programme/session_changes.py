"""How a programme edit is applied and recorded: set the fields that differ, raise the
iCalendar SEQUENCE when a change matters to recipients, and keep one audit entry.

Used by :mod:`agenda.programme.operations`; works inside the caller's unit of work.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.model import audit
from agenda.model.enums import SessionKind
from agenda.model.orm import Meeting, Session
from agenda.programme import fields

#: Fields whose change must reach invited people (bumps ``Session.sequence``, so the next
#: publication sends an update). The description is one: invitations carry it (the calendar
#: DESCRIPTION and the email text). Track, kind, objectives and area are not shown to them.
RECIPIENT_FIELDS = frozenset(
    {
        "title_en",
        "title_es",
        "start",
        "end",
        "room",
        "video_url",
        "description_en",
        "description_es",
    }
)


def apply_changes(session: Session, wanted: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set the fields that differ; return {field: (old, new)}. Times are validated."""
    changes: dict[str, tuple[Any, Any]] = {}
    start = wanted.get("start", session.start)
    end = wanted.get("end", session.end)
    if "start" in wanted or "end" in wanted:
        fields.check_times(start, end, session.meeting.home_tz)
    for name, value in wanted.items():
        current = session.objectives if name == "objectives" else getattr(session, name)
        if current == value:
            continue
        changes[name] = (current, value)
        if name == "objectives":
            session.touch()  # a child row: the session's version goes up all the same
            session.set_objectives(value)
        else:
            setattr(session, name, value)
    return changes


def record_changes(
    db: DbSession,
    actor: str,
    action: str,
    session: Session,
    changes: dict[str, tuple[Any, Any]],
    **extra: Any,
) -> None:
    """Bump SEQUENCE when a recipient field changed, flush, and record one audit entry."""
    if RECIPIENT_FIELDS & changes.keys():
        session.sequence += 1
    db.flush()
    audit.record(db, actor, action, "session", session.id, changes=changes_json(changes), **extra)


def changes_json(changes: Mapping[str, tuple[Any, Any]]) -> dict[str, list[Any]]:
    return {name: [_plain(old), _plain(new)] for name, (old, new) in changes.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, SessionKind):
        return value.value
    return value


def session_record(session: Session) -> dict[str, Any]:
    """What the audit log keeps of an added, duplicated or deleted session."""
    return {
        "uid": session.uid,
        "kind": session.kind.value,
        "title_en": session.title_en,
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "track": session.track,
        "objectives": session.objectives,
    }


def meeting_uid_domain(db: DbSession, meeting: Meeting) -> str:
    """The domain of the meeting's session UIDs (for new ones), else ``meetingctl.invalid``."""
    uid = db.scalar(select(Session.uid).where(Session.meeting_id == meeting.id).limit(1))
    return uid.rsplit("@", 1)[1] if uid and "@" in uid else "meetingctl.invalid"
