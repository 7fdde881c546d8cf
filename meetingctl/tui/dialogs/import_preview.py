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
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Select, Static

from agenda.i18n.catalog import tr
from agenda.people.unknowns import ValueMap, value_choices
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
    #import-unknowns { height: auto; max-height: 12; }
    #import-unknowns Horizontal { height: auto; }
    #import-unknowns Label { width: 1fr; padding: 1 1 0 0; }
    #import-unknowns Select { width: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "button.cancel")]

    def __init__(self) -> None:
        super().__init__()
        self.previewed: ImportResult | None = None
        #: Values the organizer picked for unknown ones: select id -> (field, folded value).
        self.unknown_of: dict[str, tuple[str, str]] = {}
        self.picks: ValueMap = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(self.t("import.title"), classes="dialog-title")
            yield Label(self.t("import.path"))
            yield Input(id="import-path")
            yield Static("", id="import-summary", markup=False)
            yield DataTable(id="import-errors", cursor_type="row")
            yield Vertical(id="import-unknowns")
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
            people = self.tapp.context.services.people
            result = people.preview_import(path, lang=lang, values=self.picks)
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
        self._show_unknowns(result)

    def _show_unknowns(self, result: ImportResult) -> None:
        """One line per distinct unreadable value (with its row count) and a list to pick
        the value it means; the picks apply on the next preview and on Import, and are stored
        for the meeting."""
        box = self.query_one("#import-unknowns", Vertical)
        box.remove_children()
        self.unknown_of = {}
        if not result.unknown_values:
            return
        box.mount(Label(tr(self.lang, "Values that cannot be read: pick what each one means")))
        for number, item in enumerate(result.unknown_values):
            select_id = f"unknown-{number}"
            self.unknown_of[select_id] = (item.field, item.key)
            text = tr(self.lang, "{field} {value!r} x {count}").format(
                field=item.field, value=item.value, count=item.count
            )
            options = value_choices(item.field, self.lang, item.suggestions)
            box.mount(Horizontal(Label(text, markup=False), Select(options, id=select_id)))

    def on_select_changed(self, event: Select.Changed) -> None:
        """Remember the value picked for an unknown one."""
        target = self.unknown_of.get(event.select.id or "")
        if target is None:
            return
        event.stop()
        field, key = target
        if isinstance(event.value, str):
            self.picks.setdefault(field, {})[key] = event.value
        else:
            self.picks.get(field, {}).pop(key, None)
        self.preview()  # the counts and errors as they are with the picks

    def commit(self) -> None:
        """Import the previewed file (refused while errors remain unless skipping them)."""
        if self.previewed is None:
            return
        skip = self.query_one("#import-skip", Checkbox).value
        if self.previewed.errors and not skip:
            self.notify(self.t("import.blocked"), severity="warning")
            return
        request = ImportRequest(
            self.previewed.path,
            skip_invalid=skip,
            write_rejects=False,
            lang=self.lang,
            values=self.picks or None,
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
