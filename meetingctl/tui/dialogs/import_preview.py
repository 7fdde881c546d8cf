"""Import people: read the file, preview its rows and errors, and only then commit (the same
use case as `meetingctl people import`: :meth:`PeopleService.import_file`)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Static

from meetingctl.services.people_import import ImportRequest, ImportResult
from meetingctl.tui.base import Dialog, JobFailed


class ImportPreviewed(Message):
    """A dry run of the file finished: what it would import and every rejected cell."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__()
        self.result = result


class ImportCommitted(Message):
    """The file was imported: ``count`` people written."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count


class ImportDialog(Dialog[int | None]):
    """Path -> preview (valid rows and every rejected cell with its reason) -> import.

    Nothing is written before the organizer presses Import; with errors, Import needs
    "skip invalid rows". Dismisses with the number imported, or None.
    """

    DEFAULT_CSS = """
    #import-errors { height: 12; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "button.cancel")]

    def __init__(self) -> None:
        super().__init__()
        self.previewed: ImportResult | None = None

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
        """Dry-run the file in a worker; nothing is written."""
        path = self.query_one("#import-path", Input).value.strip()
        if path:
            self._preview(Path(path).expanduser(), self.lang)

    @work(thread=True, exit_on_error=False, group="db")
    def _preview(self, path: Path, lang: str) -> None:
        try:
            result = self.tapp.context.services.people.preview_import(path, lang=lang)
        except BaseException as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
        else:
            self.post_message(ImportPreviewed(result))

    def on_import_previewed(self, message: ImportPreviewed) -> None:
        """Show the counts and every rejected cell with its reason."""
        result = self.previewed = message.result
        self.query_one("#import-summary", Static).update(
            self.t(
                "import.summary",
                rows=self.tapp.i18n.plural("count.valid_rows", result.valid_rows),
                errors=self.tapp.i18n.plural("count.errors", len(result.errors)),
                rejected=self.tapp.i18n.plural("count.rows", result.rejected_rows),
            )
        )
        table = self.query_one("#import-errors", DataTable)
        table.clear()
        for issue in [*result.errors, *result.warnings]:
            table.add_row(str(issue.row), issue.column or "", issue.message)
        self.query_one("#commit", Button).disabled = not result.valid_rows

    def commit(self) -> None:
        """Import the previewed file (refused while errors remain unless skipping them)."""
        if self.previewed is None:
            return
        skip = self.query_one("#import-skip", Checkbox).value
        if self.previewed.errors and not skip:
            self.notify(self.t("import.blocked"), severity="warning")
            return
        request = ImportRequest(
            self.previewed.path, skip_invalid=skip, write_rejects=False, lang=self.lang
        )
        self._commit(request)

    @work(thread=True, exit_on_error=False, group="db")
    def _commit(self, request: ImportRequest) -> None:
        try:
            result = self.tapp.context.services.people.import_file(request)
        except BaseException as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
        else:
            self.post_message(ImportCommitted(result.written))

    def on_import_committed(self, message: ImportCommitted) -> None:
        self.dismiss(message.count)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "preview":
            self.preview()
        elif event.button.id == "commit":
            self.commit()
        else:
            self.dismiss(None)
