"""People screen: a searchable, sortable, filterable table; edit a person; assign to a session
role; change an invitation status; import a file with a preview of its errors."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static
from textual.widgets.data_table import RowDoesNotExist

from agenda.model.enums import InvitationStatus, Role
from agenda.model.errors import ValidationError
from meetingctl.services.people_views import PersonFields, PersonView, SessionChoice
from meetingctl.tui.base import DataScreen, JobFailed
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


class PeopleLoaded(Message):
    """The people list was read; ``then`` runs after the table is filled."""

    def __init__(self, people: tuple[PersonView, ...], then: Callable[[], None] | None) -> None:
        super().__init__()
        self.people = people
        self.then = then


class SessionsLoaded(Message):
    """The sessions ``person`` can be assigned to."""

    def __init__(self, person: PersonView, choices: tuple[SessionChoice, ...]) -> None:
        super().__init__()
        self.person = person
        self.choices = choices


class PeopleChanged(Message):
    """A change was saved: notify with the i18n ``key`` and ``values``, then reload."""

    def __init__(self, key: str, values: dict[str, object]) -> None:
        super().__init__()
        self.key = key
        self.values = values


class PersonInvalid(Message):
    """The person form's values were refused: show the form again with the reason."""

    def __init__(self, person_id: int, values: PersonFields, error: str) -> None:
        super().__init__()
        self.person_id = person_id
        self.values = values
        self.error = error


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

    DEFAULT_CSS = """
    #people { height: 1fr; }
    #people-filters { height: 1; }
    #people-filters Select { width: 1fr; margin-right: 1; }
    #people-table { height: 1fr; }
    #people-count { height: 1; padding: 0 1; color: $text-muted; }
    """

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
        self._load(then)

    @work(thread=True, exit_on_error=False, group="load", exclusive=True)
    def _load(self, then: Callable[[], None] | None) -> None:
        try:
            people = self.tapp.context.services.people.list_people()
        except BaseException as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
        else:
            self.post_message(PeopleLoaded(people, then))

    def on_people_loaded(self, message: PeopleLoaded) -> None:
        self.people = list(message.people)
        self._fill_filters()
        self.apply_filters()
        if message.then is not None:
            message.then()

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

    def action_edit(self, values: PersonFields | None = None, error: str = "") -> None:
        person = self.current()
        if person is None:
            return
        target, version = person.id, person.version

        def submitted(result: PersonFields | None) -> None:
            if result is None:
                return
            fresh = next((p for p in self.people if p.id == target), None)
            self._save_person(target, fresh.version if fresh else version, result)

        self.app.push_screen(PersonForm(person, values, error=error), submitted)

    @work(thread=True, exit_on_error=False, group="db")
    def _save_person(self, person_id: int, version: int, values: PersonFields) -> None:
        try:
            self.tapp.context.services.people.edit_person(person_id, values, version)
        except ValidationError as exc:
            self.post_message(PersonInvalid(person_id, values, str(exc)))
        except BaseException as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, partial(self._reopen_edit, person_id, values)))
        else:
            self.post_message(PeopleChanged("person.saved", {"name": values.given_name}))

    def on_person_invalid(self, message: PersonInvalid) -> None:
        self.select_person(message.person_id)
        self.action_edit(message.values, error=message.error)  # the form again, with the reason

    def _reopen_edit(self, person_id: int, values: PersonFields) -> None:
        self.select_person(person_id)
        self.action_edit(values)

    def select_person(self, person_id: int) -> None:
        """Move the cursor to ``person_id`` if it is shown."""
        table = self.query_one("#people-table", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(str(person_id)))
        except Exception:  # noqa: BLE001 - filtered out
            pass

    def on_people_changed(self, message: PeopleChanged) -> None:
        self.notify(self.t(message.key, **message.values), timeout=3)
        self.reload()

    def action_assign(self) -> None:
        person = self.current()
        if person is not None:
            self._load_sessions(person, self.lang)

    @work(thread=True, exit_on_error=False, group="db")
    def _load_sessions(self, person: PersonView, lang: str) -> None:
        try:
            choices = self.tapp.context.services.people.session_choices(lang)
        except BaseException as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
        else:
            self.post_message(SessionsLoaded(person, choices))

    def on_sessions_loaded(self, message: SessionsLoaded) -> None:
        person = message.person
        choices = [(c.label, c.session_id) for c in message.choices]

        def submitted(result: tuple[int, Role] | None) -> None:
            if result is None:
                return
            session_id, role = result
            label = next((text for text, sid in choices if sid == session_id), "")
            notice = {"name": person.name, "role": self.label("role", role.value), "session": label}
            self._assign(person.id, session_id, role, notice)

        self.app.push_screen(AssignDialog(person.name, choices), submitted)

    @work(thread=True, exit_on_error=False, group="db")
    def _assign(
        self, person_id: int, session_id: int, role: Role, notice: dict[str, object]
    ) -> None:
        try:
            self.tapp.context.services.people.assign(person_id, session_id, role)
        except BaseException as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
        else:
            self.post_message(PeopleChanged("assign.done", notice))

    def action_status(self) -> None:
        person = self.current()
        if person is None or not person.assignments:
            return

        def submitted(result: tuple[int, int, InvitationStatus] | None) -> None:
            if result is None:
                return
            assignment_id, version, status = result
            notice = {"name": person.name, "status": self.label("status", status.value)}
            self._set_status(assignment_id, version, status, self.lang, notice)

        self.app.push_screen(StatusDialog(person.name, list(person.assignments)), submitted)

    @work(thread=True, exit_on_error=False, group="db")
    def _set_status(
        self,
        assignment_id: int,
        version: int,
        status: InvitationStatus,
        lang: str,
        notice: dict[str, object],
    ) -> None:
        people = self.tapp.context.services.people
        try:
            people.change_status(assignment_id, status, expected_version=version, lang=lang)
        except BaseException as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
        else:
            self.post_message(PeopleChanged("status.done", notice))

    def action_import_file(self) -> None:
        def finished(count: int | None) -> None:
            if count is not None:
                self.notify(self.t("import.done", count=count), timeout=3)
                self.reload()

        self.app.push_screen(ImportDialog(), finished)
