"""The results of the replies use cases (plain frozen dataclasses: the CLI and the TUI render
them without touching the database layer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from agenda.messaging.reply_rules import Outcome


@dataclass(frozen=True, slots=True)
class ReplyResult:
    """What one attendee's answer did."""

    attendee: str
    uid: str
    partstat: str
    outcome: str
    reason: str
    detail: str = ""
    session_id: int | None = None
    person_id: int | None = None
    person: str = ""
    session: str = ""
    status: str = ""
    changed: bool = False


@dataclass(frozen=True)
class ReplyReport:
    """What reading a batch of messages did."""

    messages: int
    results: tuple[ReplyResult, ...] = ()
    ignored: int = 0
    problems: tuple[str, ...] = ()
    moved: int = 0
    source: str = ""

    def count(self, outcome: Outcome | str) -> int:
        """How many answers had ``outcome``."""
        return sum(1 for r in self.results if r.outcome == str(outcome))


@dataclass(frozen=True)
class StoredReply:
    """One recorded reply, as listed."""

    id: int
    received_at: datetime
    attendee: str
    sender: str
    method: str
    uid: str
    sequence: int
    dtstamp: datetime | None
    partstat: str
    outcome: str
    reason: str
    detail: str
    comment: str
    session_id: int | None
    person_id: int | None
    person: str
    session: str
    message_id: str
    source: str


@dataclass(frozen=True)
class ReplyListing:
    """The review queue (unresolved) and the most recent replies."""

    queue: tuple[StoredReply, ...]
    recent: tuple[StoredReply, ...]


@dataclass(frozen=True)
class InvitationsTimeline:
    """The Invitations screen's replies panel: the organizer's zone, each person's timeline
    and the review queue."""

    zone: str
    entries: tuple[TimelineEntry, ...]
    queue: tuple[StoredReply, ...]


@dataclass(frozen=True)
class TimelineEntry:
    """One person's invitation to one session: when it was sent, delivered, answered."""

    person_id: int
    person: str
    session_id: int
    session: str
    role: str
    status: str
    sent: datetime | None = None
    delivered: datetime | None = None
    replied: datetime | None = None
    answer: str = ""
    comment: str = ""
    extra: tuple[str, ...] = field(default=())
    #: the session's Spanish title ("" when none) and the person's gender (status agreement)
    session_es: str = ""
    gender: str = "unknown"

    def session_title(self, lang: str) -> str:
        """The session's title in ``lang`` (Spanish when given, else English)."""
        return self.session_es if lang.startswith("es") and self.session_es else self.session
