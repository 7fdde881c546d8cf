"""iMIP (RFC 6047) invitation emails: MIME structure, bilingual bodies, safe headers.

Pure: ``now`` (the Date header) is passed in, zones are IANA names passed in. Message layout::

    multipart/mixed
      multipart/alternative
        text/plain; charset=utf-8
        text/html; charset=utf-8
        text/calendar; charset=utf-8; method=REQUEST|CANCEL    (not for reminders)
      application/ics; name=invite.ics (attachment)              (not for reminders)

Reminders carry no calendar object, so clients do not re-process the invitation. Headers are
built with ``email.headerregistry.Address`` under ``policy.SMTP``; display names lose CR/LF and
other control characters first, so a name can never add a header.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import replace
from datetime import datetime
from email import policy
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime

from agenda.i18n_invite import InviteKind, format_when, intro_for, label, subject_for, zone
from agenda.ical import build_calendar
from agenda.messaging import Attendee, CalendarEvent, CalendarMethod, OutgoingMessage

_CONTROLS = re.compile(r"[\x00-\x1f\x7f]+")
_ADDR_SPEC = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_DOMAIN_UNSAFE = re.compile(r"[^A-Za-z0-9.-]")
_WITH_CALENDAR = frozenset(
    {InviteKind.INVITATION, InviteKind.UPDATE, InviteKind.CANCELLATION, InviteKind.NUDGE}
)
ICS_FILENAME = "invite.ics"


class _CachingHeaderRegistry(HeaderRegistry):
    """The standard registry, but the per-header-type class is created once, not per header.

    ``HeaderRegistry.__getitem__`` builds a new class with ``type()`` on every header, which
    dominated the cost of building thousands of invitations; behaviour is otherwise identical.
    """

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        cls = self._classes.get(key)
        if cls is None:
            cls = self._classes[key] = super().__getitem__(name)
        return cls


# policy.SMTP (CRLF line endings, RFC 2047 header encoding) with the faster registry.
SMTP_POLICY = policy.SMTP.clone(header_factory=_CachingHeaderRegistry())


class InvitationError(ValueError):
    """An invitation cannot be built (e.g. a person without an email address)."""


def header_text(value: str) -> str:
    """One-line header-safe text: CR, LF and other control characters become a single space."""
    return _CONTROLS.sub(" ", value).strip()


def mail_address(email: str, name: str = "") -> Address:
    """An Address with a cleaned display name; raises InvitationError for an unusable address."""
    addr_spec = (email or "").strip()
    if not addr_spec:
        raise InvitationError(
            f"{name or 'A recipient'} has no email address: add one before sending invitations."
        )
    if not _ADDR_SPEC.match(addr_spec):
        raise InvitationError(f"Invalid email address {addr_spec!r} for {header_text(name)!r}.")
    username, domain = addr_spec.rsplit("@", 1)
    return Address(display_name=header_text(name), username=username, domain=domain)


def message_id_for(key: str, domain: str) -> str:
    """Deterministic Message-ID for an idempotency key: the same key gives the same id."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
    return f"<{digest}@{_DOMAIN_UNSAFE.sub('', domain) or 'meetingctl.invalid'}>"


def default_message_key(event: CalendarEvent, recipient: Attendee, kind: InviteKind) -> str:
    """Idempotency key (recipient, session UID, kind, sequence) used when none is given."""
    return f"{recipient.email.strip().lower()}|{event.uid}|{kind}|{event.sequence}"


def method_for(kind: InviteKind) -> CalendarMethod:
    """The iTIP method a kind of message carries."""
    return CalendarMethod.CANCEL if kind == InviteKind.CANCELLATION else CalendarMethod.REQUEST


def _time_lines(
    event: CalendarEvent, language: str, recipient_tz: str, home_tz: str
) -> list[tuple[str, str]]:
    """(caption, formatted span) pairs: the recipient's zone and the home zone, or one line."""
    same_offsets = all(
        moment.astimezone(zone(recipient_tz)).utcoffset()
        == moment.astimezone(zone(home_tz)).utcoffset()
        for moment in (event.start, event.end)
    )
    if recipient_tz == home_tz or same_offsets:
        return [
            (
                label(language, "time", zone=recipient_tz),
                format_when(event.start, event.end, recipient_tz, language),
            )
        ]
    return [
        (
            label(language, "your_time", zone=recipient_tz),
            format_when(event.start, event.end, recipient_tz, language),
        ),
        (
            label(language, "home_time", zone=home_tz),
            format_when(event.start, event.end, home_tz, language),
        ),
    ]


def _bodies(
    event: CalendarEvent,
    recipient: Attendee,
    kind: InviteKind,
    language: str,
    recipient_tz: str,
    home_tz: str,
    meeting_title: str,
    signature: str,
) -> tuple[str, str]:
    """Plain-text and HTML bodies (HTML fully escaped)."""
    title = header_text(event.summary)
    name = header_text(recipient.name)
    greeting = (
        label(language, "greeting", name=name) if name else label(language, "greeting_anonymous")
    )
    intro = intro_for(kind, language, title, header_text(meeting_title))
    times = _time_lines(event, language, recipient_tz, home_tz)
    url = header_text(event.url)
    location = header_text(event.location)
    details = event.description.replace("\r\n", "\n").replace("\r", "\n").strip()
    show_rsvp = kind in (InviteKind.INVITATION, InviteKind.UPDATE, InviteKind.NUDGE)

    text = [greeting, "", intro, ""]
    text += [f"{caption}: {value}" for caption, value in times]
    if location:
        text.append(f"{label(language, 'location')}: {location}")
    if url:
        text.append(f"{label(language, 'join')}: {url}")
    if details:
        text += ["", details]
    if show_rsvp:
        text += ["", label(language, "rsvp")]
    text += ["", "--", signature]

    esc = html.escape
    parts = [f"<p>{esc(greeting)}</p>", f"<p>{esc(intro)}</p>", "<ul>"]
    parts += [f"<li><strong>{esc(c)}:</strong> {esc(v)}</li>" for c, v in times]
    if location:
        parts.append(
            f"<li><strong>{esc(label(language, 'location'))}:</strong> {esc(location)}</li>"
        )
    if url:
        link = (
            f'<a href="{esc(url, quote=True)}">{esc(url)}</a>'
            if url.lower().startswith(("https://", "http://"))
            else esc(url)
        )
        parts.append(f"<li><strong>{esc(label(language, 'join'))}:</strong> {link}</li>")
    parts.append("</ul>")
    if details:
        parts.append("<p>" + "<br>\n".join(esc(line) for line in details.split("\n")) + "</p>")
    if show_rsvp:
        parts.append(f"<p>{esc(label(language, 'rsvp'))}</p>")
    parts.append(f"<p>&mdash;<br>{esc(signature)}</p>")
    page = (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title></head>\n<body>\n" + "\n".join(parts) + "\n</body></html>\n"
    )
    return "\n".join(text) + "\n", page


def _make_deterministic(message: EmailMessage, key: str) -> None:
    """Boundaries derived from the key (same input, same bytes); one MIME-Version header."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    for index, part in enumerate(message.walk()):
        if part is not message:
            del part["MIME-Version"]
        if part.is_multipart():
            part.set_boundary(f"----=_meetingctl_{index}_{digest}")


def build_invitation_email(
    event: CalendarEvent,
    recipient: Attendee,
    *,
    kind: InviteKind = InviteKind.INVITATION,
    language: str = "en",
    recipient_tz: str,
    home_tz: str,
    meeting_title: str,
    now: datetime,
    message_id_domain: str,
    key: str | None = None,
    signature: str | None = None,
    list_all_attendees: bool = False,
) -> OutgoingMessage:
    """Build one iMIP email for one recipient and one session.

    ``kind`` decides subject, text and iTIP method (CANCELLATION -> CANCEL, others REQUEST;
    reminders carry no calendar part). The event's method must match. The calendar lists only
    the recipient as ATTENDEE (so participants' addresses are not disclosed to each other)
    unless ``list_all_attendees``. ``now`` becomes the Date header (and DTSTAMP when the event
    has none). ``key`` is the outbox idempotency key (default: recipient|uid|kind|sequence)
    and determines the Message-ID.
    """
    if now.tzinfo is None:
        raise InvitationError("build_invitation_email: 'now' must be an aware datetime.")
    if event.method != method_for(kind):
        raise InvitationError(
            f"A {kind} message needs an event with method {method_for(kind)}, "
            f"got {event.method} (event {event.uid})."
        )
    to_address = mail_address(recipient.email, recipient.name)
    from_address = mail_address(event.organizer_email, event.organizer_name)
    zone(recipient_tz)
    zone(home_tz)
    key = key or default_message_key(event, recipient, kind)

    subject = subject_for(kind, language, header_text(event.summary), header_text(meeting_title))
    sig = header_text(signature) if signature else label(language, "signature")
    plain, page = _bodies(
        event, recipient, kind, language, recipient_tz, home_tz, meeting_title, sig
    )

    message = EmailMessage(policy=SMTP_POLICY)
    message["Subject"] = header_text(subject)
    message["From"] = from_address
    message["To"] = to_address
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id_for(key, message_id_domain)
    message.set_content(plain, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(page, subtype="html", charset="utf-8", cte="quoted-printable")

    if kind in _WITH_CALENDAR:
        if list_all_attendees:
            attendees = event.attendees
            if all(a.email.strip().lower() != to_address.addr_spec.lower() for a in attendees):
                attendees = (*attendees, recipient)
        else:
            same = [
                a for a in event.attendees if a.email.strip().lower() == recipient.email.lower()
            ]
            attendees = (same[0] if same else recipient,)
        ics = build_calendar([replace(event, attendees=attendees)], stamp=now)
        method = str(event.method)
        message.add_alternative(
            ics.decode("utf-8"),
            subtype="calendar",
            charset="utf-8",
            cte="base64",
            params={"method": method},
        )
        message.make_mixed()
        message.add_attachment(
            ics, maintype="application", subtype="ics", filename=ICS_FILENAME, cte="base64"
        )
    message["Content-Language"] = language  # after make_mixed, which moves Content-* headers
    _make_deterministic(message, key)
    return OutgoingMessage(
        key=key,
        sender=from_address.addr_spec,
        recipients=(to_address.addr_spec,),
        mime=message.as_bytes(),
        event=event,
        extra={"kind": str(kind), "language": language},
    )
