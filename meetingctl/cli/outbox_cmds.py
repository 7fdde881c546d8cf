"""`meetingctl outbox list|retry|send-now|cancel|pause|resume`."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import click

from agenda.model.errors import ValidationError
from agenda.people.export import escape_cell
from meetingctl.cli.invite import fail_unless_delivered
from meetingctl.context import AppContext
from meetingctl.delivery.status import OutboxStatus
from meetingctl.services.delivery_views import OutboxRecord

pass_app = click.make_pass_decorator(AppContext)
FIELDS = [
    "id",
    "status",
    "kind",
    "recipient",
    "person_id",
    "session_uid",
    "sequence",
    "attempts",
    "urgent",
    "next_attempt_at",
    "sent_at",
    "last_error",
    "key",
]


@click.group("outbox")
def outbox_group() -> None:
    """Inspect and manage queued messages."""


def _record(row: OutboxRecord) -> dict[str, object]:
    return {
        "id": row.id,
        "status": row.status,
        "kind": row.kind,
        "recipient": row.recipient,
        "person_id": row.person_id,
        "session_uid": row.session_uid,
        "sequence": row.sequence,
        "attempts": row.attempts,
        "urgent": row.urgent,
        "next_attempt_at": row.next_attempt_at.isoformat() if row.next_attempt_at else None,
        "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        "last_error": row.last_error,
        "key": row.key,
    }


def _when(record: dict[str, object]) -> str:
    """ "next <UTC time>" for messages still to send, "sent <UTC time>" for sent ones."""
    if record["status"] in (OutboxStatus.PENDING.value, OutboxStatus.FAILED.value):
        stamp, label = record["next_attempt_at"], "next"
    elif record["status"] == OutboxStatus.SENT.value:
        stamp, label = record["sent_at"], "sent"
    else:
        return ""
    if not stamp:
        return ""
    moment = datetime.fromisoformat(str(stamp)).astimezone(UTC)
    return f"{label} {moment:%Y-%m-%d %H:%M} UTC"


def _cell(value: object) -> object:
    """A CSV cell a spreadsheet would not evaluate (text escaped, numbers as they are)."""
    return escape_cell(value) if isinstance(value, str) else value


@outbox_group.command("list")
@click.option("--status", type=click.Choice([s.value for s in OutboxStatus]))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
@click.option("--limit", type=click.IntRange(1), default=None)
@pass_app
def list_cmd(app: AppContext, status: str | None, fmt: str, limit: int | None) -> None:
    """List messages, newest first."""
    rows = app.services.delivery.list_messages(OutboxStatus(status) if status else None, limit)
    records = [_record(r) for r in rows]
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS)
        writer.writeheader()
        for record in records:
            writer.writerow({k: _cell(v) for k, v in record.items()})
        click.echo(buffer.getvalue(), nl=False)
        return
    for r in records:
        error = f"  {str(r['last_error'])[:60]}" if r["last_error"] else ""
        click.echo(
            f"{r['id']:>6} {r['status']:<9} {r['kind']:<12} {str(r['recipient'])[:34]:<34} "
            f"seq {r['sequence']:<2} tries {r['attempts']} {_when(r)}{error}"
        )
    counts: dict[str, int] = {}
    for r in records:
        counts[str(r["status"])] = counts.get(str(r["status"]), 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "empty"
    click.echo(f"{len(records)} message(s): {summary}")


@outbox_group.command("retry")
@click.argument("message_id", type=int, required=False)
@click.option("--all-failed", is_flag=True, help="Retry every failed or dead message.")
@pass_app
def retry_cmd(app: AppContext, message_id: int | None, all_failed: bool) -> None:
    """Queue a failed, dead or cancelled message again (the scheduler sends it)."""
    if (message_id is None) == (not all_failed):
        raise ValidationError("give a message ID or --all-failed (not both)")
    if message_id is None:
        count = app.services.delivery.retry_all_failed()
        click.echo(f"{count} message(s) queued again")
    else:
        app.services.delivery.retry(message_id)
        click.echo(f"message {message_id} queued again")


@outbox_group.command("send-now")
@click.argument("message_id", type=int, required=False)
@click.option("--all", "all_waiting", is_flag=True, help="Every pending or failed message.")
@pass_app
def send_now_cmd(app: AppContext, message_id: int | None, all_waiting: bool) -> None:
    """Send pending messages now (ignoring quiet hours and retry backoff), then dispatch."""
    if (message_id is None) == (not all_waiting):
        raise ValidationError("give a message ID or --all (not both)")
    done = app.services.delivery.send_now(message_id)
    result = done.report
    click.echo(
        f"{done.moved} message(s) made due now; sent {result.sent}; {result.retry} left for "
        f"retry; {result.dead} failed permanently"
    )
    for error in result.errors:
        click.echo(f"  failed: {error}", err=True)
    fail_unless_delivered(result)


@outbox_group.command("cancel")
@click.argument("message_id", type=int)
@pass_app
def cancel_cmd(app: AppContext, message_id: int) -> None:
    """Cancel a message that has not been sent."""
    app.services.delivery.cancel(message_id)
    click.echo(f"message {message_id} cancelled")


@outbox_group.command("pause")
@pass_app
def pause_cmd(app: AppContext) -> None:
    """Pause automatic sending (the scheduler keeps planning; `outbox resume` to continue)."""
    app.services.delivery.pause()
    click.echo("automatic sending paused")


@outbox_group.command("resume")
@pass_app
def resume_cmd(app: AppContext) -> None:
    """Resume automatic sending."""
    app.services.delivery.resume()
    click.echo("automatic sending resumed")


def register(root: click.Group) -> None:
    """Add `outbox`."""
    root.add_command(outbox_group)
