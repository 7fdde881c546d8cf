"""Building the configured transport, and preparing rows for the graph-events transport."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from agenda.messaging.invitations import (
    MeetingView,
    Organizer,
    RecipientView,
    SessionView,
    build_message,
)
from agenda.model.enums import MessageKind
from agenda.model.errors import ValidationError
from agenda.model.uow import transaction
from integrations.mail.file import FileTransport
from integrations.mail.graph import GRAPH_EVENT_ID
from integrations.mail.smtp import SmtpTransport
from meetingctl.config import parse_config
from meetingctl.delivery import enqueueing, outbox
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from meetingctl.delivery.transports import build_transport, describe, message_preparer
from meetingctl.secrets import SecretError, Secrets

NOW = datetime(2030, 4, 1, 12, tzinfo=UTC)


def test_file_and_smtp_transports_from_config(tmp_path) -> None:
    file_config = parse_config({"mail": {"outbox_dir": str(tmp_path)}})
    assert isinstance(build_transport(file_config, Secrets(env={})), FileTransport)
    smtp = parse_config(
        {
            "mail": {
                "transport": "smtp",
                "smtp": {
                    "host": "mail.example.org",
                    "username": "sec",
                    "password_secret": "MY_SMTP_PW",
                },
            }
        }
    )
    with pytest.raises(SecretError, match="MY_SMTP_PW"):
        build_transport(smtp, Secrets(env={}))
    transport = build_transport(smtp, Secrets(env={"MY_SMTP_PW": "hunter2-secret"}))
    assert isinstance(transport, SmtpTransport)
    assert "hunter2" not in repr(transport) and "hunter2" not in describe(smtp)
    insecure = parse_config(
        {"mail": {"transport": "smtp", "smtp": {"host": "mail.example.org", "security": "none"}}}
    )
    with pytest.raises(ValidationError, match=r"\[mail.smtp\].*loopback"):
        build_transport(insecure, Secrets(env={}))


def test_graph_transport_needs_tenant_and_secret() -> None:
    graph = parse_config({"mail": {"transport": "graph", "graph": {"client_id": "c"}}})
    with pytest.raises(SecretError, match="GRAPH_CLIENT_SECRET"):
        build_transport(graph, Secrets(env={}))
    with pytest.raises(ValidationError, match="tenant_id"):
        build_transport(graph, Secrets(env={"GRAPH_CLIENT_SECRET": "s3cr3t"}))


def test_graph_events_rows_carry_the_event_and_the_earlier_event_id(db_factory) -> None:
    meeting = MeetingView("Review", "Examen", "America/Santiago")
    session = SessionView(
        "uid-1@x",
        "Opening",
        "Apertura",
        datetime(2030, 4, 26, 13, tzinfo=UTC),
        datetime(2030, 4, 26, 14, tzinfo=UTC),
        sequence=1,
    )
    person = RecipientView(1, "Ana Pérez", "ana@example.org", ("es",), None, ("chair",))
    organizer = Organizer("sec@example.org", "Secretaría", "example.org")
    rows = []
    for kind in (MessageKind.INVITATION, MessageKind.UPDATE):
        mime = build_message(meeting, session, person, kind, organizer, now=NOW, key=str(kind))
        rows.append(
            enqueueing.NewMessage(
                key=str(kind),
                recipient="ana@example.org",
                kind=kind,
                session_uid="uid-1@x",
                sequence=1,
                payload=mime.mime.decode("ascii"),
                not_before=NOW,
            )
        )
    with transaction(db_factory) as db:
        enqueueing.enqueue(db, rows, now=NOW)
        first = db.scalar(select(OutboxMessage).where(OutboxMessage.kind == MessageKind.INVITATION))
        first.status, first.provider_id, first.sent_at = OutboxStatus.SENT, "AAMk-event-1", NOW
    config = parse_config({"mail": {"transport": "graph-events"}})
    prepare = message_preparer(config, db_factory)
    [claimed] = outbox.claim(db_factory, "w", 5, now=NOW)
    message = prepare(claimed)
    assert message.extra[GRAPH_EVENT_ID] == "AAMk-event-1"
    assert message.event is not None and message.event.uid == "uid-1@x"
    assert message.event.sequence == 1 and message.event.attendees[0].email == "ana@example.org"
    assert message.sender == "sec@example.org" and message.recipients == ("ana@example.org",)
