"""Delivery follows the one time-zone policy: a person from Mexico without a zone of their own
is mailed (invitation text and quiet hours) in America/Mexico_City time, like the checks."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_string, policy

from sqlalchemy import select

from agenda.model.enums import MessageKind
from agenda.model.orm import Person
from agenda.model.uow import transaction
from meetingctl.delivery.tables import OutboxMessage
from tests.meetingctl.delivery_helpers import (
    NOW,
    config_for,
    future_demo,
    meeting_of,
    staffed_sessions,
)
from tests.meetingctl.test_outbox_e2e import publish_and_plan


def test_mexican_without_zone_is_mailed_in_mexico_city_time(db_factory) -> None:  # type: ignore[no-untyped-def]
    meeting_id = future_demo(db_factory)
    with transaction(db_factory) as db:
        session = staffed_sessions(db, meeting_id)[0]
        person = next(a.person for a in session.assignments if a.person.email)
        person.country, person.timezone, person.languages = "MX", None, ["en"]
        pid = person.id
        assert meeting_of(db, meeting_id).home_tz == "America/Santiago"
    # NOW is 09:00 in Mexico City (UTC-6) and 12:00 in Santiago (UTC-3): quiet only in Mexico.
    config = config_for(quiet_hours_start="08:30", quiet_hours_end="10:00")
    publish_and_plan(db_factory, meeting_id, config)
    with transaction(db_factory) as db:
        row = db.scalars(
            select(OutboxMessage).where(
                OutboxMessage.person_id == pid, OutboxMessage.kind == MessageKind.INVITATION
            )
        ).first()
        assert row is not None and db.get(Person, pid) is not None
        released = row.next_attempt_at.astimezone(UTC)
        payload = row.payload
    assert released == datetime(2030, 3, 1, 16, 0, tzinfo=UTC) > NOW  # 10:00 in Mexico City
    text = message_from_string(payload, policy=policy.default).get_body(("plain",))
    assert text is not None and "America/Mexico_City" in text.get_content()
