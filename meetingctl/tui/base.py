"""What every screen shares: translated bindings, database jobs in worker threads, and the
turning of errors into notifications (or a conflict dialog) instead of crashes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer

from agenda.model.errors import ConflictError, MeetingctlError
from meetingctl.tui.data import NotAvailableYet

if TYPE_CHECKING:
    from meetingctl.tui.app import MeetingApp

T = TypeVar("T")


class JobDone(Message):
    """A database job finished in a worker; ``then`` runs on the UI thread with the result."""

    def __init__(self, then: Callable[[Any], object] | None, result: Any) -> None:
        super().__init__()
        self.then = then
        self.result = result


class JobFailed(Message):
    """A database job raised; ``resume`` re-offers the organizer's edit after a reload."""

    def __init__(
        self,
        error: BaseException,
        resume: Callable[[], None] | None,
        on_error: Callable[[BaseException], bool] | None = None,
    ) -> None:
        super().__init__()
        self.error = error
        self.resume = resume
        self.on_error = on_error


class Translated:
    """Mixin for screens: ``t()`` and Footer descriptions in the current UI language.

    Binding descriptions are i18n keys; they are translated when the Footer asks for them.
    """

    @property
    def tapp(self) -> MeetingApp:
        return self.app  # type: ignore[attr-defined]

    def t(self, key: str, **values: object) -> str:
        """The UI string ``key`` in the current language."""
        return self.tapp.i18n.t(key, **values)

    @property
    def lang(self) -> str:
        return self.tapp.i18n.language

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings = super().active_bindings  # type: ignore[misc]
        translated: dict[str, ActiveBinding] = {}
        for key, active in bindings.items():
            binding = active.binding
            if binding.description and "." in binding.description:
                binding = dataclasses.replace(binding, description=self.t(binding.description))
            elif "command_palette" in binding.action:  # Textual's own "palette" label
                binding = dataclasses.replace(binding, description=self.t("key.palette"))
            translated[key] = ActiveBinding(active.node, binding, active.enabled, active.tooltip)
        return translated


class Jobs:
    """Mixin: blocking database work in worker threads, results back as messages."""

    if TYPE_CHECKING:  # provided by the Screen this is mixed into

        @property
        def tapp(self) -> MeetingApp: ...

        post_message: Callable[[Message], bool]
        run_worker: Callable[..., Any]

    def run_job(
        self,
        job: Callable[[], T],
        then: Callable[[T], object] | None = None,
        *,
        resume: Callable[[], None] | None = None,
        on_error: Callable[[BaseException], bool] | None = None,
        group: str = "db",
        exclusive: bool = False,
    ) -> None:
        """Run ``job`` (blocking database work) in a thread; ``then(result)`` on the UI thread.

        Errors become notifications; a concurrent edit opens the conflict dialog, and
        ``resume`` (if given) re-offers the organizer's edit after reloading. ``on_error``
        may handle an error itself (return True), e.g. a form re-opened with the reason.
        """

        def work() -> None:
            try:
                result = job()
            except BaseException as exc:  # noqa: BLE001 - every failure is shown, never raised
                self.post_message(JobFailed(exc, resume, on_error))
            else:
                self.post_message(JobDone(then, result))

        self.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def on_job_done(self, message: JobDone) -> None:
        if message.then is not None:
            message.then(message.result)

    def on_job_failed(self, message: JobFailed) -> None:
        if message.on_error is not None and message.on_error(message.error):
            return
        self.tapp.report_error(message.error, reload=self.reload, resume=message.resume)

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Read the data again, then call ``then`` (override)."""
        if then is not None:
            then()


class DataScreen(Translated, Jobs, Screen[None]):
    """A main screen: loads its data in a worker and reloads when shown again."""

    MODE = "agenda"

    def compose(self) -> ComposeResult:
        from meetingctl.tui.widgets.navbar import NavBar

        yield NavBar(self.MODE, [(m, self.t(f"mode.{m}")) for m in self.tapp.MODE_ORDER])
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets (override)."""
        yield from ()

    def prepare(self) -> None:
        """Set up the composed widgets, e.g. table columns (override; runs after every compose)."""

    def on_mount(self) -> None:
        self.prepare()

    def on_screen_resume(self) -> None:
        loading = any(
            worker.node is self and worker.group == "load" and not worker.is_finished
            for worker in self.app.workers
        )
        if not loading:  # a reload already under way (e.g. after a conflict) keeps its `then`
            self.reload()

    async def apply_language(self) -> None:
        """Redraw in the new UI language (columns included) and read the data again."""
        await self.recompose()
        self.prepare()
        self.reload()


class Dialog(Translated, Jobs, ModalScreen[T]):
    """A modal dialog with translated strings."""


def describe_error(app: MeetingApp, error: BaseException) -> tuple[str, str]:
    """Message and severity for an error raised by a job."""
    if isinstance(error, NotAvailableYet):
        feature = app.i18n.t(f"feature.{error.feature}")
        return app.i18n.t("not_available", feature=feature), "warning"
    if isinstance(error, ConflictError | MeetingctlError):
        return str(error), "error"
    return app.i18n.t("error.unexpected", kind=type(error).__name__, message=str(error)), "error"
