"""The published-version snapshot, typed: the JSON of :func:`agenda.programme.versions.snapshot`
parsed once into frozen dataclasses, so planners read attributes instead of ``dict`` keys.

Parsing is lenient about keys older snapshots lack (descriptions, rooms, id, kind, track,
objectives: empty defaults) and strict about what the planners and the version diff rely on: a
session's ``uid``, ``start`` and ``end`` (UTC ISO 8601 with an offset), and each person's
``person_id``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from agenda.model.enums import ACTIVE_STATUSES, InvitationStatus, SessionKind


def parse_utc(value: object) -> datetime:
    """A snapshot time (ISO 8601 text or datetime) as an aware UTC datetime; ValueError when it
    has no UTC offset."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError(f"snapshot time {value!r} has no UTC offset")
    return moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class SnapshotPerson:
    """One role of one person on a published session."""

    person_id: int
    role: str
    status: InvitationStatus
    email: str | None

    @property
    def active(self) -> bool:
        """Nominated, invited, accepted or confirmed: on the session."""
        return self.status in ACTIVE_STATUSES


@dataclass(frozen=True, slots=True)
class SnapshotSession:
    """One session as a version published it."""

    uid: str
    start: datetime
    end: datetime
    sequence: int = 0
    title_en: str = ""
    title_es: str = ""
    video_url: str = ""
    room: str = ""
    description_en: str = ""
    description_es: str = ""
    people: tuple[SnapshotPerson, ...] = ()
    id: int = 0
    kind: SessionKind | None = None
    track: str = ""
    objectives: tuple[int, ...] = ()

    @classmethod
    def parse(cls, entry: Mapping[str, object]) -> SnapshotSession:
        """One ``sessions[]`` entry of the snapshot JSON."""
        people = entry.get("people") or ()
        if not isinstance(people, list | tuple):
            raise ValueError(f"session {entry.get('uid')!r}: people is not a list")
        return cls(
            uid=str(entry["uid"]),
            start=parse_utc(entry["start"]),
            end=parse_utc(entry["end"]),
            sequence=int(str(entry.get("sequence") or 0)),
            title_en=_text(entry, "title_en"),
            title_es=_text(entry, "title_es"),
            video_url=_text(entry, "video_url"),
            room=_text(entry, "room"),
            description_en=_text(entry, "description_en"),
            description_es=_text(entry, "description_es"),
            people=tuple(_person(row) for row in people if isinstance(row, Mapping)),
            id=int(str(entry.get("id") or 0)),
            kind=SessionKind(str(entry["kind"])) if entry.get("kind") else None,
            track=_text(entry, "track"),
            objectives=_numbers(entry.get("objectives")),
        )

    def changed_since(self, old: SnapshotSession) -> bool:
        """SEQUENCE rose, or the time, a title or the link changed."""
        if self.sequence > old.sequence:
            return True
        fields = ("start", "end", "title_en", "title_es", "video_url")
        return any(getattr(self, f) != getattr(old, f) for f in fields)


@dataclass(frozen=True, slots=True)
class ProgrammeSnapshot:
    """The sessions of one published version (or of the programme now), by uid."""

    sessions: tuple[SnapshotSession, ...] = ()

    @classmethod
    def parse(cls, data: Mapping[str, object] | ProgrammeSnapshot | None) -> ProgrammeSnapshot:
        """The snapshot JSON (``None``: nothing published); an already parsed one as it is."""
        if isinstance(data, ProgrammeSnapshot):
            return data
        sessions = (data or {}).get("sessions") or ()
        if not isinstance(sessions, list | tuple):
            raise ValueError("snapshot: sessions is not a list")
        return cls(tuple(SnapshotSession.parse(s) for s in sessions if isinstance(s, Mapping)))

    def by_uid(self) -> dict[str, SnapshotSession]:
        """Session uid -> session."""
        return {s.uid: s for s in self.sessions}


def _text(entry: Mapping[str, object], key: str) -> str:
    value = entry.get(key)
    return "" if value is None else str(value)


def _numbers(value: object) -> tuple[int, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise ValueError(f"snapshot: objectives {value!r} is not a list")
    return tuple(int(str(n)) for n in value)


def _person(row: Mapping[str, object]) -> SnapshotPerson:
    email = row.get("email")
    return SnapshotPerson(
        person_id=int(str(row["person_id"])),
        role=_text(row, "role"),
        status=InvitationStatus(str(row.get("status") or InvitationStatus.NOMINATED)),
        email=str(email) if email else None,
    )
