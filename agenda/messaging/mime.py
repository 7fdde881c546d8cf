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

import binascii
import hashlib
import html
import io
import re
from dataclasses import replace
from datetime import datetime
from email import policy
from email.generator import BytesGenerator
from email.headerregistry import Address, HeaderRegistry
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import format_datetime
from functools import lru_cache

from agenda.i18n.invite import (
    Addressee,
    InviteKind,
    format_when,
    greeting,
    intro_for,
    label,
    personal_lines,
    subject_for,
)
from agenda.messaging.ical import ICalendarError, build_calendar
from agenda.messaging.types import Attendee, CalendarEvent, CalendarMethod, OutgoingMessage
from agenda.time.zones import zone

_PLAIN_HEADER = re.compile(r"^[\x21-\x7e]+( [\x21-\x7e]+)*$")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
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
_BODY_POLICY = policy.compat32.clone(linesep="\r\n")


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
    addressee: Addressee | None = None,
) -> tuple[str, str]:
    """Plain-text and HTML bodies (HTML fully escaped)."""
    title = header_text(event.summary)
    hello = greeting(language, header_text(recipient.name), addressee)
    intro = intro_for(kind, language, title, header_text(meeting_title))
    personal = [header_text(line) for line in personal_lines(language, addressee, kind)]
    times = _time_lines(event, language, recipient_tz, home_tz)
    url = header_text(event.url)
    location = header_text(event.location)
    details = event.description.replace("\r\n", "\n").replace("\r", "\n").strip()
    show_rsvp = kind in (InviteKind.INVITATION, InviteKind.UPDATE, InviteKind.NUDGE)

    text = [hello, "", intro, *personal, ""]
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
    parts = [f"<p>{esc(hello)}</p>", f"<p>{esc(intro)}</p>"]
    parts += [f"<p>{esc(line)}</p>" for line in personal] + ["<ul>"]
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


def _text_part(text: str, subtype: str, *, base64: bool = False) -> Message:
    """A text/* part in UTF-8, quoted-printable (or base64 for calendar data).

    Encoded with binascii (C) rather than email.quoprimime (pure Python, slow for many
    messages); line breaks become CRLF when the tree is rendered.
    """
    part = MIMENonMultipart("text", subtype, charset="utf-8")
    del part["MIME-Version"]
    if base64:  # exact bytes (text/calendar keeps its CRLF line endings)
        data = text.encode("utf-8")
        part["Content-Transfer-Encoding"] = "base64"
        part.set_payload(_wrap_base64(binascii.b2a_base64(data, newline=False).decode("ascii")))
    else:
        data = text.replace("\r\n", "\n").encode("utf-8")
        part["Content-Transfer-Encoding"] = "quoted-printable"
        part.set_payload(binascii.b2a_qp(data, istext=True).decode("ascii"))
    return part


def _wrap_base64(encoded: str, width: int = 76) -> str:
    return "\n".join(encoded[i : i + width] for i in range(0, len(encoded), width)) + "\n"


def _multipart(subtype: str, parts: list[Message], boundary: str) -> Message:
    container = MIMEMultipart(subtype, boundary=boundary, _subparts=parts)
    del container["MIME-Version"]
    return container


def _render_headers(headers: list[tuple[str, object]]) -> bytes:
    """Fold headers with policy.SMTP; ``header_store_parse`` refuses values with CR or LF."""
    return "".join(_render_header(name, value) for name, value in headers).encode("ascii")


def _render_header(name: str, value: object) -> str:
    if isinstance(value, str) and _PLAIN_HEADER.match(value) and len(name) + len(value) < 76:
        return f"{name}: {value}\r\n"  # short printable ASCII: nothing to encode or fold
    if isinstance(value, Address):
        return _render_address(name, value.display_name, value.username, value.domain)
    return _render_text(name, str(value))


@lru_cache(maxsize=1024)
def _render_text(name: str, value: str) -> str:
    """Unstructured headers (the Subject), cached: a session's subject repeats per recipient."""
    _, header = SMTP_POLICY.header_store_parse(name, value)
    return str(header.fold(policy=SMTP_POLICY))


@lru_cache(maxsize=64)
def _render_address(name: str, display_name: str, username: str, domain: str) -> str:
    """From/To rendering, cached: the organizer's From is the same in every message."""
    address = Address(display_name=display_name, username=username, domain=domain)
    _, header = SMTP_POLICY.header_store_parse(name, address)
    return str(header.fold(policy=SMTP_POLICY))


def _render_body(body: Message) -> bytes:
    """The MIME tree (its Content-Type header, blank line, parts) with CRLF line endings.

    Rendered with the compat32 generator: every header in the tree is a short ASCII constant
    made here, and this avoids re-parsing them for each part (the modern generator does),
    which made building thousands of invitations several times slower.
    """
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=_BODY_POLICY).flatten(body)
    return buffer.getvalue()


def _ics_attendees(
    event: CalendarEvent, recipient: Attendee, list_all: bool
) -> tuple[Attendee, ...]:
    """The ATTENDEEs written for one recipient: only them, or everybody (recipient included)."""
    address = recipient.email.strip().lower()
    if list_all:
        if any(a.email.strip().lower() == address for a in event.attendees):
            return event.attendees
        return (*event.attendees, recipient)
    same = [a for a in event.attendees if a.email.strip().lower() == address]
    return (same[0] if same else recipient,)


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
    addressee: Addressee | None = None,
) -> OutgoingMessage:
    """Build one iMIP email for one recipient and one session.

    ``kind`` decides subject, text and iTIP method (CANCELLATION -> CANCEL, others REQUEST;
    reminders carry no calendar part). The event's method must match. The calendar lists only
    the recipient as ATTENDEE (so participants' addresses are not disclosed to each other)
    unless ``list_all_attendees``. ``now`` becomes the Date header (and DTSTAMP when the event
    has none). ``key`` is the outbox idempotency key (default: recipient|uid|kind|sequence)
    and determines the Message-ID. ``addressee`` personalises the text (honorific, role,
    interpretation languages).
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
        event, recipient, kind, language, recipient_tz, home_tz, meeting_title, sig, addressee
    )

    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    parts: list[Message] = [_text_part(plain, "plain"), _text_part(page, "html")]
    attachment: Message | None = None
    if kind in _WITH_CALENDAR:
        try:
            ics = build_calendar(
                [replace(event, attendees=_ics_attendees(event, recipient, list_all_attendees))],
                stamp=now,
            )
        except ICalendarError as exc:  # one error type for callers that report per recipient
            raise InvitationError(str(exc)) from exc
        calendar_part = _text_part(ics.decode("utf-8"), "calendar", base64=True)
        calendar_part.set_param("method", str(event.method))
        parts.append(calendar_part)
        attachment = MIMEApplication(ics, "ics", name=ICS_FILENAME)
        attachment.add_header("Content-Disposition", "attachment", filename=ICS_FILENAME)
        del attachment["MIME-Version"]

    # Top-level headers go through the header registry (Address objects, RFC 2047, folding,
    # CR/LF refusal); the body is the MIME tree above, whose headers are fixed ASCII text.
    headers = _render_headers(
        [
            ("Subject", header_text(subject)),
            ("From", from_address),
            ("To", to_address),
            ("Date", format_datetime(now)),
            ("Message-ID", message_id_for(key, message_id_domain)),
            ("MIME-Version", "1.0"),
            ("Content-Language", language),
        ]
    )
    body = _multipart("alternative", parts, f"----=_meetingctl_alt_{digest}")
    if attachment is not None:
        body = _multipart("mixed", [body, attachment], f"----=_meetingctl_mix_{digest}")
    return OutgoingMessage(
        key=key,
        sender=from_address.addr_spec,
        recipients=(to_address.addr_spec,),
        mime=headers + _render_body(body),
        event=event,
        extra={
            "kind": str(kind),
            "language": language,
            "message_id": message_id_for(key, message_id_domain),
        },
    )
