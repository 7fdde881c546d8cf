"""Choose one of the balance suggestions to apply."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from meetingctl.services.balance import SuggestionView
from meetingctl.tui.base import Dialog


class SuggestionsDialog(Dialog[SuggestionView | None]):
    """Ranked candidates; Enter applies the highlighted one."""

    DEFAULT_CSS = """
    #suggestions { height: 14; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "button.cancel")]

    def __init__(self, session_title: str, candidates: list[SuggestionView]) -> None:
        super().__init__()
        self.session_title = session_title
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(
                self.t("suggest.title", session=self.session_title),
                classes="dialog-title",
                markup=False,
            )
            yield DataTable(id="suggestions", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#suggestions", DataTable)
        for column in ("candidate", "role", "action", "score"):
            table.add_column(self.t(f"col.{column}"), key=column)
        for index, s in enumerate(self.candidates):
            table.add_row(s.name, s.role, s.action, f"{s.score:.2f}", key=str(index))
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(self.candidates[event.cursor_row])
