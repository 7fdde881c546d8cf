"""A yes/no confirmation dialog."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from meetingctl.tui.base import Dialog


class ConfirmDialog(Dialog[bool]):
    """Ask a question; dismisses with True (yes) or False (no, Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(False)", "button.cancel"),
        Binding("y", "dismiss(True)", "button.yes", show=False),
        Binding("n", "dismiss(False)", "button.no", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.t("button.yes"), id="yes", variant="error")
                yield Button(self.t("button.no"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")


class PublishDialog(Dialog[str | None]):
    """Confirm publication with an optional note; dismisses with the note, or None (cancel)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "button.cancel"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question", markup=False)
            yield Static(self.t("publish.note"))
            yield Input(id="publish-note", compact=True)
            with Horizontal(classes="buttons"):
                yield Button(self.t("button.yes"), id="yes", variant="error")
                yield Button(self.t("button.no"), id="no")

    def on_mount(self) -> None:
        self.query_one("#publish-note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "yes":
            self.dismiss(self.query_one("#publish-note", Input).value.strip())
        else:
            self.dismiss(None)
