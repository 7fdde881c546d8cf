"""agenda.messaging.ical: iTIP REQUEST/CANCEL objects, the PUBLISH feed, escaping, zones, UIDs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from agenda.messaging.ical import (
    ICalendarError,
    build_calendar,
    build_feed,
    clean_param,
    clean_text,
)
from agenda.messaging.types import Attendee, AttendeeRole, CalendarEvent, CalendarMethod
from tests.agenda.messaging.itip_assertions import assert_valid_itip

SANTIAGO = ZoneInfo("America/Santiago")
STAMP = datetime(2021, 4, 1, 12, 0, tzinfo=UTC)


def make_event(**overrides) -> CalendarEvent:
    values = dict(
        uid="319c7711-2567-5bd2-9976-a0030142df6a@example.org",
        sequence=0,
        method=CalendarMethod.REQUEST,
        summary="Panel 1: migration governance",
        start=datetime(2021, 4, 26, 10, 0, tzinfo=SANTIAGO),
        end=datetime(2021, 4, 26, 11, 30, tzinfo=SANTIAGO),
        organizer_email="secretariat@example.org",
        organizer_name="Meeting secretariat",
        attendees=(
            Attendee("chair@example.org", "Ana Chair", AttendeeRole.CHAIR),
            Attendee("speaker@example.org", "Bruno Speaker", AttendeeRole.REQUIRED),
            Attendee("guest@example.org", "Carla Guest", AttendeeRole.OPTIONAL),
        ),
        description="Opening panel.",
        url="https://zoom.us/j/123456789",
        tzid=None,
        stamp=STAMP,
    )
    values.update(overrides)
    return CalendarEvent(**values)


def only_event(ics: bytes):
    return next(iter(Calendar.from_ical(ics).walk("VEVENT")))


def test_request_has_itip_properties_and_attendee_parameters():
    ics = build_calendar([make_event()])
    calendar = assert_valid_itip(ics, "REQUEST")
    event = next(iter(calendar.walk("VEVENT")))
    roles = {str(a): a.params["ROLE"] for a in event["ATTENDEE"]}
    assert roles == {
        "mailto:chair@example.org": "CHAIR",
        "mailto:speaker@example.org": "REQ-PARTICIPANT",
        "mailto:guest@example.org": "OPT-PARTICIPANT",
    }
    assert event["ORGANIZER"].params["CN"] == "Meeting secretariat"
    assert str(event["ORGANIZER"]) == "mailto:secretariat@example.org"
    assert b"DTSTART:20210426T140000Z" in ics  # 10:00 in Santiago (UTC-4) written in UTC
    assert b"DTSTAMP:20210401T120000Z" in ics
    assert b"BEGIN:VTIMEZONE" not in ics
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "https://zoom.us/j/123456789"
    assert "X-MICROSOFT-SKYPETEAMSMEETINGURL" not in event  # not a Teams link


def test_dtstamp_given_in_another_zone_is_written_in_utc():
    event = make_event(stamp=datetime(2021, 4, 1, 9, 0, tzinfo=SANTIAGO))
    assert b"DTSTAMP:20210401T120000Z" in build_calendar([event])


def test_dtstamp_can_come_from_the_caller_but_is_never_invented():
    with pytest.raises(ICalendarError, match="DTSTAMP"):
        build_calendar([make_event(stamp=None)])
    ics = build_calendar([make_event(stamp=None)], stamp=STAMP)
    assert b"DTSTAMP:20210401T120000Z" in ics


@pytest.mark.parametrize(
    ("start", "offset_hours"),
    [
        (datetime(2021, 4, 26, 10, 0), -4),  # after Chile's DST ended on 2021-04-04
        (datetime(2025, 3, 20, 10, 0), -3),  # still summer time (ended 2025-04-06)
    ],
)
def test_tzid_with_matching_vtimezone_across_chile_dst(start, offset_hours):
    local = start.replace(tzinfo=SANTIAGO)
    event = make_event(start=local, end=local + timedelta(hours=1), tzid="America/Santiago")
    ics = build_calendar([event])
    calendar = assert_valid_itip(ics, "REQUEST")
    assert f"DTSTART;TZID=America/Santiago:{start:%Y%m%dT%H%M%S}".encode() in ics
    # The embedded VTIMEZONE alone (not the system's zone database) must give the right offset.
    (vtimezone,) = calendar.walk("VTIMEZONE")
    embedded = vtimezone.to_tz()
    assert start.replace(tzinfo=embedded).utcoffset() == timedelta(hours=offset_hours)
    parsed = vobject.readOne(ics.decode())
    assert parsed.vevent.dtstart.value.astimezone(UTC) == local.astimezone(UTC)


def test_cancel_says_cancelled_and_method_must_match():
    cancel = make_event(method=CalendarMethod.CANCEL, sequence=2)
    ics = build_calendar([cancel])
    event = assert_valid_itip(ics, "CANCEL").walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2
    with pytest.raises(ICalendarError, match="separately"):
        build_calendar([make_event(), cancel])


def test_two_sessions_are_two_events_not_a_recurrence():
    day_two = make_event(
        uid="26e61b69-28ec-50b3-be9a-591b9fa36675@example.org",
        start=datetime(2021, 4, 27, 10, 0, tzinfo=SANTIAGO),
        end=datetime(2021, 4, 27, 11, 0, tzinfo=SANTIAGO),
    )
    calendar = assert_valid_itip(build_calendar([make_event(), day_two]), "REQUEST")
    events = calendar.walk("VEVENT")
    assert len(events) == 2 and len({str(e["UID"]) for e in events}) == 2
    assert all("RRULE" not in e and "RDATE" not in e for e in events)


def test_teams_link_adds_the_microsoft_property_and_link_everywhere():
    url = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0"
    event = only_event(build_calendar([make_event(url=url, location="Room 3")]))
    assert str(event["X-MICROSOFT-SKYPETEAMSMEETINGURL"]) == url
    assert str(event["URL"]) == url
    assert str(event["LOCATION"]) == f"Room 3 ({url})"
    assert url in str(event["DESCRIPTION"])


def test_join_label_follows_the_event_language():
    spanish = only_event(build_calendar([make_event(language="es")]))
    assert "Unirse en línea: https://zoom.us/j/123456789" in str(spanish["DESCRIPTION"])


def test_text_escaping_of_commas_semicolons_newlines_and_accents():
    summary = "Niñez, migración; género\\derechos\nsegunda línea — ç ü"
    ics = build_calendar([make_event(summary=summary)])
    assert "SUMMARY:Niñez\\, migración\\; género\\\\derechos\\nsegunda".encode() in ics
    assert_valid_itip(ics, "REQUEST")
    assert str(only_event(ics)["SUMMARY"]) == summary
    assert vobject.readOne(ics.decode()).vevent.summary.value == summary


def test_cn_with_quotes_colons_and_crlf_cannot_break_the_line():
    name = 'Eve "the boss": Smith;x\r\nATTENDEE:mailto:intruder@evil.example'
    ics = build_calendar([make_event(attendees=(Attendee("eve@example.org", name),))])
    calendar = assert_valid_itip(ics, "REQUEST")
    (attendee,) = [calendar.walk("VEVENT")[0]["ATTENDEE"]]
    assert str(attendee) == "mailto:eve@example.org"
    assert attendee.params["CN"] == "Eve 'the boss': Smith;x ATTENDEE:mailto:intruder@evil.example"
    assert b"\r\nATTENDEE:mailto:intruder" not in ics


def test_invalid_inputs_are_rejected_with_a_reason():
    with pytest.raises(ICalendarError, match="aware"):
        build_calendar([make_event(start=datetime(2021, 4, 26, 10), end=datetime(2021, 4, 26, 11))])
    with pytest.raises(ICalendarError, match="after the start"):
        build_calendar([make_event(end=make_event().start)])
    with pytest.raises(ICalendarError, match="email"):
        build_calendar([make_event(attendees=(Attendee("not an address", "X"),))])
    with pytest.raises(ICalendarError, match="ATTENDEE"):
        build_calendar([make_event(attendees=())])
    with pytest.raises(ValueError, match="IANA"):
        build_calendar([make_event(tzid="Mars/Olympus")])
    with pytest.raises(ICalendarError, match="video link"):
        build_calendar([make_event(url="https://zoom.us/j/1\nATTENDEE:mailto:evil@example.org")])


def test_feed_is_publish_without_attendees_in_the_meeting_zone():
    events = [
        make_event(),
        make_event(
            uid="8bb50cb7-9a49-5546-b545-f607b90d83e9@example.org",
            method=CalendarMethod.CANCEL,
            start=datetime(2021, 4, 27, 9, 0, tzinfo=UTC),
            end=datetime(2021, 4, 27, 10, 0, tzinfo=UTC),
        ),
    ]
    ics = build_feed(events, "Programa, revisión regional", "America/Santiago")
    calendar = assert_valid_itip(ics, "PUBLISH")
    assert b"X-WR-CALNAME:Programa\\, revisi" in ics  # TEXT escaping, as Google and Apple do
    parsed = vobject.readOne(ics.decode())
    assert parsed.contents["x-wr-calname"][0].value == "Programa, revisión regional"
    assert parsed.contents["name"][0].value == "Programa, revisión regional"
    assert b"DTSTART;TZID=America/Santiago:20210426T100000" in ics
    assert b"DTSTART;TZID=America/Santiago:20210427T050000" in ics
    statuses = [str(e["STATUS"]) for e in calendar.walk("VEVENT")]
    assert statuses == ["CONFIRMED", "CANCELLED"]


printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF), max_size=60
)


@settings(max_examples=60, deadline=None)
@given(summary=printable, description=printable, name=printable)
def test_any_text_round_trips_through_three_parsers(summary, description, name):
    event = make_event(
        summary=summary,
        description=description,
        url="",
        attendees=(Attendee("p@example.org", name),),
    )
    ics = build_calendar([event])
    parsed = only_event(ics)
    expected_summary = clean_text(summary)
    assert str(parsed["SUMMARY"]) == expected_summary
    assert str(parsed.get("DESCRIPTION", "")) == clean_text(description).strip()
    cn = parsed["ATTENDEE"].params.get("CN", "")
    assert cn == (clean_param(name) or "p@example.org")
    # Every unfolded content line starts with a property we wrote: nothing was injected.
    unfolded = ics.replace(b"\r\n ", b"").split(b"\r\n")
    allowed = (
        b"BEGIN", b"END", b"VERSION", b"PRODID", b"CALSCALE", b"METHOD", b"UID", b"DTSTAMP",
        b"SEQUENCE", b"DTSTART", b"DTEND", b"SUMMARY", b"DESCRIPTION", b"ORGANIZER",
        b"ATTENDEE", b"STATUS", b"TRANSP",
    )  # fmt: skip
    assert all(line.split(b":")[0].split(b";")[0] in allowed for line in unfolded if line)
    assert_valid_itip(ics, "REQUEST")
