"""`meetingctl invite preview|send` and `meetingctl export ics`."""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
from sqlalchemy import select

from agenda.messaging.ical import build_feed
from agenda.messaging.invitations import (
    Organizer,
    calendar_event,
    calendar_part,
    meeting_view,
    session_view,
)
from agenda.model.errors import NotFoundError, ValidationError
from agenda.model.orm import ACTIVE_STATUSES, MessageKind, Person, utcnow
from agenda.programme.reading import load_sessions
from meetingctl.context import AppContext
from meetingctl.delivery import admin as outbox_admin
from meetingctl.delivery import outbox
from meetingctl.delivery import planning as delivery
from meetingctl.delivery.dispatcher import Dispatcher
from meetingctl.delivery.transports import build_transport, describe, message_preparer

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
@click.option(
    "--now", "send_now", is_flag=True, help="Send at once, even in the recipients' quiet hours."
)
@pass_app
def send(app: AppContext, session_ref: str | None, dry_run: bool, send_now: bool) -> None:
    """Queue invitations for the programme as it is now and send what is due."""
    now = utcnow()
    with app.transaction() as db:
        meeting = app.meeting(db)
        home_tz = meeting.home_tz
        uid = delivery.find_session(db, meeting, session_ref).uid if session_ref else None
        report = delivery.invite_now(
            db, meeting, app.config, now=now, session_uid=uid, actor=app.actor
        )
        queued = len(report.created) - len(report.problems)
        reasons = (
            nothing_queued_reasons(delivery.current_snapshot(db, meeting), report, now, uid)
            if queued == 0
            else []
        )
        if send_now and not dry_run:
            outbox_admin.make_due(db, app.actor, keys=report.created, now=now)
        if dry_run:
            db.rollback()
    verb = "would queue" if dry_run else "queued"
    click.echo(f"{verb} {queued} invitation(s); {len(report.existing)} already in the outbox")
    for reason in reasons:
        click.echo(f"  {reason}")
    for key in report.created[:200] if dry_run else ():
        click.echo(f"  {key}")
    for problem in report.problems:
        click.echo(f"  not sendable (recorded as dead): {problem}", err=True)
    if dry_run:
        return
    result = dispatch_now(app)
    with app.transaction() as db:
        deferred = outbox_admin.waiting(db, report.created, now=utcnow())
    left = sum(n for _, _, n in deferred)
    click.echo(
        f"sent {result.sent} via {describe(app.config)}; {left} deferred; "
        f"{result.retry} left for retry; {result.dead} failed permanently"
    )
    for line in deferred_lines(deferred, home_tz):
        click.echo(f"  {line}")
    for error in result.errors:
        click.echo(f"  failed: {error}", err=True)


def dispatch_now(app: AppContext) -> outbox.DispatchReport:
    """Send every due message now through the configured transport (a CLI worker)."""
    transport = build_transport(app.config, app.secrets)
    worker = f"cli@{socket.gethostname()}:{os.getpid()}"
    try:
        dispatcher = Dispatcher(
            app.session_factory,
            transport,
            outbox.DispatchSettings.from_config(app.config.scheduler),
            worker=worker,
            prepare=message_preparer(app.config, app.session_factory),
        )
        return dispatcher.drain()
    finally:
        transport.close()


def deferred_lines(
    groups: list[tuple[datetime, str | None, int]], home_tz: str, limit: int = 10
) -> list[str]:
    """ "N deferred until <local time zone> (<UTC>) (quiet hours)" per release time and zone."""
    lines = []
    for when, zone_name, count in groups[:limit]:
        name = zone_name or home_tz
        local = when.astimezone(ZoneInfo(name))
        lines.append(
            f"{count} deferred until {local:%Y-%m-%d %H:%M} {name} "
            f"({when.astimezone(UTC):%Y-%m-%d %H:%M} UTC) (quiet hours)"
        )
    if len(groups) > limit:
        lines.append(f"... and {sum(n for _, _, n in groups[limit:])} more")
    if groups:
        lines.append("to send them now: `meetingctl outbox send-now --all`")
    return lines


def nothing_queued_reasons(
    snapshot: Mapping[str, Any],
    report: outbox.EnqueueReport,
    now: datetime,
    session_uid: str | None,
) -> list[str]:
    """Why ``invite send`` queued nothing: past sessions, nobody active, no address, or
    everyone already invited."""
    sessions = [
        s for s in snapshot.get("sessions", []) if not session_uid or s["uid"] == session_uid
    ]
    if not sessions:
        return ["the programme has no sessions yet"]
    ends = [datetime.fromisoformat(str(s["end"])).astimezone(UTC) for s in sessions]
    upcoming = [s for s, end in zip(sessions, ends, strict=True) if end > now]
    past = len(sessions) - len(upcoming)
    reasons = []
    if past:
        reasons.append(
            f"{past} session(s) already took place (the latest ended {max(ends):%Y-%m-%d %H:%M}"
            " UTC); no invitations are sent for them"
        )
    active = [
        (s["uid"], p)
        for s in upcoming
        for p in s.get("people", [])
        if p.get("status") in {status.value for status in ACTIVE_STATUSES}
    ]
    if upcoming and not active:
        reasons.append(f"no one is on the programme of the {len(upcoming)} upcoming session(s)")
    without = len({(uid, p["person_id"]) for uid, p in active if not p.get("email")})
    if without:
        reasons.append(
            f"{without} person/session pair(s) without an email address "
            "(see `meetingctl outbox list --status dead`)"
        )
    if report.existing:
        reasons.append(
            f"everyone else already has an invitation in the outbox ({len(report.existing)})"
        )
    return reasons


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
