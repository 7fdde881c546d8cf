"""Building an iTIP REPLY the way a calendar client's "Accept" button does (RFC 5546 3.2.3).

meetingctl never sends replies; this exists to exercise the reading side faithfully (tests,
the benchmark, support reproducing a case): a ``multipart/alternative`` message with a text
part and a ``text/calendar; method=REPLY`` part, optionally the same calendar again as an
``invite.ics`` attachment, as Outlook and Gmail do.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from icalendar import Calendar, Event, vCalAddress


def reply_calendar(
    *,
    uid: str,
    attendee: str,
    partstat: str = "ACCEPTED",
    sequence: int = 0,
    stamp: datetime | None = None,
    organizer: str = "secretariat@example.org",
    comment: str = "",
    delegated_to: str = "",
    method: str = "REPLY",
    summary: str = "Session",
) -> bytes:
    """The VCALENDAR of one attendee's answer."""
    calendar = Calendar()
    calendar.add("PRODID", "-//meetingctl//reply builder//EN")
    calendar.add("VERSION", "2.0")
    calendar.add("METHOD", method)
    event = Event()
    event.add("UID", uid)
    event.add("SEQUENCE", sequence)
    event.add("DTSTAMP", (stamp or datetime(2026, 12, 1, 12, tzinfo=UTC)).astimezone(UTC))
    start = datetime(2027, 4, 26, 14, tzinfo=UTC)
    event.add("DTSTART", start)
    event.add("DTEND", start + timedelta(hours=1))
    event.add("SUMMARY", summary)
    event.add("ORGANIZER", vCalAddress(f"mailto:{organizer}"))
    address = vCalAddress(f"mailto:{attendee}")
    address.params["PARTSTAT"] = partstat
    if delegated_to:
        address.params["DELEGATED-TO"] = f"mailto:{delegated_to}"
    event.add("ATTENDEE", address)
    if comment:
        event.add("COMMENT", comment)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def reply_message(
    *,
    uid: str,
    attendee: str,
    sender: str | None = None,
    partstat: str = "ACCEPTED",
    sequence: int = 0,
    stamp: datetime | None = None,
    comment: str = "",
    delegated_to: str = "",
    method: str = "REPLY",
    subject: str = "Accepted: Session",
    message_id: str | None = None,
    attach_ics: bool = False,
    inline: bool = True,
    to: str = "secretariat@example.org",
) -> bytes:
    """A whole e-mail answer, as bytes (From is ``sender`` or the attendee)."""
    body = reply_calendar(
        uid=uid,
        attendee=attendee,
        partstat=partstat,
        sequence=sequence,
        stamp=stamp,
        comment=comment,
        delegated_to=delegated_to,
        method=method,
        organizer=to,
    )
    message = EmailMessage()
    message["From"] = sender or attendee
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(stamp or datetime(2026, 12, 1, 12, tzinfo=UTC))
    digest = hashlib.sha1(f"{uid}|{attendee}|{partstat}|{sequence}|{stamp}".encode()).hexdigest()
    message["Message-ID"] = message_id or f"<{digest[:20]}@client.example>"
    message.set_content(f"{attendee} has answered: {partstat.lower()}")
    if inline:
        message.add_alternative(body.decode("utf-8"), subtype="calendar", params={"method": method})
    if attach_ics:
        message.add_attachment(body, maintype="application", subtype="ics", filename="invite.ics")
    return message.as_bytes()
