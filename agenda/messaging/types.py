"""Plain data exchanged between message building (agenda) and delivery (integrations).

These types carry no behaviour: agenda/ builds them, integrations/ transports consume them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class AttendeeRole(enum.StrEnum):
    """iCalendar ROLE parameter values used for invitations (RFC 5545 3.2.16)."""

    CHAIR = "CHAIR"
    REQUIRED = "REQ-PARTICIPANT"
    OPTIONAL = "OPT-PARTICIPANT"


class CalendarMethod(enum.StrEnum):
    """iTIP methods (RFC 5546) this project sends."""

    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


@dataclass(frozen=True, slots=True)
class Attendee:
    """One invited person as it appears in a calendar entry."""

    email: str
    name: str
    role: AttendeeRole = AttendeeRole.REQUIRED


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """Everything a calendar entry for one session needs, already localized.

    ``start`` and ``end`` are aware datetimes (any zone; serializers convert as needed).
    ``tzid`` is the IANA zone to express DTSTART/DTEND in, or None for UTC.
    """

    uid: str
    sequence: int
    method: CalendarMethod
    summary: str
    start: datetime
    end: datetime
    organizer_email: str
    organizer_name: str
    attendees: tuple[Attendee, ...]
    description: str = ""
    location: str = ""
    url: str = ""
    tzid: str | None = None
    stamp: datetime | None = None
    is_teams_link: bool = False
    language: str = "en"


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A message ready for a transport.

    ``key`` is the outbox idempotency key; ``mime`` the complete RFC 5322 message
    (used by file, smtp and graph transports); ``event`` the structured entry (used by the
    graph-events transport, which creates Outlook events instead of mailing .ics files).
    """

    key: str
    sender: str
    recipients: tuple[str, ...]
    mime: bytes
    event: CalendarEvent | None = None
    extra: dict[str, str] = field(default_factory=dict)


class SendStatus(enum.StrEnum):
    """Outcome of one delivery attempt."""

    SENT = "sent"
    TRANSIENT = "transient"  # retry later (SMTP 4xx, connection errors, HTTP 429/5xx)
    PERMANENT = "permanent"  # dead-letter (SMTP 5xx, HTTP 4xx other than 429)
    #: the transport itself failed (authentication, TLS, DNS, connection refused, timeout):
    #: nothing was said about this message, so it keeps its attempts and waits; the run stops
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True, slots=True)
class SendResult:
    """Result of sending one OutgoingMessage; ``error`` never contains secrets."""

    key: str
    status: SendStatus
    error: str | None = None
    provider_id: str | None = None
    retry_after: float | None = None
