"""Reading iTIP replies (RFC 5546 REPLY and COUNTER) out of e-mail messages.

Pure: bytes or an :class:`email.message.Message` in, frozen dataclasses out; no clock, no I/O.
A message may carry its calendar as a ``text/calendar; method=REPLY`` part (Outlook, Gmail,
Apple Mail; the subject is localized and never read), as an ``.ics`` attachment, or both (the
same answer twice in one message counts once). Each ATTENDEE of each VEVENT gives one
:class:`ReplyItem`; what to do with it is decided by :mod:`agenda.messaging.reply_rules`.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # icalendar loads when a message is read, not with the CLI
    from icalendar import Calendar


#: iTIP methods read here: an answer (REPLY) or a counter-proposal (COUNTER).
REPLY_METHODS = frozenset({"REPLY", "COUNTER"})
_CALENDAR_TYPES = frozenset({"text/calendar", "application/ics", "text/x-vcalendar"})
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ReplyItem:
    """One attendee's answer to one event, as the message states it."""

    message_id: str
    sender: str
    method: str
    uid: str
    sequence: int
    stamp: datetime | None
    attendee: str
    partstat: str
    comment: str = ""
    delegated_to: tuple[str, ...] = ()
    summary: str = ""
    subject: str = ""

    @property
    def fingerprint(self) -> str:
        """Identity of the answer (not of the message carrying it): the same reply delivered
        twice, or forwarded under another Message-ID, has the same fingerprint."""
        stamp = self.stamp.isoformat() if self.stamp else ""
        text = "|".join(
            (
                self.method,
                self.uid,
                str(self.sequence),
                stamp,
                self.attendee,
                self.partstat,
                ",".join(self.delegated_to),
                self.comment,
            )
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]

    @property
    def order_key(self) -> tuple[int, datetime, str]:
        """RFC 5546 2.1.5 ordering: SEQUENCE first, then DTSTAMP; the fingerprint breaks ties
        so that any arrival order ends on the same answer."""
        return self.key_of(self.sequence, self.stamp, self.fingerprint)

    @staticmethod
    def key_of(
        sequence: int, stamp: datetime | None, fingerprint: str
    ) -> tuple[int, datetime, str]:
        """The :attr:`order_key` of a stored reply."""
        return (int(sequence), stamp or _EPOCH, fingerprint)


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    """What a message holds: its replies and the calendar parts that could not be read."""

    message_id: str
    sender: str
    subject: str
    items: tuple[ReplyItem, ...] = ()
    problems: tuple[str, ...] = field(default=())


#: Graph ``responseStatus.response`` -> iTIP PARTSTAT (none, organizer, notResponded: no answer).
GRAPH_RESPONSES = {
    "accepted": "ACCEPTED",
    "declined": "DECLINED",
    "tentativelyaccepted": "TENTATIVE",
}


def graph_reply(
    *, event_id: str, uid: str, sequence: int, address: str, response: str, time: datetime | None
) -> ReplyItem | None:
    """The answer Graph reports for one attendee of the Outlook event made for session ``uid``
    (SEQUENCE: the last one sent to that person), or None when they have not answered. Graph
    is the organizer's own calendar, so the attendee is the sender."""
    partstat = GRAPH_RESPONSES.get(response.strip().lower())
    if partstat is None:
        return None
    attendee = address.strip().lower()
    return ReplyItem(
        message_id=f"graph:{event_id}",
        sender=attendee,
        method="REPLY",
        uid=uid,
        sequence=sequence,
        stamp=time,
        attendee=attendee,
        partstat=partstat,
    )


def address_of(value: object) -> str:
    """A calendar address or mail header as a lower-case bare address (``mailto:`` dropped)."""
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    pairs = getaddresses([text])
    found = pairs[0][1] if pairs and pairs[0][1] else text
    return found.strip().strip("<>").lower()


def parse_message(raw: bytes | Message) -> ParsedMessage:
    """The iTIP replies in one e-mail message (none when it holds no REPLY/COUNTER)."""
    message = (
        raw
        if isinstance(raw, Message)
        else email.message_from_bytes(raw, policy=email.policy.compat32)
    )
    message_id = str(message.get("Message-ID", "") or "").strip()
    sender = address_of(message.get("From", ""))
    subject = _header_text(message.get("Subject", ""))
    items: dict[str, ReplyItem] = {}
    problems: list[str] = []
    for part in _calendar_parts(message):
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload.strip():
            continue
        from icalendar import Calendar

        try:
            calendar = Calendar.from_ical(payload)
        except Exception as exc:  # noqa: BLE001 - any unreadable calendar is reported, not raised
            problems.append(f"unreadable calendar part: {exc}")
            continue
        method = str(calendar.get("METHOD", "") or part.get_param("method") or "").upper()
        if method not in REPLY_METHODS:
            continue
        for item in _items(calendar, method, message_id, sender, subject, problems):
            items.setdefault(item.fingerprint, item)
    return ParsedMessage(message_id, sender, subject, tuple(items.values()), tuple(problems))


def _header_text(value: object) -> str:
    from email.header import decode_header, make_header

    try:
        return str(make_header(decode_header(str(value or ""))))
    except Exception:  # noqa: BLE001 - a malformed encoded word: keep the raw header
        return str(value or "")


def _calendar_parts(message: Message) -> Iterator[Message]:
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type().lower()
        filename = (part.get_filename() or "").lower()
        if kind in _CALENDAR_TYPES or filename.endswith((".ics", ".ical", ".ifb")):
            yield part


def _items(
    calendar: Calendar,
    method: str,
    message_id: str,
    sender: str,
    subject: str,
    problems: list[str],
) -> Iterator[ReplyItem]:
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", "") or "").strip()
        if not uid:
            problems.append("a VEVENT without UID")
            continue
        try:
            sequence = int(str(event.get("SEQUENCE", 0) or 0))
        except ValueError:
            problems.append(f"event {uid}: SEQUENCE is not a number")
            continue
        stamp = _stamp(event.get("DTSTAMP"))
        comment = "\n".join(str(c) for c in _as_list(event.get("COMMENT"))).strip()
        summary = str(event.get("SUMMARY", "") or "")
        attendees = _as_list(event.get("ATTENDEE"))
        if not attendees:
            problems.append(f"event {uid}: a {method} without ATTENDEE")
        for attendee in attendees:
            params = getattr(attendee, "params", {})
            partstat = str(params.get("PARTSTAT", "") or "").upper()
            delegated = tuple(
                address_of(a) for a in _split_addresses(params.get("DELEGATED-TO")) if address_of(a)
            )
            yield ReplyItem(
                message_id=message_id,
                sender=sender,
                method=method,
                uid=uid,
                sequence=sequence,
                stamp=stamp,
                attendee=address_of(attendee),
                partstat=partstat,
                comment=comment,
                delegated_to=delegated,
                summary=summary,
                subject=subject,
            )


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _split_addresses(value: object) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [piece.strip().strip('"') for v in values for piece in str(v).split(",") if piece]


def _stamp(value: object) -> datetime | None:
    moment = getattr(value, "dt", None)
    if isinstance(moment, datetime):
        if moment.tzinfo is None:  # floating DTSTAMP: RFC 5545 says UTC
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    if isinstance(moment, date):
        return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    return None


def message_date(raw: Message) -> datetime | None:
    """The message's Date header as aware UTC, or None."""
    try:
        moment = parsedate_to_datetime(str(raw.get("Date", "")))
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
