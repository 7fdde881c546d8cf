"""`meetingctl invite preview|send` and `meetingctl export ics`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from agenda.model.enums import MessageKind
from agenda.model.errors import DeliveryError
from meetingctl.context import AppContext
from meetingctl.services.delivery_views import DeferredGroup, SendReport

pass_app = click.make_pass_decorator(AppContext)


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
    message = app.services.delivery.preview(person_ref, session_ref, MessageKind(kind))
    if raw:
        click.echo(message.mime.decode("ascii"), nl=False)
        return
    headers = dict(message.headers)
    for header in ("From", "To", "Subject", "Date", "Message-ID", "Content-Language"):
        click.echo(f"{header}: {headers.get(header)}")
    click.echo("")
    click.echo(message.body, nl=False)
    if message.ics:
        click.echo("\n--- invite.ics ---")
        click.echo(message.ics.replace("\r\n", "\n"), nl=False)


@invite.command("send")
@click.option("--session", "-s", "session_ref", help="Only this session (id or UID).")
@click.option("--dry-run", is_flag=True, help="Show what would be queued; store and send nothing.")
@click.option(
    "--now", "send_now", is_flag=True, help="Send at once, even in the recipients' quiet hours."
)
@pass_app
def send(app: AppContext, session_ref: str | None, dry_run: bool, send_now: bool) -> None:
    """Queue invitations for the programme as it is now and send what is due."""
    service = app.services.delivery
    plan = service.plan_invitations(session_ref, dry_run=dry_run, send_now=send_now)
    verb = "would queue" if dry_run else "queued"
    click.echo(f"{verb} {plan.queued} invitation(s); {plan.existing} already in the outbox")
    for reason in plan.reasons:
        click.echo(f"  {reason}")
    for key in plan.created[:200] if dry_run else ():
        click.echo(f"  {key}")
    for problem in plan.problems:
        click.echo(f"  not sendable (recorded as dead): {problem}", err=True)
    if dry_run:
        return
    result = service.send_planned(plan)
    sent = result.sent
    assert sent is not None  # not a dry run
    left = sum(group.count for group in result.deferred)
    click.echo(
        f"sent {sent.sent} via {sent.transport}; {left} deferred; "
        f"{sent.retry} left for retry; {sent.dead} failed permanently"
    )
    for line in deferred_lines(result.deferred):
        click.echo(f"  {line}")
    for error in sent.errors:
        click.echo(f"  failed: {error}", err=True)
    fail_unless_delivered(sent)


def fail_unless_delivered(report: SendReport) -> None:
    """Exit non-zero (DeliveryError, exit code 4) with a summary when the transport failed or
    every message tried failed."""
    problem = report.problem()
    if problem is not None:
        raise DeliveryError(problem)


def deferred_lines(groups: Sequence[DeferredGroup], limit: int = 10) -> list[str]:
    """ "N deferred until <local time zone> (<UTC>) (quiet hours)" per release time and zone."""
    lines = []
    for group in groups[:limit]:
        local = group.until.astimezone(ZoneInfo(group.zone))
        lines.append(
            f"{group.count} deferred until {local:%Y-%m-%d %H:%M} {group.zone} "
            f"({group.until.astimezone(UTC):%Y-%m-%d %H:%M} UTC) (quiet hours)"
        )
    if len(groups) > limit:
        lines.append(f"... and {sum(g.count for g in groups[limit:])} more")
    if groups:
        lines.append("to send them now: `meetingctl outbox send-now --all`")
    return lines


@click.command("ics")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--lang", type=click.Choice(["en", "es"]), help="Language of titles (default: meeting)."
)
@click.option("--utc", is_flag=True, help="Times in UTC instead of the meeting's home zone.")
@pass_app
def export_ics(app: AppContext, output: Path, lang: str | None, utc: bool) -> None:
    """Write the whole programme as an iCalendar feed (METHOD:PUBLISH)."""
    feed = app.services.exports.calendar(
        output, lang=lang, utc=utc, force=True, make_dirs=True, as_given=True
    )
    click.echo(f"wrote {feed.sessions} sessions to {output}")


def register(root: click.Group) -> None:
    """Add `invite` and `export ics`."""
    root.add_command(invite)
    root.commands["export"].add_command(export_ics)  # type: ignore[attr-defined]
