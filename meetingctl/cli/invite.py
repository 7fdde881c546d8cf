"""`meetingctl invite preview|send` and `meetingctl export ics`."""

from __future__ import annotations

import os
import socket
from email import message_from_bytes, policy
from pathlib import Path

import click
from sqlalchemy import select

from agenda.errors import NotFoundError, ValidationError
from agenda.ical import build_feed
from agenda.invitations import Organizer, calendar_event, calendar_part, meeting_view, session_view
from agenda.models import MessageKind, Person, utcnow
from agenda.programme import load_sessions
from meetingctl import delivery, outbox
from meetingctl.cli.context import AppContext
from meetingctl.transports import build_transport, describe, message_preparer

pass_app = click.make_pass_decorator(AppContext)


def _person_id(app: AppContext, ref: str) -> int:
    if ref.isdigit():
        return int(ref)
    with app.transaction() as db:
        found = db.scalar(select(Person.id).where(Person.email_key == ref.strip().lower()))
        if found is None:
            found = db.scalar(select(Person.id).where(Person.email == ref.strip()))
    if found is None:
        raise NotFoundError(f"no person with id or email {ref!r} (see `meetingctl people list`)")
    return int(found)


@click.group()
def invite() -> None:
    """Preview and send calendar invitations."""


@invite.command("preview")
@click.option("--person", "-p", "person_ref", required=True, help="Person id or email.")
@click.option("--session", "-s", "session_ref", required=True, help="Session id or UID.")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in MessageKind]),
    default="invitation",
    show_default=True,
)
@click.option("--raw", is_flag=True, help="Print the complete MIME message as sent.")
@pass_app
def preview(app: AppContext, person_ref: str, session_ref: str, kind: str, raw: bool) -> None:
    """Print the email one person would get for one session, and its .ics."""
    person_id = _person_id(app, person_ref)
    with app.transaction() as db:
        meeting = app.meeting(db)
        message = delivery.preview(
            db, meeting, app.config, person_id, session_ref, kind=MessageKind(kind)
        )
    if raw:
        click.echo(message.mime.decode("ascii"), nl=False)
        return
    parsed = message_from_bytes(message.mime, policy=policy.default)
    for header in ("From", "To", "Subject", "Date", "Message-ID", "Content-Language"):
        click.echo(f"{header}: {parsed[header]}")
    body = parsed.get_body(preferencelist=("plain",))
    click.echo("")
    click.echo(body.get_content() if body is not None else "", nl=False)
    ics = calendar_part(message.mime)
    if ics is not None:
        click.echo("\n--- invite.ics ---")
        click.echo(ics.decode("utf-8").replace("\r\n", "\n"), nl=False)


@invite.command("send")
@click.option("--session", "-s", "session_ref", help="Only this session (id or UID).")
@click.option("--dry-run", is_flag=True, help="Show what would be queued; store and send nothing.")
@pass_app
def send(app: AppContext, session_ref: str | None, dry_run: bool) -> None:
    """Queue invitations for the programme as it is now and send what is due."""
    now = utcnow()
    with app.transaction() as db:
        meeting = app.meeting(db)
        uid = delivery.find_session(db, meeting, session_ref).uid if session_ref else None
        report = delivery.invite_now(
            db, meeting, app.config, now=now, session_uid=uid, actor=app.actor
        )
        if dry_run:
            db.rollback()
    verb = "would queue" if dry_run else "queued"
    click.echo(
        f"{verb} {len(report.created) - len(report.problems)} invitation(s); "
        f"{len(report.existing)} already in the outbox"
    )
    for key in report.created[:200] if dry_run else ():
        click.echo(f"  {key}")
    for problem in report.problems:
        click.echo(f"  not sendable (recorded as dead): {problem}", err=True)
    if dry_run:
        return
    transport = build_transport(app.config, app.secrets)
    worker = f"cli@{socket.gethostname()}:{os.getpid()}"
    try:
        dispatcher = outbox.Dispatcher(
            app.session_factory,
            transport,
            outbox.DispatchSettings.from_config(app.config.scheduler),
            worker=worker,
            prepare=message_preparer(app.config, app.session_factory),
        )
        result = dispatcher.drain()
    finally:
        transport.close()
    click.echo(
        f"sent {result.sent} via {describe(app.config)}; {result.retry} left for retry; "
        f"{result.dead} failed permanently"
    )
    for error in result.errors:
        click.echo(f"  failed: {error}", err=True)


@click.command("ics")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--lang", type=click.Choice(["en", "es"]), help="Language of titles (default: meeting)."
)
@click.option("--utc", is_flag=True, help="Times in UTC instead of the meeting's home zone.")
@pass_app
def export_ics(app: AppContext, output: Path, lang: str | None, utc: bool) -> None:
    """Write the whole programme as an iCalendar feed (METHOD:PUBLISH)."""
    now = utcnow()
    with app.transaction() as db:
        meeting = app.meeting(db)
        sessions = load_sessions(db, meeting)
        view = meeting_view(meeting)
        language = lang or (
            meeting.default_language if meeting.default_language in ("en", "es") else "en"
        )
        sender = delivery.organizer(app.config)
        events = [
            calendar_event(
                view,
                session_view(s),
                [],
                Organizer(sender.email, sender.name, sender.message_id_domain),
                language=language,
                stamp=now,
            )
            for s in sessions
        ]
        feed = build_feed(events, view.title(language), None if utc else meeting.home_tz, stamp=now)
    if not events:
        raise ValidationError("the programme has no sessions yet; nothing to export")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(feed)
    click.echo(f"wrote {len(events)} sessions to {output}")


def register(root: click.Group) -> None:
    """Add `invite` and `export ics`."""
    root.add_command(invite)
    root.commands["export"].add_command(export_ics)  # type: ignore[attr-defined]
