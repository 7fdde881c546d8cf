"""From the programme (sessions, people, roles) to calendar events and invitation emails.

Pure: no clock reads (``now`` is passed in), no I/O. Works on small frozen views
(:class:`SessionView`, :class:`RecipientView`) so the same code serves live ORM rows and the
snapshots stored with each published agenda version (a cancelled session no longer exists in
the database, only in the previous snapshot).

ROLE mapping (RFC 5545 3.2.16): chairs, co-chairs and moderators -> CHAIR; keynote speakers,
panellists and discussants -> REQ-PARTICIPANT; everyone else -> OPT-PARTICIPANT.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from typing import Any

from icalendar import Calendar

from agenda.i18n.invite import Addressee, InviteKind, choose_language
from agenda.messaging.ical import is_teams_url
from agenda.messaging.mime import build_invitation_email, method_for
from agenda.messaging.types import (
    Attendee,
    AttendeeRole,
    CalendarEvent,
    CalendarMethod,
    OutgoingMessage,
)
from agenda.model.enums import CHAIR_ROLES, SPEAKER_ROLES, MessageKind, Role
from agenda.programme.published import SnapshotSession
from agenda.time.policy import person_zone

#: Outbox message kinds and the email kinds of the mail builder.
INVITE_KINDS: dict[MessageKind, InviteKind] = {
    MessageKind.INVITATION: InviteKind.INVITATION,
    MessageKind.UPDATE: InviteKind.UPDATE,
    MessageKind.CANCELLATION: InviteKind.CANCELLATION,
    MessageKind.REMINDER_24H: InviteKind.REMINDER_24H,
    MessageKind.REMINDER_1H: InviteKind.REMINDER_1H,
    MessageKind.NUDGE: InviteKind.NUDGE,
}

# Strongest first: a person holding several roles in one session gets the strongest one.
_ROLE_RANK = {AttendeeRole.CHAIR: 0, AttendeeRole.REQUIRED: 1, AttendeeRole.OPTIONAL: 2}


def attendee_role(role: Role | str) -> AttendeeRole:
    """The iCalendar ROLE for a programme role."""
    value = Role(role)
    if value in CHAIR_ROLES:
        return AttendeeRole.CHAIR
    if value in SPEAKER_ROLES:
        return AttendeeRole.REQUIRED
    return AttendeeRole.OPTIONAL


def strongest_role(roles: Iterable[Role | str]) -> AttendeeRole:
    """The strongest iCalendar ROLE among a person's roles in one session."""
    mapped = [attendee_role(r) for r in roles]
    if not mapped:
        return AttendeeRole.OPTIONAL
    return min(mapped, key=_ROLE_RANK.__getitem__)


@dataclass(frozen=True, slots=True)
class MeetingView:
    """What messages need from the meeting."""

    title_en: str
    title_es: str
    home_tz: str
    default_language: str = "es"
    interpretation_languages: tuple[str, ...] = ()

    def title(self, language: str) -> str:
        """The title in ``language``, falling back to English."""
        return (self.title_es if language == "es" else self.title_en) or self.title_en


@dataclass(frozen=True, slots=True)
class SessionView:
    """What messages need from a session (live or from a snapshot)."""

    uid: str
    title_en: str
    title_es: str
    start: datetime
    end: datetime
    sequence: int = 0
    video_url: str = ""
    room: str = ""
    description_en: str = ""
    description_es: str = ""

    def title(self, language: str) -> str:
        """The title in ``language``, falling back to English."""
        return (self.title_es if language == "es" else self.title_en) or self.title_en

    def description(self, language: str) -> str:
        """The description in ``language``, falling back to English."""
        return (self.description_es if language == "es" else self.description_en) or (
            self.description_en
        )


@dataclass(frozen=True, slots=True)
class RecipientView:
    """One person as a recipient: address, language, zone and their role(s) in the session."""

    person_id: int
    name: str
    email: str | None
    languages: tuple[str, ...] = ()
    timezone: str | None = None
    roles: tuple[str, ...] = ()
    country: str | None = None
    honorific: str = ""
    gender: str | None = None


@dataclass(frozen=True, slots=True)
class Organizer:
    """The secretariat mailbox that sends and organizes the events."""

    email: str
    name: str
    message_id_domain: str


def meeting_view(meeting: Any) -> MeetingView:
    """A MeetingView from an ORM Meeting (or any object with the same attributes)."""
    return MeetingView(
        title_en=meeting.title_en,
        title_es=meeting.title_es or "",
        home_tz=meeting.home_tz,
        default_language=meeting.default_language or "es",
        interpretation_languages=tuple(
            dict.fromkeys(
                [
                    *(getattr(meeting, "interpretation_languages", None) or ()),
                    *(getattr(meeting, "optional_interpretation_languages", None) or ()),
                ]
            )
        ),
    )


def session_view(session: Any) -> SessionView:
    """A SessionView from an ORM Session."""
    return SessionView(
        uid=session.uid,
        title_en=session.title_en,
        title_es=session.title_es or "",
        start=session.start,
        end=session.end,
        sequence=session.sequence or 0,
        video_url=session.video_url or "",
        room=session.room or "",
        description_en=session.description_en or "",
        description_es=session.description_es or "",
    )


def session_view_from_snapshot(session: SnapshotSession) -> SessionView:
    """A SessionView from one session of a parsed published-version snapshot."""
    return SessionView(
        uid=session.uid,
        title_en=session.title_en,
        title_es=session.title_es,
        start=session.start,
        end=session.end,
        sequence=session.sequence,
        video_url=session.video_url,
        room=session.room,
        description_en=session.description_en,
        description_es=session.description_es,
    )


def recipient_view(person: Any, roles: Iterable[Role | str] = ()) -> RecipientView:
    """A RecipientView from an ORM Person and their roles in one session."""
    return RecipientView(
        person_id=person.id,
        name=" ".join(p for p in (person.given_name, person.family_name) if p).strip(),
        email=(person.email or "").strip() or None,
        languages=tuple(person.languages or ()),
        timezone=person.timezone or None,
        roles=tuple(str(Role(r)) for r in roles),
        country=person.country or None,
        honorific=getattr(person, "honorific", None) or "",
        gender=str(getattr(person, "gender", None) or "") or None,
    )


def recipient_language(recipient: RecipientView, meeting: MeetingView) -> str:
    """Spanish or English from the person's languages, else the meeting's default."""
    return choose_language(recipient.languages, meeting.default_language)


def recipient_zone(recipient: RecipientView, meeting: MeetingView) -> str:
    """The zone the person's invitation is written in (:func:`agenda.time.policy.person_zone`)."""
    return person_zone(recipient.timezone, recipient.country, meeting.home_tz)


def calendar_event(
    meeting: MeetingView,
    session: SessionView,
    attendees: Iterable[RecipientView],
    organizer: Organizer,
    *,
    method: CalendarMethod = CalendarMethod.REQUEST,
    language: str = "en",
    stamp: datetime | None = None,
    sequence: int | None = None,
) -> CalendarEvent:
    """The calendar entry for one session (attendees without an address are left out)."""
    listed = tuple(
        Attendee(email=r.email, name=r.name, role=strongest_role(r.roles))
        for r in attendees
        if r.email
    )
    url = session.video_url.strip()
    return CalendarEvent(
        uid=session.uid,
        sequence=session.sequence if sequence is None else sequence,
        method=method,
        summary=session.title(language),
        start=session.start,
        end=session.end,
        organizer_email=organizer.email,
        organizer_name=organizer.name,
        attendees=listed,
        description=session.description(language),
        location=session.room,
        url=url,
        tzid=None,
        stamp=stamp,
        is_teams_link=bool(url) and is_teams_url(url),
        language=language,
    )


def build_message(
    meeting: MeetingView,
    session: SessionView,
    recipient: RecipientView,
    kind: MessageKind,
    organizer: Organizer,
    *,
    now: datetime,
    key: str,
    sequence: int | None = None,
) -> OutgoingMessage:
    """The email (iMIP for invitations, updates, cancellations and nudges) for one recipient.

    Raises ``agenda.messaging.mime.InvitationError`` when the person has no usable address.
    """
    invite_kind = INVITE_KINDS[MessageKind(kind)]
    language = recipient_language(recipient, meeting)
    event = calendar_event(
        meeting,
        session,
        [recipient],
        organizer,
        method=method_for(invite_kind),
        language=language,
        stamp=now,
        sequence=sequence,
    )
    attendee = Attendee(
        email=recipient.email or "", name=recipient.name, role=strongest_role(recipient.roles)
    )
    return build_invitation_email(
        event,
        attendee,
        kind=invite_kind,
        language=language,
        recipient_tz=recipient_zone(recipient, meeting),
        home_tz=meeting.home_tz,
        meeting_title=meeting.title(language),
        now=now,
        message_id_domain=organizer.message_id_domain,
        key=key,
        addressee=Addressee(
            honorific=recipient.honorific,
            gender=recipient.gender,
            roles=recipient.roles,
            interpretation=meeting.interpretation_languages,
        ),
    )


def calendar_part(mime: bytes) -> bytes | None:
    """The text/calendar part of an email, or None (reminders carry none)."""
    message = message_from_bytes(mime, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else None
    return None


def event_from_mime(mime: bytes) -> CalendarEvent | None:
    """Recover the CalendarEvent from a stored iMIP email (for event-based transports).

    The outbox stores the exact bytes built at enqueue; transports that create Outlook events
    instead of mailing .ics files need the structured event, which is read back from the
    email's text/calendar part. Returns None for messages without a calendar part.
    """
    raw = calendar_part(mime)
    if raw is None:
        return None
    calendar = Calendar.from_ical(raw)
    vevent = next(iter(calendar.walk("VEVENT")))
    organizer = vevent.get("ORGANIZER")
    attendees = vevent.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    return CalendarEvent(
        uid=str(vevent["UID"]),
        sequence=int(vevent.get("SEQUENCE", 0)),
        method=CalendarMethod(str(calendar["METHOD"])),
        summary=str(vevent.get("SUMMARY", "")),
        start=vevent.decoded("DTSTART"),
        end=vevent.decoded("DTEND"),
        organizer_email=_address(organizer),
        organizer_name=str(organizer.params.get("CN", "")) if organizer is not None else "",
        attendees=tuple(
            Attendee(
                email=_address(a),
                name=str(a.params.get("CN", "")),
                role=AttendeeRole(str(a.params.get("ROLE", "REQ-PARTICIPANT"))),
            )
            for a in attendees
        ),
        description=str(vevent.get("DESCRIPTION", "")),
        location=str(vevent.get("LOCATION", "")),
        url=str(vevent.get("URL", "")),
        stamp=vevent.decoded("DTSTAMP") if "DTSTAMP" in vevent else None,
        is_teams_link="X-MICROSOFT-SKYPETEAMSMEETINGURL" in vevent,
    )


def _address(value: Any) -> str:
    text = str(value or "")
    return text[7:] if text.lower().startswith("mailto:") else text
