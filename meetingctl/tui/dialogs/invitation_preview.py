"""Preview the invitation (email text and calendar entry) for any person and session."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, Select, Static, TabbedContent, TabPane, TextArea

from meetingctl.services.delivery_views import InvitationPreview
from meetingctl.tui.base import Dialog, JobFailed


class PreviewReady(Message):
    """The email and calendar entry of the chosen person and session."""

    def __init__(self, preview: InvitationPreview) -> None:
        super().__init__()
        self.preview = preview


class PreviewDialog(Dialog[None]):
    """Choose a person and a session; the email and the .ics appear read-only below."""

    DEFAULT_CSS = """
    .preview { height: 90%; }
    .preview TextArea { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "button.cancel")]

    def __init__(
        self, people: Sequence[tuple[str, int]], sessions: Sequence[tuple[str, int]]
    ) -> None:
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
                        list(self.people),
                        id="preview-person",
                        compact=True,
                    )
                with Vertical(classes="field"):
                    yield Label(self.t("assign.session"))
                    yield Select(list(self.sessions), id="preview-session", compact=True)
            with TabbedContent():
                with TabPane(self.t("inv.preview.email"), id="tab-email"):
                    yield TextArea("", id="preview-email", read_only=True)
                with TabPane(self.t("inv.preview.calendar"), id="tab-ics"):
                    yield TextArea("", id="preview-ics", read_only=True)

    def on_select_changed(self, _event: Select.Changed) -> None:
        person = self.query_one("#preview-person", Select).value
        session = self.query_one("#preview-session", Select).value
        if isinstance(person, int) and isinstance(session, int):
            self._preview(person, session)

    @work(thread=True, exit_on_error=False, group="db")
    def _preview(self, person_id: int, session_id: int) -> None:
        try:
            found = self.tapp.context.services.delivery.preview(person_id, str(session_id))
        except Exception as exc:  # noqa: BLE001 - shown as a notification
            self.post_message(JobFailed(exc, None))
            return
        self.post_message(PreviewReady(found))

    @on(PreviewReady)
    def show_preview(self, message: PreviewReady) -> None:
        """Show the email text and the calendar entry."""
        self.query_one("#preview-email", TextArea).load_text(message.preview.text())
        self.query_one("#preview-ics", TextArea).load_text(message.preview.ics)
