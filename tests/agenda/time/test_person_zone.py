"""One time-zone policy: own zone, else the country's capital zone, else the home zone.

A person imported from Mexico without a zone is checked AND mailed in Mexico City time."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from agenda.balance.snapshot import person_facts
from agenda.balance.suggestions import within_hours
from agenda.messaging.invitations import (
    MeetingView,
    Organizer,
    SessionView,
    build_message,
    recipient_view,
    recipient_zone,
)
from agenda.messaging.outbox_policy import QuietHours
from agenda.model.enums import MessageKind, Role
from agenda.model.errors import ValidationError
from agenda.model.orm import Person
from agenda.programme.checks import check_programme
from agenda.time.policy import person_zone
from agenda.time.zones import UnknownZoneError, validate_zone, zone
from tests.agenda.programme.test_checks import meeting, session

HOME = "America/Santiago"
# 2021-04-27 11:30 UTC: 07:30 in Santiago (UTC-4), 06:30 in Mexico City (UTC-5).
START = datetime(2021, 4, 27, 11, 30, tzinfo=UTC)


def late_end() -> datetime:
    return START.replace(hour=12, minute=30)


def mexican() -> Person:
    return Person(
        id=1,
        given_name="Ana",
        family_name="López",
        country="MX",
        timezone=None,
        email="ana@example.org",
        languages=["en"],
    )


@pytest.mark.parametrize(
    ("own", "country", "expected"),
    [
        ("Asia/Tokyo", "MX", "Asia/Tokyo"),
        ("asia/tokyo", None, "Asia/Tokyo"),
        (None, "MX", "America/Mexico_City"),
        (None, "mx", "America/Mexico_City"),
        ("Not/AZone", "MX", "America/Mexico_City"),
        (None, None, HOME),
        ("", "ZZ", HOME),
    ],
)
def test_policy(own: str | None, country: str | None, expected: str) -> None:
    assert person_zone(own, country, HOME) == expected


def test_mexican_without_zone_is_checked_and_mailed_in_mexico_city_time() -> None:
    ana = mexican()
    findings = check_programme(meeting(), [session(1, START, roles=[(ana, Role.PANELLIST)])])
    late = [f for f in findings if f.rule_id == "out-of-hours"]
    assert len(late) == 1 and "06:30-07:30 America/Mexico_City" in late[0].message

    view = MeetingView("Regional review", "Examen regional", HOME, "es")
    recipient = recipient_view(ana, [Role.PANELLIST])
    assert recipient_zone(recipient, view) == "America/Mexico_City"
    event = SessionView(
        uid="u1@test.invalid", title_en="S1", title_es="S1", start=START, end=late_end(), sequence=0
    )
    message = build_message(
        view,
        event,
        recipient,
        MessageKind.INVITATION,
        Organizer("secretariat@example.org", "Secretaría", "example.org"),
        now=datetime(2021, 4, 1, tzinfo=UTC),
        key="k",
    )
    text = message_from_bytes(message.mime, policy=policy.default).get_body(("plain",))
    assert text is not None and "America/Mexico_City" in text.get_content()
    assert "06:30" in text.get_content() and "07:30" in text.get_content()  # and the home time


def test_balance_and_quiet_hours_follow_the_same_policy() -> None:
    facts = person_facts(1, "Ana", "woman", "MX", "civil_society", home_zone=HOME)
    assert facts.timezone == "America/Mexico_City"
    nowhere = person_facts(2, "Bo", "man", None, "civil_society", home_zone=HOME)
    assert nowhere.timezone == HOME
    late = session(1, START)
    assert not within_hours(facts, late, ("07:00", "22:00"))  # type: ignore[arg-type]
    quiet = QuietHours.parse("21:00", "08:00")
    released = quiet.release(START, person_zone(None, "MX", HOME))
    assert released.astimezone(zone("America/Mexico_City")).hour == 8


def test_one_zone_check_with_one_message() -> None:
    with pytest.raises(UnknownZoneError, match="unknown IANA time zone") as caught:
        validate_zone("America/Santaigo")
    assert isinstance(caught.value, ValidationError) and isinstance(caught.value, ValueError)
    assert "America/Santiago" in str(caught.value)
    with pytest.raises(ValueError, match="unknown IANA time zone"):
        zone("Mars/Olympus")
