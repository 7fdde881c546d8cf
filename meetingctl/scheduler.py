"""The scheduler: APScheduler 3.11 jobs that plan and dispatch mail, one active per database.

Exactly one scheduler is active per database. It holds a lock: on PostgreSQL a session-level
advisory lock (``pg_try_advisory_lock``) on a dedicated connection, keyed by database and
schema; on SQLite a file lock (``filelock``) next to the database file. The operating system
or the server releases either lock when the holder dies, even on ``kill -9``. Another instance
waits as standby, polling the lock, and takes over when the first goes away. The active one
writes a heartbeat to the ``scheduler_lease`` row (the TUI shows who is active); a holder that
is frozen (SIGSTOP) keeps its lock, so a standby also takes over a lease whose heartbeat stopped
for ``3 * standby_poll_seconds + 5`` seconds, and the lease's epoch fences the old holder's
claims (see :mod:`meetingctl.scheduler_lease`).

Jobs live in the project's database (``SQLAlchemyJobStore``, table ``apscheduler_jobs``):

* ``meetingctl.dispatch`` every ``dispatch_interval_seconds``: send every due outbox row
  (unless the circuit breaker is open: after the transport itself failed, automatic dispatch
  waits ``transport_backoff_seconds``, doubled on each further failure up to
  ``transport_backoff_max_seconds``; see :mod:`meetingctl.delivery.breaker`);
* ``meetingctl.plan`` every ``plan_interval_seconds``: turn new agenda versions into messages,
  and enqueue due reminders and nudges;
* ``meetingctl.replies`` every ``[replies] poll_seconds`` (when a mailbox is configured): read
  the iTIP replies and apply them (:meth:`meetingctl.services.replies.ReplyService.fetch`), so
  statuses follow the answers and nudges stop for those who answered.

Both use ``coalesce=True`` and ``misfire_grace_time=None``: both jobs catch up with "now"
(they work on whatever is due), so after downtime a missed run must happen exactly once, on
start, however late, and a backlog of missed runs must not turn into a burst of runs.
Lateness of individual reminders is judged by the planning policy instead
(``misfire_grace_seconds``: a reminder more late than that, or after its session started, is
skipped).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from agenda.model.errors import MeetingctlError
from agenda.model.orm import Meeting, utcnow
from agenda.model.uow import transaction
from meetingctl.delivery import outbox
from meetingctl.delivery import planning as delivery
from meetingctl.delivery.breaker import CircuitBreaker
from meetingctl.delivery.transports import describe
from meetingctl.scheduler_lease import Lease, lease_ttl
from meetingctl.scheduler_lock import (
    ActiveScheduler,
    FileSchedulerLock,
    PostgresAdvisoryLock,
    SchedulerLock,
    SchedulerStatus,
    active_scheduler,
    is_paused,
    lock_for,
    may_run_in_process,
    scheduler_status,
    set_paused,
)
from meetingctl.services.delivery_views import SendReport

if TYPE_CHECKING:
    from meetingctl.context import AppContext

log = logging.getLogger(__name__)

WORKER_PREFIX = "scheduler@"
DISPATCH_JOB = "meetingctl.dispatch"
PLAN_JOB = "meetingctl.plan"
REPLIES_JOB = "meetingctl.replies"
JOBS_TABLE = "apscheduler_jobs"
LOCKED_MODES = frozenset({"daemon", "tui"})


# -- jobs (module-level so the job store can reference them by name) ------------------------

_CURRENT: SchedulerService | None = None


def dispatch_job() -> None:
    """Job: send every due message."""
    if _CURRENT is not None:
        _CURRENT.dispatch()


def plan_job() -> None:
    """Job: plan publications, reminders and nudges."""
    if _CURRENT is not None:
        _CURRENT.plan()


def replies_job() -> None:
    """Job: read and apply the replies in the mailbox."""
    if _CURRENT is not None:
        _CURRENT.fetch_replies()


class SchedulerService:
    """Runs the jobs while holding the database's scheduler lock."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        mode: str = "daemon",
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.ctx = ctx
        self.config = ctx.config
        self.engine = engine = ctx.engine
        self.factory = ctx.session_factory  # checks the schema first
        self.clock = clock
        # Only schedulers holding the lock use WORKER_PREFIX: a new active scheduler reclaims
        # their in-flight rows at once; other dispatchers' rows wait for the claim timeout.
        prefix = WORKER_PREFIX if mode in LOCKED_MODES else "app@"
        self.worker = f"{prefix}{socket.gethostname()}:{os.getpid()}:{mode}"
        self.lock = lock_for(engine)
        self._locked = False
        self.lease = Lease(
            self.factory, self.worker, lease_ttl(self.config.scheduler.standby_poll_seconds)
        )
        settings = self.config.scheduler
        self.breaker = CircuitBreaker(
            settings.transport_backoff_seconds, settings.transport_backoff_max_seconds
        )
        self.stop_event = threading.Event()
        self._active_stop = threading.Event()
        self._scheduler: BackgroundScheduler | None = None
        self._watch_thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------

    def _become_holder(self) -> int | None:
        """Take the lease: at once with the lock, or over a silent holder without it."""
        self._locked = self.lock.acquire()
        if self._locked:
            epoch = self.lease.take()
            if epoch is None:  # a holder that took over from a frozen one is alive
                self.lock.release()
                self._locked = False
            return epoch
        return self.lease.take_if_stale()

    def run_forever(self, *, on_state: Callable[[str], None] | None = None) -> None:
        """Standby until this instance holds the lease, then run until ``stop_event`` is set
        (or another scheduler took the lease over, and then standby again)."""
        report = on_state or (lambda state: log.info("scheduler %s", state))
        announced = False
        while not self.stop_event.is_set():
            epoch = self._become_holder()
            if epoch is None:
                if not announced:
                    current = active_scheduler(self.factory)
                    report(
                        f"standby: {current.holder if current else 'another scheduler'} is active"
                    )
                    announced = True
                self.stop_event.wait(self.config.scheduler.standby_poll_seconds)
                continue
            announced = False
            previous = self.lease.took_over_from
            how = f"; took over from {previous}, whose heartbeat stopped" if previous else ""
            mail = describe(self.config)
            report(f"active as {self.worker} (epoch {epoch}){how}; mail via {mail}")
            try:
                self._activate()
                self._watch()
            finally:
                self._deactivate()
            if not self.stop_event.is_set():
                report("no longer active: another scheduler holds the lease")
        report("stopped")

    def start_in_background(self) -> bool:
        """For the TUI: start an in-process scheduler if none is active; True when started."""
        self._locked = self.lock.acquire()
        if not self._locked:
            return False
        if self.lease.take() is None:
            self.lock.release()
            self._locked = False
            return False
        self._activate()
        self._watch_thread = threading.Thread(
            target=self._watch_then_stop, name="scheduler-watch", daemon=True
        )
        self._watch_thread.start()
        return True

    @contextmanager
    def holding(self) -> Iterator[bool]:
        """For ``scheduler --once``: hold the lock and the lease (heartbeat in a thread) for
        the block; yields False (holding nothing) when another scheduler is active."""
        self._locked = self.lock.acquire()
        if not self._locked:
            yield False
            return
        if self.lease.take() is None:
            self.lock.release()
            self._locked = False
            yield False
            return
        beating = threading.Thread(target=self._watch, name="scheduler-beat", daemon=True)
        beating.start()
        try:
            yield True
        finally:
            self.stop_event.set()
            beating.join()
            self.lease.drop()
            self.lock.release()
            self._locked = False

    def _watch_then_stop(self) -> None:
        try:
            self._watch()
        finally:
            self._deactivate()

    def stop(self, *, wait: bool = False) -> None:
        """Ask to stop (safe from signal handlers): the current chunk finishes first.
        ``wait``: for a background scheduler, return only once it has fully stopped."""
        self.stop_event.set()
        self._active_stop.set()
        thread = self._watch_thread
        if wait and thread is not None and thread is not threading.current_thread():
            thread.join()

    def _activate(self) -> None:
        global _CURRENT
        _CURRENT = self
        self._active_stop = threading.Event()
        if self.stop_event.is_set():
            self._active_stop.set()
        reclaimed = outbox.reclaim_abandoned(self.factory, WORKER_PREFIX, epoch=self.lease.epoch)
        if reclaimed:
            log.warning(
                "%d message(s) left in flight by a stopped scheduler will be sent again", reclaimed
            )
        settings = self.config.scheduler
        scheduler = BackgroundScheduler(
            jobstores={
                "default": SQLAlchemyJobStore(engine=self.engine, tablename=JOBS_TABLE),
                "memory": MemoryJobStore(),
            },
            executors={"default": ThreadPoolExecutor(2)},
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
            timezone="UTC",
        )
        scheduler.start(paused=True)
        self._ensure_job(scheduler, DISPATCH_JOB, dispatch_job, settings.dispatch_interval_seconds)
        self._ensure_job(scheduler, PLAN_JOB, plan_job, settings.plan_interval_seconds)
        replies = self.config.replies
        reads = replies.host or self.config.mail.transport == "graph-events"
        if reads and replies.poll_seconds > 0:
            self._ensure_job(scheduler, REPLIES_JOB, replies_job, replies.poll_seconds)
        elif scheduler.get_job(REPLIES_JOB) is not None:
            scheduler.remove_job(REPLIES_JOB)  # polling was switched off in the config
        scheduler.resume()
        self._scheduler = scheduler

    def _ensure_job(
        self, scheduler: BackgroundScheduler, job_id: str, func: Callable[[], None], seconds: float
    ) -> None:
        """Keep a stored job (its missed run then fires once on start); else run it now."""
        job = scheduler.get_job(job_id)
        if job is not None and getattr(job.trigger, "interval", None) == timedelta(seconds=seconds):
            if job.next_run_time is not None:
                return
        if job is not None:
            scheduler.remove_job(job_id)
        scheduler.add_job(
            func,
            "interval",
            seconds=seconds,
            id=job_id,
            name=job_id,
            next_run_time=self.clock(),
            replace_existing=True,
        )

    def _watch(self) -> None:
        """Heartbeat until stopped, the lock is lost, or the lease is no longer ours; a holder
        that took over without the lock keeps trying to get it."""
        beat = min(1.0, self.config.scheduler.standby_poll_seconds)
        while not self.stop_event.wait(beat):
            if not self._locked:
                self._locked = self.lock.acquire()
            elif not self.lock.healthy():
                self._locked = False
                return
            if not self.lease.beat(locked=self._locked):
                return

    def _deactivate(self) -> None:
        global _CURRENT
        scheduler, self._scheduler = self._scheduler, None
        self._active_stop.set()
        if scheduler is not None:
            scheduler.shutdown(wait=True)
        if _CURRENT is self:
            _CURRENT = None
        self.lease.drop()
        self.lock.release()
        self._locked = False

    # -- the work -------------------------------------------------------------------------

    def dispatch(self, *, force: bool = False) -> SendReport:
        """Send everything due (nothing while paused, unless ``force``: ``scheduler --once``),
        through :meth:`meetingctl.services.delivery.DeliveryService.send_due`."""
        if not force and _CURRENT is self and is_paused(self.factory):
            log.info("sending is paused; %s", "skipping this dispatch run")
            return SendReport(0, 0, 0, (), describe(self.config))
        now = self.clock()
        if not force and not self.breaker.allows(now):
            log.debug("mail transport failed; next dispatch after %s", self.breaker.open_until)
            return SendReport(
                0, 0, 0, (), describe(self.config), transport_error=self.breaker.reason
            )
        try:
            report = self.ctx.services.delivery.send_due(
                worker=self.worker, clock=self.clock, stop=self._active_stop, epoch=self.lease.epoch
            )
        except MeetingctlError as exc:  # e.g. the transport's secret is missing
            if force:
                raise
            report = SendReport(0, 0, 0, (), describe(self.config), transport_error=str(exc))
        if report.transport_error:
            wait = self.breaker.failed(now, report.transport_error)
            log.warning(
                "mail transport unusable: %s; %d message(s) kept waiting, no attempt counted; "
                "next dispatch in %.0f s",
                report.transport_error,
                report.held,
                wait,
            )
        elif self.breaker.succeeded():
            log.info("mail transport works again")
        if report.sent or report.retry or report.dead:
            log.info(
                "dispatch: %d sent, %d to retry, %d dead", report.sent, report.retry, report.dead
            )
        for error in report.errors[:20]:
            log.warning("not delivered: %s", error)
        return report

    def fetch_replies(self) -> int:
        """Read the mailbox once and apply its replies; returns how many answers were recorded
        (a mailbox that cannot be read is logged and tried again at the next poll)."""
        try:
            report = self.ctx.services.replies.fetch()
        except MeetingctlError as exc:
            log.warning("replies not read: %s", exc)
            return 0
        recorded = len([r for r in report.results if r.outcome != "duplicate"])
        if recorded:
            log.info(
                "replies: %d applied, %d to review, %d recorded only",
                report.count("applied"),
                report.count("review"),
                report.count("stale"),
            )
        return recorded

    def plan(self) -> int:
        """Plan publications, reminders and nudges for every meeting; returns rows created."""
        created = 0
        now = self.clock()
        with transaction(self.factory) as db:
            meeting_ids = list(db.scalars(select(Meeting.id)))
        for meeting_id in meeting_ids:
            with transaction(self.factory) as db:
                meeting = db.get(Meeting, meeting_id)
                if meeting is None:
                    continue  # deleted since the ids were read: nothing to plan
                report = delivery.plan_publications(db, meeting, self.config, now=now)
                reminders = delivery.plan_reminders_and_nudges(db, meeting, self.config, now=now)
            for found in (report, reminders):
                if found is not None:
                    created += len(found.created)
                    for problem in found.problems:
                        log.warning("recorded as undeliverable: %s", problem)
        if created and self._scheduler is not None:
            self._scheduler.modify_job(DISPATCH_JOB, next_run_time=utcnow())
        return created


def start_scheduler(ctx: AppContext, mode: str = "tui") -> SchedulerService | None:
    """Start an in-process scheduler (the TUI's) when no other holds the lock; None when one
    does."""
    service = SchedulerService(ctx, mode=mode)
    return service if service.start_in_background() else None


__all__ = [
    "ActiveScheduler",
    "FileSchedulerLock",
    "PostgresAdvisoryLock",
    "SchedulerLock",
    "SchedulerService",
    "SchedulerStatus",
    "active_scheduler",
    "is_paused",
    "set_paused",
    "lock_for",
    "may_run_in_process",
    "scheduler_status",
    "start_scheduler",
]
