"""Import people: read the file, preview its rows and errors, and only then commit."""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Static

from meetingctl.tui.base import Dialog
from meetingctl.tui.data import people_data


class ImportDialog(Dialog[int | None]):
    """Path -> preview (valid rows and every rejected cell with its reason) -> import.

    Nothing is written before the organizer presses Import; with errors, Import needs
    "skip invalid rows". Dismisses with the number imported, or None.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "button.cancel")]

    def __init__(self) -> None:
        super().__init__()
        self.parsed: Any = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(self.t("import.title"), classes="dialog-title")
            yield Label(self.t("import.path"))
            yield Input(id="import-path")
            yield Static("", id="import-summary", markup=False)
            yield DataTable(id="import-errors", cursor_type="row")
            yield Checkbox(self.t("import.skip_invalid"), id="import-skip")
            with Horizontal(classes="buttons"):
                yield Button(self.t("button.preview"), id="preview")
                yield Button(self.t("button.commit"), id="commit", variant="primary", disabled=True)
                yield Button(self.t("button.cancel"), id="cancel")

    def on_mount(self) -> None:
        table = self.query_one("#import-errors", DataTable)
        for column in ("row", "column", "reason"):
            table.add_column(self.t(f"col.{column}"), key=column)
        self.query_one("#import-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.preview()

    def preview(self) -> None:
        """Read the file in a worker; nothing is written."""
        path = self.query_one("#import-path", Input).value.strip()
        if path:
            self.run_job(partial(people_data.preview_import, path), self.show_preview)

    def show_preview(self, parsed: Any) -> None:
        """Show the counts and every rejected cell with its reason."""
        self.parsed = parsed
        errors = list(parsed.errors)
        self.query_one("#import-summary", Static).update(
            self.t(
                "import.summary",
                rows=self.tapp.i18n.plural("count.valid_rows", len(parsed.rows)),
                errors=self.tapp.i18n.plural("count.errors", len(errors)),
                rejected=self.tapp.i18n.plural("count.rows", len(parsed.rejected_rows)),
            )
        )
        table = self.query_one("#import-errors", DataTable)
        table.clear()
        for error in [*errors, *parsed.warnings]:
            table.add_row(str(error.row), error.column or "", error.message(self.lang))
        self.query_one("#commit", Button).disabled = not parsed.rows

    def commit(self) -> None:
        """Write the previewed rows (refused while errors remain unless skipping them)."""
        if self.parsed is None:
            return
        skip = self.query_one("#import-skip", Checkbox).value
        if self.parsed.errors and not skip:
            self.notify(self.t("import.blocked"), severity="warning")
            return
        self.run_job(
            partial(people_data.commit_import, self.tapp.context, self.parsed),
            self.dismiss,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "preview":
            self.preview()
        elif event.button.id == "commit":
            self.commit()
        else:
            self.dismiss(None)
