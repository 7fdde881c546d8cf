"""Delivery use cases: plan and send invitations, preview one, administer the outbox, and the
scheduler's state. ``invite send``, ``outbox send-now``, the scheduler's dispatch job and the
TUI's "send now" all send through :meth:`DeliveryService.send_due`."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from email import message_from_bytes, policy
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, inspect, select, text

from agenda.messaging.invitations import calendar_part
from agenda.model.enums import MessageKind
from agenda.model.errors import NotFoundError
from agenda.model.orm import Person, Session, utcnow
from agenda.programme.published import ProgrammeSnapshot
from meetingctl.delivery import admin as outbox_admin
from meetingctl.delivery import planning
from meetingctl.delivery.dispatcher import Dispatcher
from meetingctl.delivery.enqueueing import EnqueueReport
from meetingctl.delivery.outbox import DispatchSettings
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from meetingctl.delivery.transports import describe, message_preparer
from meetingctl.services.delivery_views import (
    DeferredGroup,
    InvitationPreview,
    InvitePlan,
    InviteResult,
    JobRow,
    OutboxRecord,
    OutboxRow,
    OutboxView,
    PreviewChoices,
    SchedulerRun,
    SchedulerState,
    SendNowResult,
    SendReport,
)

if TYPE_CHECKING:
    from meetingctl.context import AppContext
    from meetingctl.scheduler import SchedulerService

#: One dispatch at a time per process: the scheduler's job and a "send now" share the transport.
_SENDING = threading.Lock()
#: Outbox states the dispatcher still works on (a failed message is retried).
WAITING_STATUSES = (OutboxStatus.PENDING, OutboxStatus.FAILED)
_HEADERS = ("From", "To", "Subject", "Date", "Message-ID", "Content-Language")


class DeliveryService:
    """Invitations, the outbox and the scheduler, on one composition root."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # -- sending ------------------------------------------------------------------------------

    def send_due(
        self,
        *,
        worker: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        stop: threading.Event | None = None,
        epoch: int | None = None,
    ) -> SendReport:
        """Send every due outbox row now through ``ctx.transport()`` (the one "send now").

        ``worker`` names the sender in the rows it claims (default ``cli@host:pid``);
        ``stop`` ends the run after the chunk in flight; ``epoch``: the scheduler lease epoch
        that fences the claims (the run stops once the lease has moved on). The connection is
        closed afterwards.
        When the transport itself fails the run stops there: ``transport_error`` says why and
        ``held`` how many messages wait (none was charged an attempt).
        """
        config = self.ctx.config
        factory = self.ctx.session_factory
        with _SENDING:
            transport = self.ctx.transport()
            try:
                report = Dispatcher(
                    factory,
                    transport,
                    DispatchSettings.from_config(config.scheduler),
                    worker=worker or f"cli@{socket.gethostname()}:{os.getpid()}",
                    clock=clock,
                    stop=stop,
                    prepare=message_preparer(config, factory),
                    epoch=epoch,
                ).drain()
            finally:
                transport.close()
        # After a transport failure: everything still waiting, claimed in this run or not.
        held = self.waiting_count() if report.transport_error else 0
        return SendReport(
            report.sent,
            report.retry,
            report.dead,
            tuple(report.errors),
            describe(config),
            held,
            report.transport_error,
        )

    # -- invitations --------------------------------------------------------------------------

    def plan_invitations(
        self, session_ref: str | None = None, *, dry_run: bool = False, send_now: bool = False
    ) -> InvitePlan:
        """Queue invitations for the programme as it is now (``invite send``), for one session
        (id or UID) or all; ``dry_run`` stores nothing; ``send_now`` ignores quiet hours.

        Unless a dry run, the transport is built first (its secrets read): an unusable one
        refuses before anything is queued or anyone moves to invited."""
        if not dry_run:
            self.ctx.transport()
        now = utcnow()
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            uid = planning.find_session(db, meeting, session_ref).uid if session_ref else None
            report = planning.invite_now(
                db, meeting, self.ctx.config, now=now, session_uid=uid, actor=self.ctx.actor
            )
            queued = len(report.created) - len(report.problems)
            reasons = (
                _nothing_queued_reasons(planning.current_programme(db, meeting), report, now, uid)
                if queued == 0
                else []
            )
            if send_now and not dry_run:
                outbox_admin.make_due(db, self.ctx.actor, keys=report.created, now=now)
            if dry_run:
                db.rollback()
        return InvitePlan(
            queued,
            len(report.existing),
            tuple(report.created),
            tuple(report.problems),
            tuple(reasons),
            dry_run,
        )

    def send_planned(self, plan: InvitePlan) -> InviteResult:
        """Send what is due after :meth:`plan_invitations`; say what quiet hours hold back."""
        if plan.dry_run:
            return InviteResult(plan, None, ())
        sent = self.send_due()
        with self.ctx.transaction() as db:
            home_tz = self.ctx.meeting(db).home_tz
            groups = outbox_admin.waiting(db, plan.created, now=utcnow())
        deferred = tuple(DeferredGroup(when, zone or home_tz, n) for when, zone, n in groups)
        return InviteResult(plan, sent, deferred)

    def preview(
        self, person_ref: str | int, session_ref: str, kind: MessageKind = MessageKind.INVITATION
    ) -> InvitationPreview:
        """The email one person (id or email) would get for one session (id or UID)."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            person_id = _person_id(db, person_ref)
            message = planning.preview(
                db, meeting, self.ctx.config, person_id, str(session_ref), kind=kind
            )
        parsed = message_from_bytes(message.mime, policy=policy.default)
        headers = tuple((name, str(parsed[name])) for name in _HEADERS if parsed[name] is not None)
        body = parsed.get_body(preferencelist=("plain",))
        ics = calendar_part(message.mime)
        return InvitationPreview(
            message.mime,
            headers,
            str(body.get_content()) if body is not None else "",
            ics.decode("utf-8", "replace") if ics is not None else "",
        )

    def preview_choices(self, lang: str = "en") -> PreviewChoices:
        """Everyone (by family name) and the meeting's sessions (by start), for a preview."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            people = db.execute(
                select(Person.id, Person.given_name, Person.family_name, Person.country).order_by(
                    Person.family_name, Person.given_name, Person.id
                )
            ).all()
            sessions = db.scalars(
                select(Session).where(Session.meeting_id == meeting.id).order_by(Session.start)
            )
            return PreviewChoices(
                tuple(
                    (f"{f'{given} {family}'.strip()} ({country or '-'})", int(pid))
                    for pid, given, family, country in people
                ),
                tuple((f"#{s.id} {s.title(lang)}", s.id) for s in sessions),
            )

    # -- the outbox ---------------------------------------------------------------------------

    def list_messages(
        self, status: OutboxStatus | None = None, limit: int | None = None
    ) -> tuple[OutboxRecord, ...]:
        """Outbox rows, newest first, optionally of one status."""
        with self.ctx.transaction() as db:
            return tuple(
                OutboxRecord(
                    r.id,
                    r.status.value,
                    r.kind.value,
                    r.recipient,
                    r.person_id,
                    r.session_uid,
                    r.sequence,
                    r.attempts,
                    r.urgent,
                    r.next_attempt_at,
                    r.sent_at,
                    r.last_error,
                    r.idempotency_key,
                )
                for r in outbox_admin.list_messages(db, status, limit)
            )

    def retry(self, message_id: int) -> None:
        """Queue a failed, dead or cancelled message again."""
        with self.ctx.transaction() as db:
            outbox_admin.retry(db, message_id, self.ctx.actor)

    def retry_all_failed(self) -> int:
        """Queue every failed or dead message again; returns how many."""
        with self.ctx.transaction() as db:
            return outbox_admin.retry_all_failed(db, self.ctx.actor)

    def cancel(self, message_id: int) -> None:
        """Cancel a message that has not been sent."""
        with self.ctx.transaction() as db:
            outbox_admin.cancel(db, message_id, self.ctx.actor)

    def send_now(self, message_id: int | None = None) -> SendNowResult:
        """Make one message (or every pending or failed one) due now, then send what is due.
        The transport is built first: an unusable one refuses before anything is written."""
        self.ctx.transport()
        with self.ctx.transaction() as db:
            moved = outbox_admin.make_due(db, self.ctx.actor, message_id=message_id)
        return SendNowResult(moved, self.send_due())

    def waiting_count(self) -> int:
        """How many messages wait to be sent (pending, or failed and retried)."""
        with self.ctx.transaction() as db:
            waiting = select(func.count(OutboxMessage.id)).where(
                OutboxMessage.status.in_(WAITING_STATUSES)
            )
            return int(db.scalar(waiting) or 0)

    def outbox(self, lang: str = "en") -> OutboxView:
        """The TUI's outbox (by recipient), the active scheduler and the stored jobs."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
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
        state = self.scheduler_status()
        return OutboxView(rows, state.holder if state else "none", self._jobs())

    def _jobs(self) -> tuple[JobRow, ...]:
        from meetingctl.scheduler import JOBS_TABLE

        engine = self.ctx.engine
        if not inspect(engine).has_table(JOBS_TABLE):
            return ()
        with engine.connect() as connection:
            rows = connection.execute(
                text(f"SELECT id, next_run_time FROM {JOBS_TABLE} ORDER BY next_run_time")  # noqa: S608
            ).all()
        return tuple(
            JobRow(str(job_id), datetime.fromtimestamp(float(at), UTC) if at is not None else None)
            for job_id, at in rows
        )

    # -- the scheduler ------------------------------------------------------------------------

    def pause(self) -> None:
        """Pause automatic sending (the scheduler keeps planning)."""
        from meetingctl.scheduler_lock import set_paused

        set_paused(self.ctx.session_factory, True, self.ctx.actor)

    def resume(self) -> None:
        """Resume automatic sending."""
        from meetingctl.scheduler_lock import set_paused

        set_paused(self.ctx.session_factory, False, self.ctx.actor)

    def scheduler_status(self) -> SchedulerState | None:
        """The active scheduler (lease holder with a current heartbeat), or None; a holder
        whose heartbeat stopped while the lock is still held is returned as ``stale``."""
        from meetingctl.scheduler_lock import active_scheduler, lease_holder, may_run_in_process

        active = active_scheduler(self.ctx.session_factory)
        if active is not None:
            return SchedulerState(active.holder, active.since)
        lease = lease_holder(self.ctx.session_factory)
        if lease is None or may_run_in_process(self.ctx.engine):
            return None  # no lease, or a dead holder whose lock the system released
        return SchedulerState(lease.holder, lease.since, stale=True, expired_at=lease.expires_at)

    def run_scheduler_once(self) -> SchedulerRun:
        """``scheduler --once``: holding the lock, plan, then send what is due unless paused."""
        from meetingctl.scheduler import SchedulerService
        from meetingctl.scheduler_lock import is_paused

        self.ctx.transport()  # an unusable transport refuses before anything is planned
        service = SchedulerService(self.ctx)
        with service.holding() as held:
            if not held:
                return SchedulerRun(ran=False)
            created = service.plan()
            if is_paused(service.factory):
                return SchedulerRun(ran=True, planned=created, paused=True)
            return SchedulerRun(ran=True, planned=created, sent=service.dispatch(force=True))

    def start_scheduler(self, mode: str = "tui") -> SchedulerService | None:
        """Start an in-process scheduler when no other holds the lock; None when one does."""
        from meetingctl.scheduler import start_scheduler

        return start_scheduler(self.ctx, mode)


def _person_id(db: Any, ref: str | int) -> int:
    if isinstance(ref, int) or ref.isdigit():
        return int(ref)
    found = db.scalar(select(Person.id).where(Person.email_key == ref.strip().lower()))
    if found is None:
        found = db.scalar(select(Person.id).where(Person.email == ref.strip()))
    if found is None:
        raise NotFoundError(f"no person with id or email {ref!r} (see `meetingctl people list`)")
    return int(found)


def _nothing_queued_reasons(
    programme: ProgrammeSnapshot,
    report: EnqueueReport,
    now: datetime,
    session_uid: str | None,
) -> list[str]:
    """Why ``invite send`` queued nothing: past sessions, nobody active, no address, or
    everyone already invited."""
    sessions = [s for s in programme.sessions if not session_uid or s.uid == session_uid]
    if not sessions:
        return ["the programme has no sessions yet"]
    upcoming = [s for s in sessions if s.end > now]
    past = len(sessions) - len(upcoming)
    reasons = []
    if past:
        latest = max(s.end for s in sessions)
        reasons.append(
            f"{past} session(s) already took place (the latest ended {latest:%Y-%m-%d %H:%M}"
            " UTC); no invitations are sent for them"
        )
    active = [(s.uid, p) for s in upcoming for p in s.people if p.active]
    if upcoming and not active:
        reasons.append(f"no one is on the programme of the {len(upcoming)} upcoming session(s)")
    without = len({(uid, p.person_id) for uid, p in active if not p.email})
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


def start_scheduler(ctx: AppContext) -> SchedulerService | None:
    """The TUI's in-process scheduler, started when no other holds the lock (else None)."""
    return ctx.services.delivery.start_scheduler()
