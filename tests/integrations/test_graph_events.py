"""graph-events transport: Outlook events with attendees created, updated and cancelled."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda.messaging.types import (
    Attendee,
    AttendeeRole,
    CalendarEvent,
    CalendarMethod,
    OutgoingMessage,
    SendStatus,
)
from integrations.mail.graph import GRAPH_EVENT_ID, TEAMS_MEETING, GraphEventsTransport
from integrations.msgraph import BatchRequest
from integrations.msgraph.events import date_time_time_zone, event_payload
from tests.integrations.standins import contracts

MAILBOX = "secretariat@example.org"
SANTIAGO = ZoneInfo("America/Santiago")


def calendar_event(
    *,
    method: CalendarMethod = CalendarMethod.REQUEST,
    sequence: int = 0,
    attendees: int = 3,
    hour: int = 9,
) -> CalendarEvent:
    people = [
        Attendee("chair@example.net", "Presidencia, Chile", AttendeeRole.CHAIR),
        Attendee("speaker@example.net", "Ana Núñez", AttendeeRole.REQUIRED),
    ] + [
        Attendee(f"p{i}@example.net", f"Participant {i}", AttendeeRole.OPTIONAL)
        for i in range(max(0, attendees - 2))
    ]
    return CalendarEvent(
        uid="session-1@meetingctl",
        sequence=sequence,
        method=method,
        summary="Mesa redonda 1: migración; <regular> & segura",
        start=datetime(2026, 3, 10, hour, 0, tzinfo=SANTIAGO),
        end=datetime(2026, 3, 10, hour + 1, 30, tzinfo=SANTIAGO),
        organizer_email=MAILBOX,
        organizer_name="Secretaría",
        attendees=tuple(people[:attendees] if attendees < 2 else people),
        description="Línea 1\nLínea 2 <b>no html</b>",
        location="Sala A",
        url="https://zoom.example.test/j/1",
        tzid="America/Santiago",
    )


def outgoing(event: CalendarEvent, key: str = "k1", **extra: str) -> OutgoingMessage:
    mime = EmailMessage()
    mime["From"] = MAILBOX
    return OutgoingMessage(
        key=key, sender=MAILBOX, recipients=(), mime=mime.as_bytes(), event=event, extra=dict(extra)
    )


def test_create_update_cancel_roundtrip(graph_standin, graph_client) -> None:
    transport = GraphEventsTransport(graph_client)
    created = transport.send_batch([outgoing(calendar_event())])[0]
    assert created.status is SendStatus.SENT and created.provider_id
    stored = graph_standin.events[created.provider_id]
    assert stored["start"] == {"dateTime": "2026-03-10T09:00:00", "timeZone": "America/Santiago"}
    assert [a["type"] for a in stored["attendees"]] == ["required", "required", "optional"]
    assert stored["attendees"][1]["emailAddress"] == {
        "address": "speaker@example.net",
        "name": "Ana Núñez",
    }
    assert "&lt;b&gt;no html&lt;/b&gt;" in stored["body"]["content"]
    assert stored["body"]["contentType"] == "html" and stored["isOnlineMeeting"] is False

    moved = calendar_event(sequence=1, hour=11)
    updated = transport.send_batch(
        [outgoing(moved, key="k2", **{GRAPH_EVENT_ID: created.provider_id})]
    )[0]
    assert updated.status is SendStatus.SENT and updated.provider_id == created.provider_id
    assert graph_standin.events[created.provider_id]["start"]["dateTime"] == "2026-03-10T11:00:00"
    patch = graph_standin.recorded("PATCH", "/events/")[0].json()
    assert "transactionId" not in patch

    cancel = calendar_event(method=CalendarMethod.CANCEL, sequence=2)
    cancelled = transport.send_batch(
        [
            outgoing(
                cancel,
                key="k3",
                **{GRAPH_EVENT_ID: created.provider_id, "cancel_comment": "Sesión cancelada"},
            )
        ]
    )[0]
    assert cancelled.status is SendStatus.SENT
    assert graph_standin.events[created.provider_id]["isCancelled"] is True
    assert graph_standin.events[created.provider_id]["_cancel_comment"] == "Sesión cancelada"
    assert len(graph_standin.events) == 1


def test_retried_create_does_not_duplicate(graph_standin, graph_client) -> None:
    transport = GraphEventsTransport(graph_client)
    first = transport.send_batch([outgoing(calendar_event(), key="outbox-7")])[0]
    again = transport.send_batch([outgoing(calendar_event(), key="outbox-7")])[0]
    assert first.provider_id == again.provider_id
    assert len(graph_standin.events) == 1
    bodies = [r.json() for r in graph_standin.recorded("POST", "/events") if r.via_batch]
    assert len(bodies) == 2 and bodies[0]["transactionId"] == bodies[1]["transactionId"]
    other = transport.send_batch([outgoing(calendar_event(), key="outbox-8")])[0]
    assert other.provider_id != first.provider_id


def test_teams_meeting_requested_by_extra(graph_standin, graph_client) -> None:
    result = GraphEventsTransport(graph_client).send_batch(
        [outgoing(calendar_event(), **{TEAMS_MEETING: "true"})]
    )[0]
    stored = graph_standin.events[result.provider_id]
    assert stored["isOnlineMeeting"] is True
    assert stored["onlineMeetingProvider"] == "teamsForBusiness"
    assert stored["onlineMeeting"]["joinUrl"].startswith("https://teams.example.test/")


def test_more_than_500_attendees_is_permanent_and_not_sent(graph_standin, graph_client) -> None:
    transport = GraphEventsTransport(graph_client)
    results = transport.send_batch(
        [
            outgoing(calendar_event(attendees=501), key="big"),
            outgoing(calendar_event(attendees=500), key="ok"),
        ]
    )
    assert results[0].status is SendStatus.PERMANENT and "500" in results[0].error
    assert results[1].status is SendStatus.SENT
    assert len(graph_standin.events) == 1


def test_cancel_without_event_id_and_missing_event(graph_standin, graph_client) -> None:
    transport = GraphEventsTransport(graph_client)
    cancel = calendar_event(method=CalendarMethod.CANCEL)
    results = transport.send_batch(
        [
            outgoing(cancel, key="a"),
            outgoing(cancel, key="b", **{GRAPH_EVENT_ID: "AAMkUnknown"}),
            OutgoingMessage(key="c", sender=MAILBOX, recipients=(), mime=b""),
        ]
    )
    assert results[0].status is SendStatus.PERMANENT and GRAPH_EVENT_ID in results[0].error
    assert results[1].status is SendStatus.PERMANENT and "ErrorItemNotFound" in results[1].error
    assert results[2].status is SendStatus.PERMANENT and "calendar event" in results[2].error


def test_standin_rejects_contract_violations(graph_standin, graph_client) -> None:
    bad = event_payload(calendar_event())
    bad["attendees"][0]["type"] = "chair"  # not an attendeeType member
    bad["start"] = {"dateTime": "2026-03-10T09:00:00-03:00", "timeZone": "America/Santiago"}
    bad["subjekt"] = "typo"
    answer = graph_client.batch(
        [BatchRequest("1", "POST", f"/users/{MAILBOX}/events", body=bad)], mailbox=MAILBOX
    )[0]
    text = answer.describe()
    assert answer.status == 400
    assert "attendees[0].type" in text and "start.dateTime" in text and "subjekt" in text


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    when=st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from([ZoneInfo("UTC"), SANTIAGO, ZoneInfo("America/Port_of_Spain")]),
    ),
    zone=st.sampled_from([None, "America/Santiago", "America/Mexico_City", "UTC"]),
)
def test_date_time_time_zone_matches_contract_and_instant(when: datetime, zone: str | None) -> None:
    value = date_time_time_zone(when, zone)
    assert contracts.validate(value, contracts.DATE_TIME_TIME_ZONE) == []
    wall = when.astimezone(ZoneInfo(zone or "UTC")).replace(tzinfo=None, microsecond=0)
    assert datetime.fromisoformat(value["dateTime"]) == wall
    assert value["timeZone"] == (zone or "UTC")
