"""``assert_valid_itip``: check an .ics against the iTIP rules this project promises.

The bytes are parsed by icalendar AND by two independent parsers (vobject and ``ical``); the
parsers must agree on UID, SEQUENCE, SUMMARY and the start/end instants.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import vobject
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

ROLES = {"CHAIR", "REQ-PARTICIPANT", "OPT-PARTICIPANT"}
TEAMS_HOSTS = ("teams.microsoft.com", "teams.live.com", "teams.microsoft.us")


def _instant(value) -> datetime:
    assert isinstance(value, datetime) and value.tzinfo is not None, value
    return value.astimezone(UTC)


def _check_lines(ics: bytes) -> None:
    assert ics.endswith(b"\r\n"), "iCalendar content must end with CRLF"
    for line in ics.split(b"\r\n")[:-1]:
        assert b"\n" not in line and b"\r" not in line, f"bare newline in {line!r}"
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"


def _check_attendee(attendee, method: str) -> None:
    assert str(attendee).lower().startswith("mailto:"), attendee
    params = attendee.params
    assert params.get("ROLE") in ROLES, params
    assert params.get("PARTSTAT") == "NEEDS-ACTION", params
    # A REQUEST asks for an answer; a CANCEL must not (RFC 5546 3.2.5).
    assert params.get("RSVP") == ("FALSE" if method == "CANCEL" else "TRUE"), params
    assert params.get("CUTYPE") == "INDIVIDUAL", params
    cn = params.get("CN", "")
    assert cn and not any(c in cn for c in '"\r\n\\^'), f"unsafe CN {cn!r}"


def _check_event(event, calendar: Calendar, method: str) -> None:
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "SUMMARY", "ORGANIZER"):
        assert required in event, f"VEVENT lacks {required}"
    assert "RRULE" not in event, "sessions must be separate events, not a recurrence"
    stamp = event.decoded("DTSTAMP")
    assert stamp.utcoffset().total_seconds() == 0, "DTSTAMP must be in UTC"
    assert event["DTSTAMP"].to_ical().endswith(b"Z"), "DTSTAMP must be written in UTC (Z)"
    assert int(event["SEQUENCE"]) >= 0
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert _instant(end) > _instant(start)
    for name in ("DTSTART", "DTEND"):
        tzid = event[name].params.get("TZID")
        if tzid:
            assert tzid in {tz["TZID"] for tz in calendar.walk("VTIMEZONE")}, (
                f"{name} uses TZID {tzid} without a matching VTIMEZONE"
            )
        else:
            assert event[name].to_ical().endswith(b"Z"), f"{name} must be UTC or carry a TZID"
    assert str(event["ORGANIZER"]).lower().startswith("mailto:")
    attendees = event.get("ATTENDEE", [])
    attendees = attendees if isinstance(attendees, list) else [attendees]
    if method in ("REQUEST", "CANCEL"):
        assert attendees, f"an iTIP {method} needs ATTENDEEs"
        for attendee in attendees:
            _check_attendee(attendee, method)
    else:
        assert not attendees, "a PUBLISH feed carries no attendees"
    status = str(event.get("STATUS", ""))
    if method == "CANCEL":
        assert status == "CANCELLED", "a CANCEL must say STATUS:CANCELLED"
    elif method == "REQUEST":
        assert status != "CANCELLED"
    url = str(event.get("URL", ""))
    if url:
        assert url in str(event.get("LOCATION", "")), "video link must be in LOCATION"
        assert url in str(event.get("DESCRIPTION", "")), "video link must be in DESCRIPTION"
    teams = event.get("X-MICROSOFT-SKYPETEAMSMEETINGURL")
    if teams is not None:
        host = (urlsplit(str(teams)).hostname or "").lower()
        assert any(host == h or host.endswith("." + h) for h in TEAMS_HOSTS), teams


def assert_valid_itip(ics: bytes, method: str) -> Calendar:
    """Assert ``ics`` is a valid iTIP object with METHOD ``method``; return the icalendar parse."""
    _check_lines(ics)
    calendar = Calendar.from_ical(ics)
    assert str(calendar["METHOD"]) == method
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar.get("PRODID", ""))
    events = list(calendar.walk("VEVENT"))
    assert events, "no VEVENT"
    for event in events:
        _check_event(event, calendar, method)
    assert not calendar.get_missing_tzids(), "TZIDs without VTIMEZONE"

    # Independent parser 1: vobject.
    text = ics.decode("utf-8")
    parsed = vobject.readOne(text)
    assert parsed.method.value == method
    vevents = {e.uid.value: e for e in parsed.vevent_list}
    # Independent parser 2: ical (pydantic-based, strict RFC 5545 types).
    stream = IcsCalendarStream.calendar_from_ics(text)
    ical_events = {e.uid: e for e in stream.events}
    assert set(vevents) == set(ical_events) == {str(e["UID"]) for e in events}
    for event in events:
        uid = str(event["UID"])
        start = _instant(event.decoded("DTSTART"))
        end = _instant(event.decoded("DTEND"))
        v, i = vevents[uid], ical_events[uid]
        assert _instant(v.dtstart.value) == start and _instant(v.dtend.value) == end
        assert _instant(i.dtstart) == start and _instant(i.dtend) == end
        assert v.summary.value == i.summary == str(event["SUMMARY"])
        assert int(v.sequence.value) == i.sequence == int(event["SEQUENCE"])
        assert len(i.attendees) == len(getattr(v, "attendee_list", []))
    return calendar
