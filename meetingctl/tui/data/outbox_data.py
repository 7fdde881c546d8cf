"""The outbox per recipient, the scheduler's state and jobs, invitation previews, sending."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from typing import Any

from sqlalchemy import func, inspect, select, text

from agenda.model.orm import OutboxMessage, OutboxStatus, Person, Session
from meetingctl.context import AppContext
from meetingctl.tui.data import NotAvailableYet, domain


@dataclass(frozen=True)
class OutboxRow:
    """One message in the outbox."""

    id: int
    recipient: str
    name: str
    kind: str
    session: str
    status: str
    attempts: int
    last_error: str


@dataclass(frozen=True)
class JobRow:
    """One scheduled job."""

    name: str
    next_run: datetime | None


@dataclass(frozen=True)
class OutboxView:
    """Outbox rows, scheduler state (None: unknown in this build) and jobs."""

    rows: tuple[OutboxRow, ...]
    scheduler: str | None
    jobs: tuple[JobRow, ...]


def load_outbox(ctx: AppContext, lang: str = "en") -> OutboxView:
    """Read the outbox (newest first) and ask the scheduler module what is running."""
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        titles = {
            s.uid: s.title(lang)
            for s in db.scalars(select(Session).where(Session.meeting_id == meeting.id))
        }
        names = dict(
            db.execute(select(Person.id, Person.given_name + " " + Person.family_name)).all()
        )
        rows = tuple(
            OutboxRow(
                m.id,
                m.recipient,
                names.get(m.person_id or 0, ""),
                m.kind.value,
                titles.get(m.session_uid, m.session_uid),
                m.status.value,
                m.attempts,
                m.last_error,
            )
            for m in db.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.meeting_id == meeting.id)
                .order_by(OutboxMessage.recipient, OutboxMessage.id)
            )
        )
    return OutboxView(rows, scheduler_state(ctx), scheduled_jobs(ctx))


def scheduler_state(ctx: AppContext) -> str | None:
    """Which scheduler is active (holder of the lease), "none", or None when unknown."""
    try:
        active = domain("meetingctl.scheduler", "active_scheduler", "scheduler")
    except NotAvailableYet:
        return None
    current = active(ctx.session_factory)
    return current.holder if current is not None else "none"


def scheduled_jobs(ctx: AppContext) -> tuple[JobRow, ...]:
    """The jobs in the scheduler's job store with their next run (UTC)."""
    try:
        import meetingctl.scheduler as scheduler_module
    except ImportError:
        return ()
    table = getattr(scheduler_module, "JOBS_TABLE", "apscheduler_jobs")
    if not inspect(ctx.engine).has_table(table):
        return ()
    with ctx.engine.connect() as connection:
        rows = connection.execute(
            text(f"SELECT id, next_run_time FROM {table} ORDER BY next_run_time")  # noqa: S608
        ).all()
    return tuple(
        JobRow(str(job_id), datetime.fromtimestamp(float(at), UTC) if at is not None else None)
        for job_id, at in rows
    )


def preview_invitation(ctx: AppContext, person_id: int, session_id: int) -> tuple[str, str]:
    """The email text and the calendar entry a person would receive for a session."""
    preview = domain("meetingctl.delivery.planning", "preview", "preview")
    calendar_part = domain("agenda.messaging.invitations", "calendar_part", "preview")
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        message = preview(db, meeting, ctx.config, person_id, str(session_id))
    parsed = message_from_bytes(message.mime, policy=policy.default)
    headers = [
        f"{name}: {parsed[name]}" for name in ("From", "To", "Subject") if parsed[name] is not None
    ]
    body = parsed.get_body(preferencelist=("plain",))
    text_body = body.get_content() if body is not None else ""
    ics = calendar_part(message.mime) or b""
    return "\n".join(headers) + "\n\n" + text_body, ics.decode("utf-8", "replace")


#: Outbox states the dispatcher still works on (a failed message is retried).
WAITING_STATUSES = (OutboxStatus.PENDING, OutboxStatus.FAILED)


def waiting_count(ctx: AppContext) -> int:
    """How many outbox messages are waiting to be sent (pending, or failed and retried)."""
    with ctx.transaction() as db:
        waiting = select(func.count(OutboxMessage.id)).where(
            OutboxMessage.status.in_(WAITING_STATUSES)
        )
        return int(db.scalar(waiting) or 0)


def send_now(ctx: AppContext) -> tuple[int, int]:
    """Dispatch the due outbox messages now; returns (sent, not sent yet or dead)."""
    service_class = domain("meetingctl.scheduler", "SchedulerService", "outbox")
    service = service_class(ctx.config, ctx.secrets, ctx.engine, mode="tui-send")
    report = service.dispatch()
    return int(report.sent), int(report.retry + report.dead)


def start_scheduler(ctx: AppContext) -> Any | None:
    """Start the in-process scheduler when no other holds the lock; None when one does."""
    service_class = domain("meetingctl.scheduler", "SchedulerService", "scheduler")
    service = service_class(ctx.config, ctx.secrets, ctx.engine, mode="tui")
    return service if service.start_in_background() else None


def stop_scheduler(service: Any) -> None:
    """Stop the in-process scheduler (the batch in flight finishes first)."""
    service.stop()
