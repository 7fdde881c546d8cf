"""What every planner shares: the planned message, its idempotency key, and reading the people
of a snapshot session. See :mod:`agenda.messaging.outbox_policy` for the rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from agenda.model.enums import ACTIVE_STATUSES, InvitationStatus, MessageKind
from agenda.programme.published import ProgrammeSnapshot, SnapshotSession

InvitationMode = Literal["on-publish", "days-before", "manual"]
URGENT_WINDOW = timedelta(hours=24)
#: A snapshot as planners take it: parsed, or the JSON of a published version (None: nothing).
Snapshot = ProgrammeSnapshot | Mapping[str, object] | None


@dataclass(frozen=True, slots=True)
class PlannedMessage:
    """One message to enqueue. ``email`` None means the person has no address (reported)."""

    key: str
    person_id: int
    email: str | None
    session_uid: str
    kind: MessageKind
    sequence: int
    not_before: datetime
    urgent: bool = False


def idempotency_key(
    recipient: str | None, person_id: int, session_uid: str, kind: MessageKind | str, sequence: int
) -> str:
    """``recipient|session uid|kind|sequence``; recipient is the lower-cased address, or
    ``person:<id>`` for a person without one."""
    who = (recipient or "").strip().lower() or f"person:{person_id}"
    return f"{who}|{session_uid}|{MessageKind(kind).value}|{int(sequence)}"


@dataclass(frozen=True, slots=True)
class Listed:
    """A person on a session: their address and status (several roles merged)."""

    person_id: int
    email: str | None
    status: InvitationStatus


def people_of(entry: SnapshotSession | None) -> dict[int, Listed]:
    """Everyone listed on a snapshot session (several roles of one person merged)."""
    found: dict[int, Listed] = {}
    for row in entry.people if entry is not None else ():
        previous = found.get(row.person_id)
        # Active in any role means active in the session.
        if previous is None or (row.active and previous.status not in ACTIVE_STATUSES):
            found[row.person_id] = Listed(row.person_id, row.email, row.status)
    return found


def active_people(entry: SnapshotSession) -> dict[int, Listed]:
    """The people of ``entry`` who are on it (nominated, invited, accepted or confirmed)."""
    return {pid: p for pid, p in people_of(entry).items() if p.status in ACTIVE_STATUSES}


def sessions_of(snapshot: Snapshot) -> dict[str, SnapshotSession]:
    """Session uid -> session of a snapshot (parsed if need be)."""
    return ProgrammeSnapshot.parse(snapshot).by_uid()


def planned_message(
    person: Listed,
    entry: SnapshotSession,
    kind: MessageKind,
    sequence: int,
    not_before: datetime,
    urgent: bool = False,
) -> PlannedMessage:
    """The message of ``kind`` to ``person`` for ``entry`` (its key from the four parts)."""
    uid = entry.uid
    return PlannedMessage(
        key=idempotency_key(person.email, person.person_id, uid, kind, sequence),
        person_id=person.person_id,
        email=person.email,
        session_uid=uid,
        kind=kind,
        sequence=sequence,
        not_before=not_before,
        urgent=urgent,
    )


def invitation_time(
    entry: SnapshotSession, now: datetime, mode: InvitationMode, days_before: int
) -> datetime:
    """When an invitation goes out: now, or ``days_before`` the session in that mode."""
    if mode == "days-before":
        return max(now, entry.start - timedelta(days=days_before))
    return now
