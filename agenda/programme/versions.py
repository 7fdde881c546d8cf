"""Published agenda versions: numbered, immutable snapshots, and the differences between them.

The snapshot shape (kept stable; the scheduler builds update and cancellation invitations on it)::

    {"schema": 1,
     "meeting": {"id", "slug", "title_en", "title_es", "home_tz", "start_date", "days", "modality"},
     "sessions": [{"uid", "id", "kind", "title_en", "title_es", "start", "end",  # UTC ISO 8601
                   "track", "objectives", "video_url", "room", "description_en",
                   "description_es", "sequence",
                   "people": [{"person_id", "role", "status", "email"}]}]}

:func:`diff_snapshots` compares two snapshots (``None`` = nothing published yet), parsed once into
:class:`agenda.programme.published.ProgrammeSnapshot`; its changes carry the typed sessions
(:class:`~agenda.programme.published.SnapshotSession`, times as aware UTC datetimes). People
count as "on" a session while their assignment status is active (nominated, invited, accepted,
confirmed); a withdrawn or declined person is "removed" from that session.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda.model import audit
from agenda.model.errors import NotFoundError, ValidationError
from agenda.model.orm import AgendaVersion, Meeting, Session
from agenda.programme.published import ProgrammeSnapshot, SnapshotSession
from agenda.programme.reading import load_sessions

#: A snapshot as the diff takes it: parsed, or the JSON of a published version (None: nothing).
SnapshotLike = ProgrammeSnapshot | Mapping[str, object] | None

SNAPSHOT_SCHEMA = 1
#: Session fields compared by the diff, grouped as the diff reports them.
TITLE_FIELDS = ("title_en", "title_es")
TIME_FIELDS = ("start", "end")
OTHER_FIELDS = ("kind", "track", "objectives", "room")
#: Marker for the current, unpublished working state in :func:`diff_versions`.
CURRENT = "current"


def snapshot(meeting: Meeting, sessions: Sequence[Session]) -> dict[str, Any]:
    """The JSON snapshot of the programme as it is now (see the module docstring)."""
    return {
        "schema": SNAPSHOT_SCHEMA,
        "meeting": {
            "id": meeting.id,
            "slug": meeting.slug,
            "title_en": meeting.title_en,
            "title_es": meeting.title_es,
            "home_tz": meeting.home_tz,
            "start_date": meeting.start_date.isoformat(),
            "days": meeting.days,
            "modality": meeting.modality.value,
        },
        "sessions": [
            {
                "uid": s.uid,
                "id": s.id,
                "kind": s.kind.value,
                "title_en": s.title_en,
                "title_es": s.title_es,
                "start": _iso(s.start),
                "end": _iso(s.end),
                "track": s.track,
                "objectives": s.objectives,
                "video_url": s.video_url,
                "room": s.room,
                "description_en": s.description_en or "",
                "description_es": s.description_es or "",
                "sequence": s.sequence,
                "people": [
                    {
                        "person_id": a.person_id,
                        "role": a.role.value,
                        "status": a.status.value,
                        "email": a.person.email,
                    }
                    for a in s.assignments
                ],
            }
            for s in sessions
        ],
    }


def publish(db: DbSession, meeting: Meeting, actor: str, note: str = "") -> AgendaVersion:
    """Store the current programme as the next numbered version and return it."""
    number = (
        db.scalar(
            select(func.max(AgendaVersion.number)).where(AgendaVersion.meeting_id == meeting.id)
        )
        or 0
    ) + 1
    version = AgendaVersion(
        meeting_id=meeting.id,
        number=number,
        actor=actor,
        note=note,
        snapshot=snapshot(meeting, load_sessions(db, meeting)),
    )
    db.add(version)
    db.flush()
    audit.record(
        db,
        actor,
        "agenda.publish",
        "agenda_version",
        version.id,
        number=number,
        note=note,
        sessions=len(version.snapshot["sessions"]),
    )
    return version


def list_versions(db: DbSession, meeting: Meeting) -> list[AgendaVersion]:
    """All published versions of ``meeting``, oldest first."""
    query = (
        select(AgendaVersion)
        .where(AgendaVersion.meeting_id == meeting.id)
        .order_by(AgendaVersion.number)
    )
    return list(db.scalars(query))


def get_version(db: DbSession, meeting: Meeting, number: int | None = None) -> AgendaVersion:
    """Version ``number`` (default: the latest); NotFoundError when there is none."""
    query = select(AgendaVersion).where(AgendaVersion.meeting_id == meeting.id)
    if number is None:
        found = db.scalar(query.order_by(AgendaVersion.number.desc()).limit(1))
        if found is None:
            raise NotFoundError("nothing published yet: run `meetingctl agenda publish` first")
        return found
    found = db.scalar(query.where(AgendaVersion.number == number))
    if found is None:
        numbers = [v.number for v in list_versions(db, meeting)]
        raise NotFoundError(
            f"agenda version {number} does not exist (published: "
            f"{', '.join(map(str, numbers)) or 'none'})"
        )
    return found


@dataclass
class SessionChange:
    """One session in a diff: its uid, id, English title and the fields that changed."""

    uid: str
    session_id: int
    title_en: str
    fields: list[str] = field(default_factory=list)
    old: SnapshotSession | None = None
    new: SnapshotSession | None = None


@dataclass
class Restaffing:
    """People who joined or left a session (active statuses only), and role changes."""

    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    role_changed: list[int] = field(default_factory=list)


@dataclass
class AgendaDiff:
    """What changed between two snapshots; the input for updates and cancellations."""

    added: list[SessionChange] = field(default_factory=list)
    removed: list[SessionChange] = field(default_factory=list)
    moved: list[SessionChange] = field(default_factory=list)
    changed: list[SessionChange] = field(default_factory=list)
    restaffed: dict[str, Restaffing] = field(default_factory=dict)
    old_sessions: dict[str, SnapshotSession] = field(default_factory=dict, repr=False)
    new_sessions: dict[str, SnapshotSession] = field(default_factory=dict, repr=False)

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return not (self.added or self.removed or self.moved or self.changed or self.restaffed)

    def affected_people(self, uid: str) -> list[int]:
        """Person ids who must hear about session ``uid``: everyone on it when it was added,
        removed, moved or re-titled/re-linked; otherwise only those who joined, left or
        changed role."""
        old = _active_people(self.old_sessions.get(uid))
        new = _active_people(self.new_sessions.get(uid))
        everyone_ids = {c.uid for c in self.added + self.removed + self.moved}
        everyone_ids |= {c.uid for c in self.changed if set(c.fields) & {"title", "video"}}
        if uid in everyone_ids:
            return sorted(old | new)
        staffing = self.restaffed.get(uid)
        if staffing is None:
            return []
        return sorted(set(staffing.added) | set(staffing.removed) | set(staffing.role_changed))

    def to_dict(self) -> dict[str, Any]:
        """JSON form: lists of changes and restaffing per uid."""

        def change(c: SessionChange) -> dict[str, Any]:
            return {
                "uid": c.uid,
                "id": c.session_id,
                "title_en": c.title_en,
                "fields": c.fields,
                "old": _brief(c.old),
                "new": _brief(c.new),
                "affected_people": self.affected_people(c.uid),
            }

        return {
            "added": [change(c) for c in self.added],
            "removed": [change(c) for c in self.removed],
            "moved": [change(c) for c in self.moved],
            "changed": [change(c) for c in self.changed],
            "restaffed": {
                uid: {"added": r.added, "removed": r.removed, "role_changed": r.role_changed}
                for uid, r in self.restaffed.items()
            },
        }


def diff_snapshots(old: SnapshotLike, new: SnapshotLike) -> AgendaDiff:
    """Compare two snapshots, parsed or as stored (``old=None``: everything in ``new`` is
    added)."""
    before = ProgrammeSnapshot.parse(old).by_uid()
    after = ProgrammeSnapshot.parse(new).by_uid()
    diff = AgendaDiff(old_sessions=before, new_sessions=after)
    for uid, entry in after.items():
        if uid not in before:
            diff.added.append(_change(entry, [], None, entry))
    for uid, entry in before.items():
        if uid not in after:
            diff.removed.append(_change(entry, [], entry, None))
    for uid in [u for u in after if u in before]:
        was, now = before[uid], after[uid]
        moved = [f for f in TIME_FIELDS if getattr(was, f) != getattr(now, f)]
        if moved:
            diff.moved.append(_change(now, moved, was, now))
        retitled = any(getattr(was, f) != getattr(now, f) for f in TITLE_FIELDS)
        fields = ["title"] if retitled else []
        fields += ["video"] if was.video_url != now.video_url else []
        fields += [f for f in OTHER_FIELDS if getattr(was, f) != getattr(now, f)]
        if fields:
            diff.changed.append(_change(now, fields, was, now))
        staffing = _restaffing(was, now)
        if staffing is not None:
            diff.restaffed[uid] = staffing
    return diff


def diff_versions(
    db: DbSession, meeting: Meeting, v1: int | str | None = None, v2: int | str | None = None
) -> tuple[str, str, AgendaDiff]:
    """Diff two versions; returns (label1, label2, diff).

    Defaults: ``v2`` = the latest version, ``v1`` = the one before it (nothing, for version 1).
    Either may be :data:`CURRENT` for the unpublished working state (``diff_versions(db, m,
    None, CURRENT)`` compares the latest version with what would be published now).
    """
    right: SnapshotLike
    left: SnapshotLike
    if v2 == CURRENT:
        right, right_label = snapshot(meeting, load_sessions(db, meeting)), "current"
        if v1 is None:
            v1 = get_version(db, meeting).number if list_versions(db, meeting) else 0
    else:
        newer = get_version(db, meeting, _number(v2))
        right, right_label = newer.snapshot, f"v{newer.number}"
        if v1 is None:
            v1 = newer.number - 1
    if v1 == CURRENT:
        left, left_label = snapshot(meeting, load_sessions(db, meeting)), "current"
    elif _number(v1) == 0:
        left, left_label = None, "nothing"
    else:
        older = get_version(db, meeting, _number(v1))
        left, left_label = older.snapshot, f"v{older.number}"
    return left_label, right_label, diff_snapshots(left, right)


def _number(value: int | str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(str(value).lstrip("vV"))
    except ValueError:
        raise ValidationError(f"version {value!r}: give a number (e.g. 2) or 'current'") from None


def _change(
    entry: SnapshotSession,
    fields: list[str],
    old: SnapshotSession | None,
    new: SnapshotSession | None,
) -> SessionChange:
    return SessionChange(entry.uid, entry.id, entry.title_en, fields, old, new)


def _brief(entry: SnapshotSession | None) -> dict[str, str] | None:
    """The JSON of one side of a change (times as the snapshot stores them: UTC ISO 8601)."""
    if entry is None:
        return None
    return {
        "start": entry.start.isoformat(),
        "end": entry.end.isoformat(),
        "title_en": entry.title_en,
        "track": entry.track,
    }


def _active_people(entry: SnapshotSession | None) -> set[int]:
    if entry is None:
        return set()
    return {p.person_id for p in entry.people if p.active}


def _roles(entry: SnapshotSession) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = {}
    for p in entry.people:
        if p.active:
            roles.setdefault(p.person_id, set()).add(p.role)
    return roles


def _restaffing(was: SnapshotSession, now: SnapshotSession) -> Restaffing | None:
    old, new = _roles(was), _roles(now)
    staffing = Restaffing(
        added=sorted(new.keys() - old.keys()),
        removed=sorted(old.keys() - new.keys()),
        role_changed=sorted(p for p in old.keys() & new.keys() if old[p] != new[p]),
    )
    if staffing.added or staffing.removed or staffing.role_changed:
        return staffing
    return None


def _iso(moment: Any) -> str:
    return str(moment.astimezone(UTC).isoformat())


__all__ = [
    "CURRENT",
    "AgendaDiff",
    "Restaffing",
    "SessionChange",
    "diff_snapshots",
    "diff_versions",
    "get_version",
    "list_versions",
    "publish",
    "snapshot",
]
