"""What every screen shares: translated bindings, the error message that worker threads post,
and the turning of errors into notifications (or a conflict dialog) instead of crashes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer

from agenda.model.errors import ConflictError, MeetingctlError
from meetingctl.secrets import redact

if TYPE_CHECKING:
    from meetingctl.tui.app import MeetingApp

T = TypeVar("T")

#: Rows of labelled fields side by side (dialogs and the Exports screen).
FORM_ROW_CSS = """
    .form-row { height: auto; }
    .form-row Select { width: 1fr; margin: 1 1 0 0; }
    .form-row .field { width: 1fr; height: auto; }
"""


class JobFailed(Message):
    """A worker's service call raised; ``resume`` re-offers the organizer's edit after a reload.

    ``on_error`` may handle the error itself (return True), e.g. a form re-opened with the
    reason; otherwise the app shows a notification, or the conflict dialog for a stale edit.
    """

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
        return cast("MeetingApp", self.app)  # type: ignore[attr-defined]

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
    """Mixin: the errors that worker methods post as :class:`JobFailed` become notifications."""

    if TYPE_CHECKING:  # provided by the Screen this is mixed into

        @property
        def tapp(self) -> MeetingApp: ...

    def on_job_failed(self, message: JobFailed) -> None:
        if message.on_error is not None and message.on_error(message.error):
            return
        self.tapp.report_error(message.error, reload=self.reload, resume=message.resume)

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Read the data again, then call ``then`` (override)."""
        if then is not None:
            then()


class DataScreen(Translated, Jobs, Screen[None]):
    """A main screen: loads its data in a worker and reloads when shown again.

    Screens keep to 80x24 and grow with the terminal.
    """

    DEFAULT_CSS = """
    .section-title { height: 1; padding: 0 1; text-style: bold; background: $boost; }
    """

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
    """A modal dialog with translated strings, centred, in a ``.dialog`` frame."""

    DEFAULT_CSS = (
        """
    .dialog {
        width: 76;
        max-width: 95%;
        height: auto;
        max-height: 95%;
        padding: 0 1;
        border: thick $primary;
        background: $surface;
    }
    Dialog { align: center middle; }
    .dialog-title { text-style: bold; }
    .dialog .buttons { height: auto; margin-top: 1; align-horizontal: right; }
    .dialog .buttons Button { margin-left: 1; }
    .dialog .help { color: $text-muted; }
    .error { color: $error; height: auto; }
    .form Input { margin-bottom: 0; }
    .form Label { color: $text-muted; }
"""
        + FORM_ROW_CSS
        + """
    .dialog.wide { width: 110; }
    """
    )


def describe_error(app: MeetingApp, error: BaseException) -> tuple[str, str]:
    """Message and severity for an error raised by a job."""
    if isinstance(error, ConflictError | MeetingctlError):
        return redact(error), "error"
    return app.i18n.t("error.unexpected", kind=type(error).__name__, message=redact(error)), "error"
