"""Preview the invitation (email text and calendar entry) for any person and session."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select, Static, TabbedContent, TabPane, TextArea

from meetingctl.tui.base import Dialog
from meetingctl.tui.data import outbox_data
from meetingctl.tui.data.people_data import PersonView


class PreviewDialog(Dialog[None]):
    """Choose a person and a session; the email and the .ics appear read-only below."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "button.cancel")]

    def __init__(self, people: list[PersonView], sessions: list[tuple[str, int]]) -> None:
        super().__init__()
        self.people = people
        self.sessions = sessions

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide preview"):
            yield Static(self.t("inv.preview.title"), classes="dialog-title")
            with Horizontal(classes="form-row"):
                with Vertical(classes="field"):
                    yield Label(self.t("inv.preview.person"))
                    yield Select(
                        [(f"{p.name} ({p.country or '-'})", p.id) for p in self.people],
                        id="preview-person",
                        compact=True,
                    )
                with Vertical(classes="field"):
                    yield Label(self.t("assign.session"))
                    yield Select(self.sessions, id="preview-session", compact=True)
            with TabbedContent():
                with TabPane(self.t("inv.preview.email"), id="tab-email"):
                    yield TextArea("", id="preview-email", read_only=True)
                with TabPane(self.t("inv.preview.calendar"), id="tab-ics"):
                    yield TextArea("", id="preview-ics", read_only=True)

    def on_select_changed(self, _event: Select.Changed) -> None:
        person = self.query_one("#preview-person", Select).value
        session = self.query_one("#preview-session", Select).value
        if isinstance(person, int) and isinstance(session, int):
            self.run_job(
                partial(outbox_data.preview_invitation, self.tapp.context, person, session),
                self.show_preview,
            )

    def show_preview(self, result: tuple[str, str]) -> None:
        """Show the email text and the calendar entry."""
        self.query_one("#preview-email", TextArea).load_text(result[0])
        self.query_one("#preview-ics", TextArea).load_text(result[1])
