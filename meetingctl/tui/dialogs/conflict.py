"""The dialog shown when another organizer changed a row first (a stale version)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from meetingctl.tui.base import Dialog


class ConflictDialog(Dialog[str]):
    """Explain the conflict; dismisses with "reload" (show their change) or "keep"."""

    DEFAULT_CSS = """
    .conflict { border: thick $warning; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss('keep')", "button.keep"),
        Binding("r", "dismiss('reload')", "button.reload"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog conflict"):
            yield Static(self.t("conflict.title"), classes="dialog-title")
            yield Static(self.t("conflict.body", message=self.message), markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.t("button.reload"), id="reload", variant="primary")
                yield Button(self.t("button.keep"), id="keep")

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "keep")
