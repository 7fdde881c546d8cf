"""Invitations from programme data: ROLE mapping, language, zones, methods, round trip."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from agenda.messaging.invitations import (
    MeetingView,
    Organizer,
    RecipientView,
    SessionView,
    attendee_role,
    build_message,
    calendar_part,
    event_from_mime,
    recipient_language,
    session_view_from_snapshot,
    strongest_role,
)
from agenda.messaging.mime import InvitationError
from agenda.messaging.types import AttendeeRole, CalendarMethod
from agenda.model.enums import MessageKind, Role
from agenda.programme.published import SnapshotSession

MEETING = MeetingView("Regional review", "Examen regional", "America/Santiago", "es")
SESSION = SessionView(
    uid="abc@test.invalid",
    title_en="Round table 1: Migrants' rights, data; and ñandú",
    title_es="Mesa redonda 1: derechos, datos; y Ñandú",
    start=datetime(2030, 4, 26, 13, tzinfo=UTC),
    end=datetime(2030, 4, 26, 14, 30, tzinfo=UTC),
    sequence=2,
    video_url="https://teams.microsoft.com/l/meetup-join/xyz",
)
ORGANIZER = Organizer("secretariat@example.org", "Secretaría", "example.org")
NOW = datetime(2030, 4, 1, 12, tzinfo=UTC)


def person(**kw) -> RecipientView:  # type: ignore[no-untyped-def]
    values = dict(
        person_id=7,
        name="Zoë Ñúñez",
        email="zoe@example.org",
        languages=("en",),
        timezone="Europe/Madrid",
        roles=("panellist",),
    )
    values.update(kw)
    return RecipientView(**values)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.CHAIR, AttendeeRole.CHAIR),
        (Role.CO_CHAIR, AttendeeRole.CHAIR),
        (Role.MODERATOR, AttendeeRole.CHAIR),
        (Role.KEYNOTE_SPEAKER, AttendeeRole.REQUIRED),
        (Role.PANELLIST, AttendeeRole.REQUIRED),
        (Role.DISCUSSANT, AttendeeRole.REQUIRED),
        (Role.RAPPORTEUR, AttendeeRole.OPTIONAL),
        (Role.PARTICIPANT, AttendeeRole.OPTIONAL),
    ],
)
def test_role_mapping(role: Role, expected: AttendeeRole) -> None:
    assert attendee_role(role) == expected


@given(st.lists(st.sampled_from(list(Role)), min_size=1, max_size=4))
def test_strongest_role_wins(roles: list[Role]) -> None:
    mapped = {attendee_role(r) for r in roles}
    best = strongest_role(roles)
    assert best in mapped
    if AttendeeRole.CHAIR in mapped:
        assert best == AttendeeRole.CHAIR
    elif AttendeeRole.REQUIRED in mapped:
        assert best == AttendeeRole.REQUIRED


def test_language_follows_person_then_meeting() -> None:
    assert recipient_language(person(languages=("fr", "en-GB")), MEETING) == "fr"
    assert recipient_language(person(languages=("pt",)), MEETING) == "pt"
    assert recipient_language(person(languages=("de", "en-GB")), MEETING) == "en"
    assert recipient_language(person(languages=("de",)), MEETING) == "es"  # no German catalog
    assert recipient_language(person(languages=()), MEETING) == "es"


def test_invitation_in_english_with_role_zone_and_teams_link() -> None:
    message = build_message(
        MEETING, SESSION, person(), MessageKind.INVITATION, ORGANIZER, now=NOW, key="k1"
    )
    parsed = message_from_bytes(message.mime, policy=policy.default)
    assert parsed["Subject"].startswith("Invitation: Round table 1")
    text = parsed.get_body(("plain",)).get_content()
    assert "Europe/Madrid" in text and "America/Santiago" in text
    assert "15:00–16:30" in text and "09:00–10:30" in text  # 13:00 UTC: CEST, CLT (-04)
    cal = Calendar.from_ical(calendar_part(message.mime))
    event = next(iter(cal.walk("VEVENT")))
    assert str(cal["METHOD"]) == "REQUEST" and int(event["SEQUENCE"]) == 2
    attendee = event["ATTENDEE"]
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT" and attendee.params["RSVP"] == "TRUE"
    assert str(event["X-MICROSOFT-SKYPETEAMSMEETINGURL"]) == SESSION.video_url
    assert str(event["SUMMARY"]) == SESSION.title_en


def test_cancellation_in_spanish_uses_cancel_and_the_given_sequence() -> None:
    chair = person(languages=("es",), roles=("moderator", "participant"))
    message = build_message(
        MEETING, SESSION, chair, MessageKind.CANCELLATION, ORGANIZER, now=NOW, key="k2", sequence=3
    )
    assert message_from_bytes(message.mime, policy=policy.default)["Subject"].startswith(
        "Cancelado"
    )
    event = event_from_mime(message.mime)
    assert event is not None
    assert (event.method, event.sequence, event.uid) == (CalendarMethod.CANCEL, 3, SESSION.uid)
    assert event.attendees[0].role == AttendeeRole.CHAIR
    assert event.summary == SESSION.title_es and event.start == SESSION.start


def test_reminder_has_no_calendar_part_and_no_event() -> None:
    message = build_message(
        MEETING, SESSION, person(), MessageKind.REMINDER_1H, ORGANIZER, now=NOW, key="k3"
    )
    assert calendar_part(message.mime) is None and event_from_mime(message.mime) is None


def test_name_with_newline_cannot_add_a_header() -> None:
    message = build_message(
        MEETING,
        SESSION,
        person(name="Eve\r\nBcc: evil@example.org"),
        MessageKind.INVITATION,
        ORGANIZER,
        now=NOW,
        key="k4",
    )
    parsed = message_from_bytes(message.mime, policy=policy.default)
    assert parsed["Bcc"] is None and message.recipients == ("zoe@example.org",)
    assert all(name.lower() != "bcc" for name in parsed.keys())


def test_person_without_email_is_an_error_naming_them() -> None:
    with pytest.raises(InvitationError, match="Zoë Ñúñez has no email address"):
        build_message(
            MEETING,
            SESSION,
            person(email=None),
            MessageKind.INVITATION,
            ORGANIZER,
            now=NOW,
            key="k5",
        )


def test_snapshot_entries_need_offsets() -> None:
    entry = {
        "uid": "u",
        "title_en": "T",
        "start": "2030-01-01T10:00:00+00:00",
        "end": "2030-01-01T11:00:00+00:00",
        "sequence": 4,
    }
    assert session_view_from_snapshot(SnapshotSession.parse(entry)).sequence == 4
    with pytest.raises(ValueError, match="no UTC offset"):
        SnapshotSession.parse({**entry, "start": "2030-01-01T10:00:00"})
