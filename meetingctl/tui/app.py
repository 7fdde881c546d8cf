"""The organizers' terminal app: a thin App with one mode per screen.

The CLI builds the :class:`~meetingctl.context.AppContext` (config, database) and passes it
in; screens call its services (``context.services``) in worker threads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from agenda.model.errors import ConflictError
from meetingctl.context import AppContext
from meetingctl.services.delivery import start_scheduler
from meetingctl.tui.base import describe_error
from meetingctl.tui.commands import MeetingCommands
from meetingctl.tui.dialogs.conflict import ConflictDialog
from meetingctl.tui.i18n import Translator
from meetingctl.tui.screens.agenda import AgendaScreen
from meetingctl.tui.screens.balance import BalanceScreen
from meetingctl.tui.screens.exports import ExportsScreen
from meetingctl.tui.screens.invitations import InvitationsScreen
from meetingctl.tui.screens.people import PeopleScreen
from meetingctl.tui.screens.round_tables import RoundTablesScreen

SCREENS_BY_MODE = {
    "agenda": AgendaScreen,
    "round_tables": RoundTablesScreen,
    "people": PeopleScreen,
    "balance": BalanceScreen,
    "invitations": InvitationsScreen,
    "exports": ExportsScreen,
}


class MeetingApp(App[None]):
    """Agenda, round tables, people, balance, invitations and exports for one meeting."""

    TITLE = "meetingctl"
    COMMANDS = App.COMMANDS | {MeetingCommands}
    MODES = dict(SCREENS_BY_MODE)
    MODE_ORDER: ClassVar[tuple[str, ...]] = tuple(SCREENS_BY_MODE)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "switch_mode('agenda')", "mode.agenda", show=False),
        Binding("2", "switch_mode('round_tables')", "mode.round_tables", show=False),
        Binding("3", "switch_mode('people')", "mode.people", show=False),
        Binding("4", "switch_mode('balance')", "mode.balance", show=False),
        Binding("5", "switch_mode('invitations')", "mode.invitations", show=False),
        Binding("6", "switch_mode('exports')", "mode.exports", show=False),
        Binding("f2", "toggle_language", "key.language"),
        Binding("ctrl+q", "quit", "key.quit", priority=True),
    ]

    def __init__(
        self, context: AppContext, *, language: str | None = None, start_scheduler: bool = False
    ) -> None:
        super().__init__()
        self.context = context
        self.i18n = Translator(language or context.config.ui.language)
        self.start_scheduler = start_scheduler
        #: this app's in-process scheduler (None: paused, or a daemon is the active one)
        self.scheduler_service: Any = None
        #: worker ids of the schedulers this app ran (a paused one may still hold the lease)
        self.own_scheduler_ids: set[str] = set()

    def on_mount(self) -> None:
        self.switch_mode("agenda")
        if self.start_scheduler:
            self.run_worker(self._start_scheduler, thread=True, exit_on_error=False)

    def _start_scheduler(self) -> None:
        try:
            self.scheduler_service = start_scheduler(self.context)
        except Exception as exc:  # noqa: BLE001 - the app works without automatic sending
            self.call_from_thread(self.report_error, exc)

    def stop_scheduler(self) -> None:
        """Stop this app's scheduler, if it runs one (called when the app closes)."""
        service, self.scheduler_service = self.scheduler_service, None
        if service is not None:
            service.stop()

    async def action_toggle_language(self) -> None:
        """Switch the interface between English and Spanish; every open screen is redrawn."""
        self.i18n.language = self.i18n.toggled()
        for stack in self._screen_stacks.values():
            for screen in stack:
                apply = getattr(screen, "apply_language", None)
                if apply is not None:
                    await apply()
        self.screen.refresh_bindings()
        self.notify(self.i18n.t("lang.switched"), timeout=2)

    def report_error(
        self,
        error: BaseException,
        *,
        reload: Callable[..., None] | None = None,
        resume: Callable[[], None] | None = None,
    ) -> None:
        """Show an error from a job: a conflict dialog for stale edits, else a notification."""
        if isinstance(error, ConflictError):

            def after(choice: str | None) -> None:
                if choice == "reload" and reload is not None:
                    reload(then=resume)
                elif resume is not None:
                    resume()

            self.push_screen(ConflictDialog(str(error)), after)
            return
        message, severity = describe_error(self, error)
        if severity == "error":
            self.log.error(message)
        self.notify(message, severity=severity, timeout=8, markup=False)  # type: ignore[arg-type]


def run_app(context: AppContext, **run_options: Any) -> int:
    """Open the terminal app on the context's database (blocks until the organizer quits).

    Returns the exit code: 0 after a normal quit, non-zero when the app stopped on an
    unhandled exception (Textual has printed the traceback). ``run_options`` go to
    :meth:`App.run` (tests pass ``headless`` and ``auto_pilot``). The app runs an in-process
    scheduler only when no scheduler daemon holds the lock.
    """
    app = MeetingApp(context, start_scheduler=True)
    try:
        app.run(**run_options)
    finally:
        app.stop_scheduler()
    return app.return_code or 0
