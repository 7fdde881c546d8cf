"""Golden files: one REQUEST, one update (SEQUENCE 1) and one CANCEL, compared byte for byte.

The inputs are fixed (including DTSTAMP). After an intended change of the output, regenerate with

    MEETINGCTL_REGENERATE_GOLDEN=1 python -m pytest tests/agenda/messaging/test_ical_golden.py

and review the diff of tests/agenda/messaging/golden/ before committing.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agenda.messaging.ical import build_calendar
from agenda.messaging.types import Attendee, AttendeeRole, CalendarEvent, CalendarMethod
from tests.agenda.messaging.itip_assertions import assert_valid_itip

GOLDEN = Path(__file__).parent / "golden"
SANTIAGO = ZoneInfo("America/Santiago")

REQUEST = CalendarEvent(
    uid="8fcf61bc-bf2d-543c-89b2-8a75012938e5@example.org",
    sequence=0,
    method=CalendarMethod.REQUEST,
    summary="Sesión 3: Niñez, migración; género",
    start=datetime(2021, 4, 26, 10, 0, tzinfo=SANTIAGO),
    end=datetime(2021, 4, 26, 11, 30, tzinfo=SANTIAGO),
    organizer_email="secretariat@example.org",
    organizer_name="Secretaría técnica",
    attendees=(
        Attendee("moderadora@example.org", "María José Ñúñez", AttendeeRole.CHAIR),
        Attendee("speaker@example.org", "François Müller", AttendeeRole.REQUIRED),
    ),
    description="Diálogo sobre los objetivos 1, 7 y 23;\ncon intérprete.",
    location="Sala Raúl Prebisch",
    url="https://teams.microsoft.com/l/meetup-join/19%3ameeting_golden%40thread.v2/0",
    tzid="America/Santiago",
    stamp=datetime(2021, 4, 1, 12, 0, tzinfo=UTC),
    is_teams_link=True,
    language="es",
)
UPDATE = replace(
    REQUEST,
    sequence=1,
    start=datetime(2021, 4, 26, 15, 0, tzinfo=SANTIAGO),
    end=datetime(2021, 4, 26, 16, 30, tzinfo=SANTIAGO),
    stamp=datetime(2021, 4, 10, 9, 30, tzinfo=UTC),
)
CANCEL = replace(
    UPDATE,
    sequence=2,
    method=CalendarMethod.CANCEL,
    attendees=(UPDATE.attendees[1],),
    stamp=datetime(2021, 4, 20, 18, 0, tzinfo=UTC),
)

CASES = {
    "request.ics": (REQUEST, "REQUEST"),
    "update_sequence_1.ics": (UPDATE, "REQUEST"),
    "cancel.ics": (CANCEL, "CANCEL"),
}


@pytest.mark.parametrize("filename", sorted(CASES))
def test_golden_file_matches_byte_for_byte(filename):
    event, method = CASES[filename]
    produced = build_calendar([event])
    path = GOLDEN / filename
    if os.environ.get("MEETINGCTL_REGENERATE_GOLDEN") == "1":
        path.write_bytes(produced)
    expected = path.read_bytes()
    assert produced == expected, f"{filename} changed; see this module's docstring to regenerate"
    calendar = assert_valid_itip(expected, method)
    vevent = calendar.walk("VEVENT")[0]
    assert int(vevent["SEQUENCE"]) == event.sequence
    assert str(vevent["UID"]) == REQUEST.uid  # same UID for the whole lifetime


def test_update_differs_from_request_only_where_it_should():
    request = build_calendar([REQUEST]).decode().splitlines()
    update = build_calendar([UPDATE]).decode().splitlines()
    changed = {line.split(":")[0].split(";")[0] for line in set(request) ^ set(update)}
    assert changed == {"DTSTART", "DTEND", "DTSTAMP", "SEQUENCE"}
