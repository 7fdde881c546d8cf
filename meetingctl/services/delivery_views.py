"""What the delivery use cases return: frozen views and results, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SendReport:
    """One dispatch run: what was sent, left for retry or failed permanently, and where to;
    when the transport failed (``transport_error`` says why), ``held`` messages wait in the
    outbox, their attempts unchanged."""

    sent: int
    retry: int
    dead: int
    errors: tuple[str, ...]
    transport: str
    held: int = 0
    transport_error: str = ""

    def problem(self) -> str | None:
        """Why this run counts as a failure, in plain words (None when it does not): the
        transport failed, or messages were tried and none was delivered."""
        if self.transport_error:
            before = f" after sending {self.sent}" if self.sent else ""
            return (
                f"the mail transport {self.transport} failed{before}: {self.transport_error}. "
                f"{self.held} message(s) wait in the outbox, no attempt counted; "
                "fix the cause, then run `meetingctl outbox send-now --all` "
                "(a running scheduler tries again on its own)"
            )
        failed = self.retry + self.dead
        if self.sent == 0 and failed:
            return (
                f"no message was delivered: all {failed} failed ({self.retry} left for retry, "
                f"{self.dead} failed permanently); see `meetingctl outbox list --status failed` "
                "and `--status dead`"
            )
        return None


@dataclass(frozen=True, slots=True)
class DeferredGroup:
    """Queued messages held back by quiet hours until ``until`` (UTC), in one zone."""

    until: datetime
    zone: str
    count: int


@dataclass(frozen=True, slots=True)
class InvitePlan:
    """What ``invite send`` queued (or would queue, on a dry run)."""

    queued: int
    existing: int
    created: tuple[str, ...]
    problems: tuple[str, ...]
    #: why nothing was queued (empty when something was)
    reasons: tuple[str, ...]
    dry_run: bool


@dataclass(frozen=True, slots=True)
class InviteResult:
    """``invite send``: the plan, then (unless a dry run) the dispatch and what still waits."""

    plan: InvitePlan
    sent: SendReport | None
    deferred: tuple[DeferredGroup, ...]


@dataclass(frozen=True, slots=True)
class InvitationPreview:
    """The email one person would get for one session: the exact MIME, its headers, its text
    and its calendar entry."""

    mime: bytes
    headers: tuple[tuple[str, str], ...]
    body: str
    ics: str

    def text(self, names: tuple[str, ...] = ("From", "To", "Subject")) -> str:
        """The headers ``names`` (those present), a blank line, then the plain-text body."""
        shown = [f"{name}: {value}" for name, value in self.headers if name in names and value]
        return "\n".join(shown) + "\n\n" + self.body


@dataclass(frozen=True, slots=True)
class OutboxRecord:
    """One outbox row as ``outbox list`` shows it."""

    id: int
    status: str
    kind: str
    recipient: str
    person_id: int | None
    session_uid: str
    sequence: int
    attempts: int
    urgent: bool
    next_attempt_at: datetime | None
    sent_at: datetime | None
    last_error: str
    key: str


@dataclass(frozen=True, slots=True)
class SendNowResult:
    """``outbox send-now``: how many rows were made due, then the dispatch."""

    moved: int
    report: SendReport


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """One message in the TUI's outbox table (recipient's name and session title resolved)."""

    id: int
    recipient: str
    name: str
    kind: str
    session: str
    status: str
    attempts: int
    last_error: str


@dataclass(frozen=True, slots=True)
class JobRow:
    """One scheduled job and its next run (UTC)."""

    name: str
    next_run: datetime | None


@dataclass(frozen=True, slots=True)
class OutboxView:
    """Outbox rows, the active scheduler ("none" when none) and the stored jobs."""

    rows: tuple[OutboxRow, ...]
    scheduler: str | None
    jobs: tuple[JobRow, ...]


@dataclass(frozen=True, slots=True)
class SchedulerState:
    """The scheduler holding the lease (heartbeat current), if any.

    ``stale``: its heartbeat stopped (lease expired at ``expired_at``) while it still holds the
    lock: frozen (SIGSTOP) or stalled; a standby takes over once the heartbeat is silent long
    enough (:func:`meetingctl.scheduler_lease.lease_ttl`).
    """

    holder: str
    since: datetime
    stale: bool = False
    expired_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SchedulerRun:
    """``scheduler --once``: ``ran`` False when another scheduler holds the lock."""

    ran: bool
    planned: int = 0
    paused: bool = False
    sent: SendReport | None = None


@dataclass(frozen=True, slots=True)
class PreviewChoices:
    """(label, id) of the people and of the sessions a preview can be asked for."""

    people: tuple[tuple[str, int], ...]
    sessions: tuple[tuple[str, int], ...]
