"""Build the configured mail transport ([mail] transport = file | smtp | graph | graph-events).

Secrets (SMTP password, Graph client secret) are read through :class:`meetingctl.secrets.Secrets`
by the name the config gives; they are handed to the transport and never logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.messaging.invitations import event_from_mime
from agenda.messaging.types import OutgoingMessage
from agenda.model.errors import ValidationError
from agenda.model.uow import transaction
from integrations.mail.base import Transport
from meetingctl.config import Config, default_data_dir
from meetingctl.delivery.outbox import ClaimedMessage, to_outgoing
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from meetingctl.secrets import Secrets


def outbox_dir(config: Config) -> Path:
    """Folder of the ``file`` transport: [mail] outbox_dir, else <data dir>/outbox."""
    if config.mail.outbox_dir:
        return Path(config.mail.outbox_dir).expanduser()
    return default_data_dir() / "outbox"


def describe(config: Config) -> str:
    """A one-line, secret-free description of where mail goes (for logs and the TUI)."""
    mail = config.mail
    if mail.transport == "file":
        return f"file ({outbox_dir(config)})"
    if mail.transport == "smtp":
        user = f", user {mail.smtp.username}" if mail.smtp.username else ""
        return f"smtp ({mail.smtp.host}:{mail.smtp.port}, {mail.smtp.security}{user})"
    return f"{mail.transport} ({mail.graph.base_url}, mailbox {mail.graph.mailbox or 'sender'})"


def build_transport(config: Config, secrets: Secrets) -> Transport:
    """The transport named by ``[mail] transport``, ready to send."""
    mail = config.mail
    if mail.transport == "file":
        from integrations.mail.file import FileTransport

        return FileTransport(outbox_dir(config))
    if mail.transport == "smtp":
        return _smtp(config, secrets)
    return _graph(config, secrets)


def _smtp(config: Config, secrets: Secrets) -> Transport:
    from integrations.mail.smtp import SmtpTransport
    from integrations.mail.smtp_settings import SmtpSettings

    smtp = config.mail.smtp
    password = None
    if smtp.username:
        name = smtp.password_secret
        password = secrets.require(
            name, f"SMTP login as {smtp.username}; named by [mail.smtp] password_secret = {name}"
        )
    settings = SmtpSettings(
        host=smtp.host,
        port=smtp.port,
        security=smtp.security,
        username=smtp.username,
        password=password,
        timeout=smtp.timeout,
        ca_bundle=smtp.ca_bundle,
    )
    try:
        return SmtpTransport.from_settings(settings)
    except ValueError as exc:
        raise ValidationError(f"[mail.smtp]: {exc}") from None


def _graph(config: Config, secrets: Secrets) -> Transport:
    from integrations.mail.graph import GraphEventsTransport, GraphMailTransport
    from meetingctl.wiring import graph_settings

    try:
        client = graph_settings(config, secrets).client()
    except ValueError as exc:
        raise ValidationError(f"[mail.graph]: {exc}") from None
    cls = GraphEventsTransport if config.mail.transport == "graph-events" else GraphMailTransport
    return cls(client, mailbox=config.mail.graph.mailbox or None)


def message_preparer(
    config: Config, factory: sessionmaker[DbSession]
) -> Callable[[ClaimedMessage], OutgoingMessage]:
    """How claimed rows become transport messages.

    ``graph-events`` needs the structured event (read back from the stored email's calendar
    part) and, for updates and cancellations, the id of the Outlook event created earlier for
    the same recipient and session (the ``provider_id`` of that row).
    """
    if config.mail.transport != "graph-events":
        return to_outgoing

    def prepare(item: ClaimedMessage) -> OutgoingMessage:
        from integrations.mail.graph import GRAPH_EVENT_ID

        message = to_outgoing(item)
        extra = dict(message.extra)
        with transaction(factory) as db:
            earlier = db.scalar(
                select(OutboxMessage.provider_id)
                .where(
                    OutboxMessage.session_uid == item.session_uid,
                    OutboxMessage.recipient == item.recipient,
                    OutboxMessage.status == OutboxStatus.SENT,
                    OutboxMessage.provider_id != "",
                )
                .order_by(OutboxMessage.sent_at.desc())
                .limit(1)
            )
        if earlier:
            extra[GRAPH_EVENT_ID] = earlier
        return replace(message, event=event_from_mime(message.mime), extra=extra)

    return prepare
