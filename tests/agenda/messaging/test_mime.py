"""agenda.messaging.mime: iMIP structure, bilingual content, both time zones, safe headers,
determinism.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agenda.i18n.invite import InviteKind, choose_language, format_when
from agenda.messaging.mime import InvitationError, build_invitation_email, header_text
from agenda.messaging.types import Attendee, AttendeeRole, CalendarEvent, CalendarMethod
from tests.agenda.messaging.itip_assertions import assert_valid_itip

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2021, 4, 2, 15, 4, 5, tzinfo=UTC)
SPEAKER = Attendee("speaker@example.org", "José Müller", AttendeeRole.REQUIRED)

EVENT = CalendarEvent(
    uid="319c7711-2567-5bd2-9976-a0030142df6a@example.org",
    sequence=0,
    method=CalendarMethod.REQUEST,
    summary="Panel 1: Niñez, migración; género",
    start=datetime(2021, 4, 26, 10, 0, tzinfo=SANTIAGO),
    end=datetime(2021, 4, 26, 11, 30, tzinfo=SANTIAGO),
    organizer_email="secretariat@example.org",
    organizer_name="Secretaría técnica",
    attendees=(
        Attendee("chair@example.org", "Ana Chair", AttendeeRole.CHAIR),
        SPEAKER,
    ),
    description="Opening panel.",
    url="https://zoom.us/j/123456789",
    tzid="America/Santiago",
)


def build(kind=InviteKind.INVITATION, event=EVENT, recipient=SPEAKER, **overrides):
    values = dict(
        kind=kind,
        language="es",
        recipient_tz="America/Los_Angeles",  # UTC-7 in April
        home_tz="America/Santiago",
        meeting_title="Revisión regional del PMM",
        now=NOW,
        message_id_domain="example.org",
    )
    values.update(overrides)
    return build_invitation_email(event, recipient, **values)


def parse(raw: bytes):
    return message_from_bytes(raw, policy=policy.default)


def calendar_parts(message):
    return [p for p in message.walk() if p.get_content_type() == "text/calendar"]


def test_imip_structure_for_a_request():
    outgoing = build()
    message = parse(outgoing.mime)
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    kinds = [p.get_content_type() for p in alternative.get_payload()]
    assert kinds == ["text/plain", "text/html", "text/calendar"]
    calendar = alternative.get_payload()[2]
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_content_charset() == "utf-8"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_content_disposition() == "attachment"
    ics = calendar.get_payload(decode=True)
    assert ics == attachment.get_payload(decode=True)
    parsed = assert_valid_itip(ics, "REQUEST")
    (vevent,) = parsed.walk("VEVENT")
    # Only the recipient is listed (addresses of other participants are not disclosed).
    assert str(vevent["ATTENDEE"]) == "mailto:speaker@example.org"
    assert outgoing.recipients == ("speaker@example.org",)
    assert outgoing.sender == "secretariat@example.org"
    assert b"\r\n" in outgoing.mime and b"\n" not in outgoing.mime.replace(b"\r\n", b"")


def test_spanish_text_shows_recipient_and_home_times():
    message = parse(build().mime)
    assert message["Subject"] == (
        "Invitación: Panel 1: Niñez, migración; género (Revisión regional del PMM)"
    )
    assert message["Content-Language"] == "es"
    plain = message.get_body(("plain",)).get_content()
    assert "Estimado/a José Müller:" in plain
    assert (
        "Su hora (America/Los_Angeles): lunes 26 de abril de 2021, 07:00–08:30 (GMT-07:00)" in plain
    )
    assert (
        "Hora de la reunión (America/Santiago): lunes 26 de abril de 2021, 10:00–11:30 (GMT-04:00)"
        in plain
    )
    assert "Unirse en línea: https://zoom.us/j/123456789" in plain
    html = message.get_body(("html",)).get_content()
    assert "07:00–08:30 (GMT-07:00)" in html and 'href="https://zoom.us/j/123456789"' in html


def test_english_update_and_single_time_line_when_zones_agree():
    update = replace(EVENT, sequence=1)
    message = parse(
        build(InviteKind.UPDATE, event=update, language="en", recipient_tz="America/Santiago").mime
    )
    assert message["Subject"].startswith("Updated: Panel 1")
    plain = message.get_body(("plain",)).get_content()
    assert "Time (America/Santiago): Monday, April 26, 2021, 10:00–11:30 (GMT-04:00)" in plain
    assert "Meeting time" not in plain
    ics = calendar_parts(message)[0].get_payload(decode=True)
    assert b"SEQUENCE:1" in ics


def test_cancellation_carries_a_cancel():
    cancel = replace(EVENT, method=CalendarMethod.CANCEL, sequence=2)
    message = parse(build(InviteKind.CANCELLATION, event=cancel, language="en").mime)
    assert message["Subject"].startswith("Cancelled: ")
    (part,) = calendar_parts(message)
    assert part.get_param("method") == "CANCEL"
    assert_valid_itip(part.get_payload(decode=True), "CANCEL")
    with pytest.raises(InvitationError, match="method"):
        build(InviteKind.CANCELLATION)  # a REQUEST event cannot be sent as a cancellation


@pytest.mark.parametrize(
    ("kind", "subject_start"),
    [(InviteKind.REMINDER_24H, "Recordatorio: "), (InviteKind.REMINDER_1H, "Recordatorio: ")],
)
def test_reminders_have_no_calendar_object(kind, subject_start):
    message = parse(build(kind).mime)
    assert message["Subject"].startswith(subject_start)
    assert message.get_content_type() == "multipart/alternative"
    assert not calendar_parts(message)
    assert "invite.ics" not in str(message)


def test_nudge_resends_the_request_so_people_can_answer():
    message = parse(build(InviteKind.NUDGE, language="en").mime)
    assert message["Subject"].startswith("Please reply: ")
    assert calendar_parts(message)[0].get_param("method") == "REQUEST"


def test_crlf_in_names_and_titles_cannot_add_headers():
    intruder = Attendee("eve@example.org", "Eve\r\nBcc: x@y.example")
    event = replace(
        EVENT,
        organizer_name="Secretariat\nBcc: boss@y.example",
        summary="Panel\r\nBcc: z@y.example",
    )
    outgoing = build(event=event, recipient=intruder, meeting_title="GCM\r\nX-Evil: 1")
    message = parse(outgoing.mime)
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert [a.addr_spec for a in message["To"].addresses] == ["eve@example.org"]
    assert [a.addr_spec for a in message["From"].addresses] == ["secretariat@example.org"]
    header_block = outgoing.mime.split(b"\r\n\r\n", 1)[0]
    assert b"\r\nBcc" not in header_block and b"\nBcc" not in header_block
    assert outgoing.recipients == ("eve@example.org",)


names = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=40, deadline=None)
@given(name=names, title=names)
def test_any_name_or_title_yields_the_same_header_set(name, title):
    recipient = Attendee("p@example.org", name)
    message = parse(build(event=replace(EVENT, summary=title or "x"), recipient=recipient).mime)
    assert sorted(message.keys()) == sorted(
        ["Subject", "From", "To", "Date", "Message-ID", "Content-Language", "MIME-Version",
         "Content-Type"]
    )  # fmt: skip
    (address,) = message["To"].addresses
    assert address.addr_spec == "p@example.org"
    # The stdlib may add a space where it folds long encoded-words; compare without whitespace.
    assert "".join(address.display_name.split()) == "".join(header_text(name).split())


def test_html_is_escaped():
    event = replace(EVENT, summary='<script>alert("x")</script>', url="javascript:alert(1)")
    html = parse(build(event=event).mime).get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html


def test_message_id_and_bytes_are_deterministic_and_date_is_now():
    first, second = build(), build()
    assert first.mime == second.mime and first.key == second.key
    message = parse(first.mime)
    assert message["Date"].datetime == NOW
    other = parse(build(key="another-key").mime)
    assert other["Message-ID"] != message["Message-ID"]
    assert message["Message-ID"].endswith("@example.org>")
    assert build(key="k1").key == "k1"


def test_person_without_email_and_bad_inputs_are_reported():
    with pytest.raises(InvitationError, match="no email address"):
        build(recipient=Attendee("", "Nadie"))
    with pytest.raises(InvitationError, match="Invalid email"):
        build(recipient=Attendee("a@b.example\r\nBcc: c@d.example", "X"))
    with pytest.raises(InvitationError, match="aware"):
        build(now=datetime(2021, 4, 2))
    with pytest.raises(ValueError, match="IANA"):
        build(recipient_tz="Nowhere/Land")
    with pytest.raises(InvitationError, match="video link"):
        build(event=replace(EVENT, url="https://zoom.us/j/1\r\nX: y"))


@pytest.mark.parametrize(
    ("languages", "default", "expected"),
    [
        (["es-CL", "en"], "en", "es"),
        (["fr", "EN_us"], "es", "fr"),
        (["pt-BR", "fr"], "es", "pt"),
        (["de", "it"], "es", "es"),  # no catalog for either: the meeting's language
        (["nl-SR", "en"], "es", "nl"),
        ([], "pt", "pt"),
        ([], "de", "en"),
        (None, "es", "es"),
    ],
)
def test_choose_language(languages, default, expected):
    assert choose_language(languages, default) == expected


def test_format_when_across_dst_and_midnight():
    start = datetime(2025, 3, 20, 10, 0, tzinfo=SANTIAGO)  # summer time, UTC-3
    assert format_when(start, start + timedelta(hours=1), "America/Santiago", "es") == (
        "jueves 20 de marzo de 2025, 10:00–11:00 (GMT-03:00)"
    )
    late = datetime(2021, 4, 26, 23, 30, tzinfo=SANTIAGO)
    assert format_when(late, late + timedelta(hours=1), "America/Santiago", "en") == (
        "Monday, April 26, 2021, 23:30 (GMT-04:00) – Tuesday, April 27, 2021, 00:30 (GMT-04:00)"
    )
