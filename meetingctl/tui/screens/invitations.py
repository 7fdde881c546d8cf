"""Invitations screen: the outbox per recipient with status and reason, the scheduler and its
jobs, a preview of the email and calendar entry, send now and pause."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from meetingctl.tui.base import DataScreen
from meetingctl.tui.data import outbox_data, people_data
from meetingctl.tui.data.outbox_data import OutboxView
from meetingctl.tui.dialogs.confirm import ConfirmDialog
from meetingctl.tui.dialogs.invitation_preview import PreviewDialog

STATUS_STYLE = {
    "sent": "green",
    "failed": "red",
    "dead": "bold red",
    "cancelled": "dim",
    "pending": "yellow",
    "sending": "cyan",
}


class InvitationsScreen(DataScreen):
    """What has been, is being and will be sent."""

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
        def loaded(view: OutboxView) -> None:
            self.show(view)
            if then is not None:
                then()

        self.run_job(
            partial(outbox_data.load_outbox, self.tapp.context, self.lang),
            loaded,
            group="load",
            exclusive=True,
        )

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
        def loaded(data: tuple[list, list[tuple[str, int]]]) -> None:
            people, sessions = data
            self.app.push_screen(PreviewDialog(people, sessions))

        context = self.tapp.context
        self.run_job(
            lambda: (
                people_data.load_people(context),
                people_data.session_choices(context, self.lang),
            ),
            loaded,
        )

    def action_send_now(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_job(partial(outbox_data.send_now, self.tapp.context), self._sent)

        def counted(waiting: int) -> None:
            if waiting == 0:
                self.notify(self.t("inv.nothing_to_send"))
                return
            self.app.push_screen(ConfirmDialog(self.t("inv.send_confirm")), confirmed)

        self.run_job(partial(outbox_data.waiting_count, self.tapp.context), counted)

    def _sent(self, counts: tuple[int, int]) -> None:
        self.notify(self.t("inv.sent", sent=counts[0], failed=counts[1]))
        self.reload()

    def action_pause(self) -> None:
        """Pause (stop this app's scheduler) or resume (start it if no daemon is active)."""
        app = self.tapp
        service = app.scheduler_service
        if service is not None:

            def stopped(_none: None) -> None:
                app.scheduler_service = None
                self.notify(self.t("inv.paused"))
                self.reload()

            self.run_job(partial(outbox_data.stop_scheduler, service), stopped)
            return

        def started(new_service: object | None) -> None:
            if new_service is None:
                self.notify(self.t("inv.daemon_active"), severity="warning")
            else:
                app.scheduler_service = new_service
                self.notify(self.t("inv.resumed"))
            self.reload()

        self.run_job(partial(outbox_data.start_scheduler, app.context), started)

    def action_reload(self) -> None:
        self.reload()
