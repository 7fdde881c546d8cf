"""A one-line prompt (used for the display time zone and file paths)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from agenda.model.errors import MeetingctlError
from meetingctl.tui.base import Dialog


class PromptDialog(Dialog[str | None]):
    """Ask for one value; ``validate`` may raise MeetingctlError (shown under the field)
    or return the cleaned value. Dismisses with None on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "button.cancel")]

    def __init__(
        self,
        title: str,
        help_text: str,
        initial: str = "",
        validate: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.help_text = help_text
        self.initial = initial
        self.validate = validate

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.help_text, classes="help", markup=False)
            yield Input(self.initial, id="prompt-input")
            yield Static("", id="prompt-error", classes="error", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if self.validate is not None and value:
            try:
                value = self.validate(value)
            except MeetingctlError as exc:
                self.query_one("#prompt-error", Static).update(str(exc))
                return
        self.dismiss(value)
