"""Invitations screen: the outbox per recipient with status and reason, the scheduler and its
jobs, a preview of the email and calendar entry, send now and pause."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from meetingctl.services.delivery_views import OutboxView, PreviewChoices, SendReport
from meetingctl.tui.base import DataScreen, JobFailed
from meetingctl.tui.dialogs.confirm import ConfirmDialog
from meetingctl.tui.dialogs.invitation_preview import PreviewDialog
from meetingctl.tui.widgets.replies_panel import RepliesPanel

if TYPE_CHECKING:
    from meetingctl.scheduler import SchedulerService
    from meetingctl.services.replies_views import InvitationsTimeline

STATUS_STYLE = {
    "sent": "green",
    "failed": "red",
    "dead": "bold red",
    "cancelled": "dim",
    "pending": "yellow",
    "sending": "cyan",
}


class OutboxLoaded(Message):
    """The outbox, scheduler and jobs were read; ``then`` runs once they are shown."""

    def __init__(self, view: OutboxView, then: Callable[[], None] | None) -> None:
        super().__init__()
        self.view = view
        self.then = then


class RepliesLoaded(Message):
    """The review queue and the people's timeline were read."""

    def __init__(self, timeline: InvitationsTimeline) -> None:
        super().__init__()
        self.timeline = timeline


class PreviewChoicesLoaded(Message):
    """The people and sessions to pick from for a preview."""

    def __init__(self, choices: PreviewChoices) -> None:
        super().__init__()
        self.choices = choices


class WaitingCounted(Message):
    """How many messages wait to be sent."""

    def __init__(self, waiting: int) -> None:
        super().__init__()
        self.waiting = waiting


class SentNow(Message):
    """A "send now" dispatch finished."""

    def __init__(self, report: SendReport) -> None:
        super().__init__()
        self.report = report


class SchedulerStopped(Message):
    """This app's scheduler has stopped."""


class SchedulerStarted(Message):
    """This app's scheduler started (``service``), or None: another holds the lock."""

    def __init__(self, service: SchedulerService | None) -> None:
        super().__init__()
        self.service = service


class InvitationsScreen(DataScreen):
    """What has been, is being and will be sent."""

    DEFAULT_CSS = """
    #invitations { height: 1fr; }
    #scheduler-state { height: 1; padding: 0 1; }
    #outbox { height: 2fr; }
    #jobs { height: 1fr; }
    #replies { height: 2fr; }
    """

    MODE = "invitations"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "preview", "key.preview"),
        Binding("s", "send_now", "key.send_now"),
        Binding("p", "pause", "key.pause"),
        Binding("r", "reload", "key.reload"),
    ]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="invitations"):
            yield Static("", id="scheduler-state", markup=False)
            yield Static(self.t("inv.outbox"), classes="section-title")
            yield DataTable(id="outbox", cursor_type="row", zebra_stripes=True)
            yield Static(self.t("inv.jobs"), classes="section-title")
            yield DataTable(id="jobs", cursor_type="row")
            with VerticalScroll(id="replies"):
                yield RepliesPanel("", id="replies-panel")

    def prepare(self) -> None:
        """Table columns and focus, after every (re)composition."""
        outbox = self.query_one("#outbox", DataTable)
        for column in ("recipient", "kind", "session", "status", "attempts", "error"):
            outbox.add_column(self.t(f"col.{column}"), key=column)
        jobs = self.query_one("#jobs", DataTable)
        for column in ("job", "next_run"):
            jobs.add_column(self.t(f"col.{column}"), key=column)
        outbox.focus()

    def reload(self, then: Callable[[], None] | None = None) -> None:
        self._load(then)

    @work(thread=True, exit_on_error=False, group="load", exclusive=True)
    def _load(self, then: Callable[[], None] | None) -> None:
        try:
            view = self.tapp.context.services.delivery.outbox(self.lang)
        except Exception as exc:  # noqa: BLE001 - shown as a notification
            self.post_message(JobFailed(exc, None))
            return
        self.post_message(OutboxLoaded(view, then))
        try:
            timeline = self.tapp.context.services.replies.invitations_timeline()
        except Exception as exc:  # noqa: BLE001 - shown as a notification
            self.post_message(JobFailed(exc, None))
            return
        self.post_message(RepliesLoaded(timeline))

    @on(RepliesLoaded)
    def _replies_loaded(self, message: RepliesLoaded) -> None:
        self.query_one("#replies-panel", RepliesPanel).show(message.timeline, self.lang)

    @on(OutboxLoaded)
    def _loaded(self, message: OutboxLoaded) -> None:
        self.show(message.view)
        if message.then is not None:
            message.then()

    def show(self, view: OutboxView) -> None:
        """Fill the outbox and jobs tables and the scheduler line."""
        own = getattr(self.tapp.scheduler_service, "worker", None)
        if own is not None:
            self.tapp.own_scheduler_ids.add(own)
        if own is None and view.scheduler in self.tapp.own_scheduler_ids:
            state = self.t("inv.scheduler.none")  # this app's paused scheduler, lease not expired
        elif own is not None and view.scheduler in (own, "none"):
            state = self.t("inv.scheduler.this_app", holder=own)
        elif view.scheduler is None:
            state = self.t("inv.scheduler.unknown")
        elif view.scheduler == "none":
            state = self.t("inv.scheduler.none")
        else:
            state = self.t("inv.scheduler.daemon", holder=view.scheduler)
        self.query_one("#scheduler-state", Static).update(self.t("inv.scheduler", state=state))
        outbox = self.query_one("#outbox", DataTable)
        outbox.clear()
        for row in view.rows:
            who = f"{row.name} <{row.recipient}>" if row.name else row.recipient
            outbox.add_row(
                who,
                row.kind,
                row.session[:30],
                Text(row.status, style=STATUS_STYLE.get(row.status, "")),
                str(row.attempts),
                row.last_error[:60],
                key=str(row.id),
            )
        jobs = self.query_one("#jobs", DataTable)
        jobs.clear()
        for job in view.jobs:
            jobs.add_row(job.name, f"{job.next_run:%Y-%m-%d %H:%M}" if job.next_run else "—")

    def action_preview(self) -> None:
        self._load_choices()

    @work(thread=True, exit_on_error=False, group="db")
    def _load_choices(self) -> None:
        try:
            choices = self.tapp.context.services.delivery.preview_choices(self.lang)
        except Exception as exc:  # noqa: BLE001
            self.post_message(JobFailed(exc, None))
            return
        self.post_message(PreviewChoicesLoaded(choices))

    @on(PreviewChoicesLoaded)
    def _choices_loaded(self, message: PreviewChoicesLoaded) -> None:
        self.app.push_screen(PreviewDialog(message.choices.people, message.choices.sessions))

    def action_send_now(self) -> None:
        self._count_waiting()

    @work(thread=True, exit_on_error=False, group="db")
    def _count_waiting(self) -> None:
        try:
            waiting = self.tapp.context.services.delivery.waiting_count()
        except Exception as exc:  # noqa: BLE001
            self.post_message(JobFailed(exc, None))
            return
        self.post_message(WaitingCounted(waiting))

    @on(WaitingCounted)
    def _counted(self, message: WaitingCounted) -> None:
        if message.waiting == 0:
            self.notify(self.t("inv.nothing_to_send"))
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._send_now()

        self.app.push_screen(ConfirmDialog(self.t("inv.send_confirm")), confirmed)

    @work(thread=True, exit_on_error=False, group="db")
    def _send_now(self) -> None:
        try:
            report = self.tapp.context.services.delivery.send_due(worker=_tui_worker())
        except Exception as exc:  # noqa: BLE001
            self.post_message(JobFailed(exc, None))
            return
        self.post_message(SentNow(report))

    @on(SentNow)
    def _sent(self, message: SentNow) -> None:
        report = message.report
        if report.transport_error:
            text = self.t("inv.transport_failed", reason=report.transport_error, held=report.held)
            self.notify(text, severity="error", timeout=15)
        else:
            self.notify(self.t("inv.sent", sent=report.sent, failed=report.retry + report.dead))
        self.reload()

    def action_pause(self) -> None:
        """Pause (stop this app's scheduler) or resume (start it if no daemon is active)."""
        service = self.tapp.scheduler_service
        if service is not None:
            self._stop_scheduler(service)
        else:
            self._start_scheduler()

    @work(thread=True, exit_on_error=False, group="db")
    def _stop_scheduler(self, service: SchedulerService) -> None:
        try:
            service.stop()
        except Exception as exc:  # noqa: BLE001
            self.post_message(JobFailed(exc, None))
            return
        self.post_message(SchedulerStopped())

    @on(SchedulerStopped)
    def _scheduler_stopped(self) -> None:
        self.tapp.scheduler_service = None
        self.notify(self.t("inv.paused"))
        self.reload()

    @work(thread=True, exit_on_error=False, group="db")
    def _start_scheduler(self) -> None:
        try:
            service = self.tapp.context.services.delivery.start_scheduler()
        except Exception as exc:  # noqa: BLE001
            self.post_message(JobFailed(exc, None))
            return
        self.post_message(SchedulerStarted(service))

    @on(SchedulerStarted)
    def _scheduler_started(self, message: SchedulerStarted) -> None:
        if message.service is None:
            self.notify(self.t("inv.daemon_active"), severity="warning")
        else:
            self.tapp.scheduler_service = message.service
            self.notify(self.t("inv.resumed"))
        self.reload()

    def action_reload(self) -> None:
        self.reload()


def _tui_worker() -> str:
    """The worker name of the TUI's "send now" (not a lock holder: ``app@`` prefix)."""
    import os
    import socket

    return f"app@{socket.gethostname()}:{os.getpid()}:tui-send"
