"""People screen: a searchable, sortable, filterable table; edit a person; assign to a session
role; change an invitation status; import a file with a preview of its errors."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Select, Static
from textual.widgets.data_table import RowDoesNotExist

from agenda.model.errors import ValidationError
from agenda.model.orm import InvitationStatus, Role
from meetingctl.tui.base import DataScreen
from meetingctl.tui.data import NotAvailableYet, available, people_data
from meetingctl.tui.data.people_data import PersonInput, PersonView
from meetingctl.tui.dialogs.assign import AssignDialog, StatusDialog
from meetingctl.tui.dialogs.import_preview import ImportDialog
from meetingctl.tui.dialogs.person_form import PersonForm
from meetingctl.tui.labels import code_label, codes_label

FILTERS = ("country", "region", "gender", "category", "role", "status")
#: Rows drawn at most; more matches are counted and the organizer narrows the search.
MAX_ROWS = 200
COLUMNS = ("name", "country", "region", "gender", "category", "organization", "role", "status")
#: Cell widths that fit 120 columns (the table scrolls sideways on narrower terminals).
COLUMN_WIDTHS = {
    "name": 20,
    "country": 7,
    "region": 15,
    "gender": 10,
    "category": 14,
    "organization": 15,
    "role": 11,
    "status": 9,
}


def matches(person: PersonView, words: list[str], wanted: dict[str, str]) -> bool:
    """Whether ``person`` passes the search words and the chosen filter values."""
    if any(word not in person.search_text for word in words):
        return False
    for field, value in wanted.items():
        if field == "role":
            if value not in person.roles:
                return False
        elif field == "status":
            if value not in person.statuses:
                return False
        elif getattr(person, field) != value:
            return False
    return True


def sort_key(column: str) -> Callable[[PersonView], Any]:
    """Key function for sorting by a table column."""
    if column == "name":
        return lambda p: (p.family_name.casefold(), p.given_name.casefold(), p.id)
    if column in ("role", "status"):
        return lambda p: (",".join(p.roles if column == "role" else p.statuses), p.id)
    return lambda p: (str(getattr(p, column)).casefold(), p.id)


class PeopleScreen(DataScreen):
    """Everyone in the database, with their roles."""

    MODE = "people"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "key.search", key_display="/"),
        Binding("e", "edit", "key.edit"),
        Binding("a", "assign", "key.assign"),
        Binding("t", "status", "key.status"),
        Binding("i", "import_file", "key.import"),
        Binding("s", "sort", "key.sort"),
        Binding("r", "reload", "key.reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.people: list[PersonView] = []
        self.shown: list[PersonView] = []
        self.sort_column = "name"
        self.sort_reverse = False

    def compose_body(self) -> ComposeResult:
        with Vertical(id="people"):
            yield Input(placeholder=self.t("people.search"), id="people-search", compact=True)
            with Horizontal(id="people-filters"):
                for field in FILTERS:
                    yield Select(
                        [], prompt=self.t(f"col.{field}"), id=f"filter-{field}", compact=True
                    )
            yield DataTable(id="people-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="people-count", markup=False)

    def prepare(self) -> None:
        """Table columns and focus, after every (re)composition."""
        table = self.query_one("#people-table", DataTable)
        for column in COLUMNS:
            # Fixed widths: auto widths were measured too late on the first paint.
            table.add_column(self.t(f"col.{column}"), key=column, width=COLUMN_WIDTHS[column])
        table.focus()

    def reload(self, then: Callable[[], None] | None = None) -> None:
        def loaded(people: list[PersonView]) -> None:
            self.people = people
            self._fill_filters()
            self.apply_filters()
            if then is not None:
                then()

        self.run_job(
            partial(people_data.load_people, self.tapp.context),
            loaded,
            group="load",
            exclusive=True,
        )

    def _fill_filters(self) -> None:
        values: dict[str, set[str]] = {field: set() for field in FILTERS}
        for person in self.people:
            for field in ("country", "region", "gender", "category"):
                if value := getattr(person, field):
                    values[field].add(value)
            values["role"].update(person.roles)
            values["status"].update(person.statuses)
        for field in FILTERS:
            select = self.query_one(f"#filter-{field}", Select)
            current = select.value
            options = sorted(values[field])
            with self.prevent(Select.Changed):
                select.set_options([(self.label(field, value), value) for value in options])
                if current in values[field]:
                    select.value = current

    def label(self, dimension: str, code: str) -> str:
        """A code (gender, category, region, role, status) as the organizer reads it."""
        return code_label(self.tapp.i18n, dimension, code)

    def filter_values(self) -> dict[str, str]:
        """The filters the organizer chose (field -> value)."""
        chosen = {}
        for field in FILTERS:
            value = self.query_one(f"#filter-{field}", Select).value
            if isinstance(value, str):
                chosen[field] = value
        return chosen

    def apply_filters(self) -> None:
        """Show the people matching the search and the filters, in the chosen order."""
        words = self.query_one("#people-search", Input).value.lower().split()
        wanted = self.filter_values()
        shown = [p for p in self.people if matches(p, words, wanted)]
        shown.sort(key=sort_key(self.sort_column), reverse=self.sort_reverse)
        self.shown = shown
        table = self.query_one("#people-table", DataTable)
        selected = self.current()
        table.clear()
        for p in shown[:MAX_ROWS]:
            table.add_row(
                p.name,
                p.country,
                self.label("region", p.region),
                self.label("gender", p.gender),
                self.label("category", p.category),
                p.organization,
                codes_label(self.tapp.i18n, "role", p.roles),
                codes_label(self.tapp.i18n, "status", p.statuses),
                key=str(p.id),
            )
        if selected is not None and any(p.id == selected.id for p in shown[:MAX_ROWS]):
            table.move_cursor(row=table.get_row_index(str(selected.id)))
        count = self.t("people.count", shown=len(shown), total=len(self.people))
        if len(shown) > MAX_ROWS:
            count += " · " + self.t("people.truncated", rows=MAX_ROWS)
        self.query_one("#people-count", Static).update(count)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "people-search":
            self.apply_filters()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "people-search":
            self.query_one("#people-table", DataTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if (event.select.id or "").startswith("filter-"):
            self.apply_filters()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        self.sort_reverse = column == self.sort_column and not self.sort_reverse
        self.sort_column = column
        self.apply_filters()

    def current(self) -> PersonView | None:
        """The person under the cursor."""
        table = self.query_one("#people-table", DataTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except RowDoesNotExist:  # the table is being refilled
            return None
        return next((p for p in self.shown if str(p.id) == key), None)

    # ---- actions ----------------------------------------------------------------------------
    def action_search(self) -> None:
        self.query_one("#people-search", Input).focus()

    def action_sort(self) -> None:
        index = (COLUMNS.index(self.sort_column) + 1) % len(COLUMNS)
        self.sort_column, self.sort_reverse = COLUMNS[index], False
        self.apply_filters()

    def action_reload(self) -> None:
        self.reload()

    def action_edit(self, values: PersonInput | None = None, error: str = "") -> None:
        person = self.current()
        if person is None:
            return
        if not available(people_data.ROSTER, "update_person"):
            self.tapp.report_error(NotAvailableYet("edit_person"))
            return
        target, version = person.id, person.version

        def submitted(result: PersonInput | None) -> None:
            if result is None:
                return
            fresh = next((p for p in self.people if p.id == target), None)
            reopen = partial(self._reopen_edit, target, result)

            def invalid(error: BaseException) -> bool:
                if not isinstance(error, ValidationError):
                    return False
                self.select_person(target)
                self.action_edit(result, error=str(error))  # the form again, with the reason
                return True

            self.run_job(
                partial(
                    people_data.update_person,
                    self.tapp.context,
                    target,
                    fresh.version if fresh else version,
                    result,
                ),
                lambda _none: self._done("person.saved", name=result.given_name),
                resume=reopen,
                on_error=invalid,
            )

        self.app.push_screen(PersonForm(person, values, error=error), submitted)

    def _reopen_edit(self, person_id: int, values: PersonInput) -> None:
        self.select_person(person_id)
        self.action_edit(values)

    def select_person(self, person_id: int) -> None:
        """Move the cursor to ``person_id`` if it is shown."""
        table = self.query_one("#people-table", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(str(person_id)))
        except Exception:  # noqa: BLE001 - filtered out
            pass

    def _done(self, key: str, **values: object) -> None:
        self.notify(self.t(key, **values), timeout=3)
        self.reload()

    def action_assign(self) -> None:
        person = self.current()
        if person is None:
            return

        def chosen(choices: list[tuple[str, int]]) -> None:
            def submitted(result: tuple[int, Role] | None) -> None:
                if result is None:
                    return
                session_id, role = result
                label = next((text for text, sid in choices if sid == session_id), "")
                self.run_job(
                    partial(people_data.assign, self.tapp.context, person.id, session_id, role),
                    lambda _none: self._done(
                        "assign.done",
                        name=person.name,
                        role=self.label("role", role.value),
                        session=label,
                    ),
                )

            self.app.push_screen(AssignDialog(person.name, choices), submitted)

        self.run_job(partial(people_data.session_choices, self.tapp.context, self.lang), chosen)

    def action_status(self) -> None:
        person = self.current()
        if person is None or not person.assignments:
            return

        def submitted(result: tuple[int, int, InvitationStatus] | None) -> None:
            if result is None:
                return
            assignment_id, version, status = result
            self.run_job(
                partial(people_data.set_status, self.tapp.context, assignment_id, version, status),
                lambda _none: self._done(
                    "status.done", name=person.name, status=self.label("status", status.value)
                ),
            )

        self.app.push_screen(StatusDialog(person.name, list(person.assignments)), submitted)

    def action_import_file(self) -> None:
        def finished(count: int | None) -> None:
            if count is not None:
                self._done("import.done", count=count)

        self.app.push_screen(ImportDialog(), finished)
