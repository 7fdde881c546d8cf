"""The outbox per recipient, the scheduler's state and jobs, invitation previews, sending."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from agenda.models import OutboxMessage, Person, Session
from meetingctl.cli.context import AppContext
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
        names = dict(db.execute(select(Person.id, Person.given_name + " " + Person.family_name)).all())
        rows = tuple(
            OutboxRow(m.id, m.recipient, names.get(m.person_id, ""), m.kind.value,
                      titles.get(m.session_uid, m.session_uid), m.status.value, m.attempts,
                      m.last_error)
            for m in db.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.meeting_id == meeting.id)
                .order_by(OutboxMessage.recipient, OutboxMessage.id)
            )
        )
    try:
        status = domain("meetingctl.scheduler", "scheduler_status", "scheduler")(ctx)
        state = str(getattr(status, "description", status))
        jobs = tuple(JobRow(str(j.name), j.next_run) for j in getattr(status, "jobs", ()))
    except NotAvailableYet:
        state, jobs = None, ()
    return OutboxView(rows, state, jobs)


def preview_invitation(ctx: AppContext, person_id: int, session_id: int) -> tuple[str, str]:
    """The email text and the calendar entry a person would receive for a session."""
    preview = domain("agenda.invitations", "preview", "preview")
    with ctx.transaction() as db:
        result: Any = preview(db, person_id=person_id, session_id=session_id,
                              settings=ctx.config)
        return str(getattr(result, "text", result[0])), str(getattr(result, "ics", result[1]))


def send_now(ctx: AppContext) -> tuple[int, int]:
    """Dispatch pending outbox messages now; returns (sent, failed)."""
    dispatch = domain("meetingctl.outbox", "dispatch", "outbox")
    result = dispatch(ctx)
    return int(getattr(result, "sent", 0)), int(getattr(result, "failed", 0))


def toggle_pause(ctx: AppContext) -> bool:
    """Pause or resume automatic sending; returns True when now paused."""
    toggle = domain("meetingctl.scheduler", "toggle_pause", "scheduler")
    return bool(toggle(ctx))
