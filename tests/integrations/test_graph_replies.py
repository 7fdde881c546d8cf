"""Answers read from Outlook events (issue 14 item 2, graph-events): the attendees'
``status.response`` of each event the transport created, against the Graph stand-in, mapped to
iTIP answers and applied by ReplyService.poll_graph_events like any reply."""

from __future__ import annotations

from datetime import UTC, datetime

from agenda.messaging.replies import graph_reply
from agenda.messaging.types import SendStatus
from agenda.model.enums import InvitationStatus
from integrations.mail.graph import GraphEventsTransport
from integrations.msgraph.responses import attendee_responses
from meetingctl.config import parse_config
from meetingctl.delivery.tables import OutboxMessage
from meetingctl.secrets import Secrets
from tests.integrations.test_graph_events import MAILBOX, calendar_event, outgoing
from tests.meetingctl.delivery_helpers import context_for
from tests.meetingctl.replies_helpers import PEOPLE, build_meeting, status_of


def _answer(standin, event_id: str, address: str, response: str, time: str) -> None:  # type: ignore[no-untyped-def]
    for attendee in standin.events[event_id]["attendees"]:
        if attendee["emailAddress"]["address"].lower() == address:
            attendee["status"] = {"response": response, "time": time}


def test_attendee_responses_are_read_and_mapped(graph_standin, graph_client) -> None:  # type: ignore[no-untyped-def]
    created = GraphEventsTransport(graph_client).send_batch([outgoing(calendar_event())])[0]
    assert created.status is SendStatus.SENT
    event_id = created.provider_id
    _answer(
        graph_standin,
        event_id,
        "speaker@example.net",
        "tentativelyAccepted",
        "2026-12-01T10:00:00Z",
    )
    _answer(graph_standin, event_id, "chair@example.net", "none", "0001-01-01T00:00:00Z")
    answers = {a.address: a for a in attendee_responses(graph_client, MAILBOX, event_id)}
    assert answers["speaker@example.net"].response == "tentativelyAccepted"
    assert answers["speaker@example.net"].time == datetime(2026, 12, 1, 10, tzinfo=UTC)
    assert answers["chair@example.net"].time is None
    item = graph_reply(
        event_id=event_id, uid="u", sequence=0, address="speaker@example.net",
        response="tentativelyAccepted", time=answers["speaker@example.net"].time,
    )  # fmt: skip
    assert item is not None and item.partstat == "TENTATIVE"
    assert graph_reply(
        event_id=event_id, uid="u", sequence=0, address="chair@example.net", response="none",
        time=None,
    ) is None  # fmt: skip
    assert graph_standin.recorded("GET", "/events/")


def test_poll_graph_events_applies_the_answers_once(
    graph_standin, graph_client, graph_settings, engine, db_factory, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    build_meeting(db_factory)
    created = GraphEventsTransport(graph_client).send_batch([outgoing(calendar_event())])[0]
    event_id = created.provider_id
    ana = PEOPLE["ana"][1]
    graph_standin.events[event_id]["attendees"].append(
        {
            "type": "required",
            "emailAddress": {"address": ana, "name": "Ana"},
            "status": {"response": "accepted", "time": "2026-12-01T11:00:00Z"},
        }
    )
    with db_factory() as db:  # the invitation row the transport's send left (its event id)
        row = db.query(OutboxMessage).filter(OutboxMessage.recipient == ana).one()
        row.provider_id = event_id
        db.commit()
    config = parse_config({"mail": {"transport": "graph-events", "graph": {"mailbox": MAILBOX}}})
    monkeypatch.setattr("meetingctl.wiring.graph_settings", lambda *_: graph_settings)
    context = context_for(engine, config, Secrets({"X": "y"}, env={}))
    first = context.services.replies.fetch()
    again = context.services.replies.fetch()
    assert [r.outcome for r in first.results] == ["applied"]
    assert [r.outcome for r in again.results] == ["duplicate"]
    assert status_of(db_factory, "ana") == InvitationStatus.ACCEPTED
