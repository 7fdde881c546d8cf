"""Round tables screen: objectives x round tables matrix with coverage; toggle objectives
(through :class:`meetingctl.services.programme.ProgrammeService`); moderators and speakers per
table, assigned through :class:`meetingctl.services.people.PeopleService`."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Static

from agenda import reference
from agenda.model.enums import SPEAKER_ROLES, Role, SessionKind
from meetingctl.services.people_views import PersonView
from meetingctl.services.programme_views import AgendaView, SessionChanges, SessionView
from meetingctl.tui.base import DataScreen, JobFailed
from meetingctl.tui.dialogs.person_picker import PersonPicker
from meetingctl.tui.labels import code_label

COVERAGE_WORDS = ("coverage", "objective")


class RoundTablesLoaded(Message):
    """The programme was read; ``then`` runs after it is drawn."""

    def __init__(self, view: AgendaView, then: Callable[[], None] | None) -> None:
        super().__init__()
        self.view = view
        self.then = then


class ObjectiveToggled(Message):
    """An objective was added to or removed from a round table (``key`` says which)."""

    def __init__(self, key: str, number: int, title: str) -> None:
        super().__init__()
        self.key = key
        self.number = number
        self.title = title


class PickerPeopleLoaded(Message):
    """The people to choose a ``role`` for ``session`` from were read."""

    def __init__(self, session: SessionView, role: Role, people: tuple[PersonView, ...]) -> None:
        super().__init__()
        self.session = session
        self.role = role
        self.people = people


class StaffAssigned(Message):
    """A person was given a role in a round table (the notification's values)."""

    def __init__(self, values: dict[str, object]) -> None:
        super().__init__()
        self.values = values


class RoundTablesScreen(DataScreen):
    """Which round table discusses which GCM objective, and who speaks."""

    DEFAULT_CSS = """
    #rt { height: 1fr; }
    #rt-matrix { width: 2fr; height: 1fr; }
    #rt-staff {
        width: 1fr;
        max-width: 48;
        height: 1fr;
        padding: 0 1;
        border-left: solid $primary-darken-2;
    }
    #rt-findings { height: auto; max-height: 6; padding: 0 1; }
    """

    MODE = "round_tables"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_objective", "key.toggle_objective", key_display="space"),
        Binding("m", "assign('moderator')", "key.moderator"),
        Binding("k", "assign('panellist')", "key.speaker"),
        Binding("r", "reload", "key.reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: AgendaView | None = None
        self.tables: list[SessionView] = []
        self._drawn_width: int | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="rt"):
            yield DataTable(id="rt-matrix", cursor_type="cell")
            yield Static("", id="rt-staff", markup=False)
        yield Static("", id="rt-findings", markup=False)

    def prepare(self) -> None:
        """Table columns and focus, after every (re)composition."""
        self.query_one("#rt-matrix", DataTable).focus()

    def reload(self, then: Callable[[], None] | None = None) -> None:
        self._load(then)

    @work(thread=True, exit_on_error=False, group="load", exclusive=True)
    def _load(self, then: Callable[[], None] | None) -> None:
        try:
            view = self.tapp.context.services.programme.agenda()
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
            return
        self.post_message(RoundTablesLoaded(view, then))

    def on_round_tables_loaded(self, message: RoundTablesLoaded) -> None:
        self.show(message.view)
        if message.then is not None:
            message.then()

    def show(self, view: AgendaView) -> None:
        """Draw the matrix: one row per objective, one column per round table."""
        self.view = view
        self.tables = [s for s in view.sessions if s.kind == SessionKind.ROUND_TABLE]
        table = self.query_one("#rt-matrix", DataTable)
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column(self.t("rt.objective"), key="objective")
        for index, session in enumerate(self.tables, start=1):
            table.add_column(f"RT{session.thematic_area or index}", key=str(session.id))
        table.add_column(self.t("rt.count"), key="count")
        label_width = self._drawn_width = self._label_width()
        for objective in reference.objectives():
            number = objective.number
            title = objective.title_es if self.lang == "es" else objective.title_en
            marks = [
                Text("●", style="bold green") if number in s.objectives else Text("·")
                for s in self.tables
            ]
            count = sum(1 for s in self.tables if number in s.objectives)
            table.add_row(f"{number:>2} {title[:label_width]}", *marks, str(count), key=str(number))
        if self.tables:
            table.cursor_coordinate = cursor if cursor.column else cursor._replace(column=1)
        self._show_staff()
        coverage = [
            f for f in view.findings or () if any(word in f.rule_id for word in COVERAGE_WORDS)
        ]
        lines = [f"{'✖' if f.severity == 'error' else '⚠'} {f.text(self.lang)}" for f in coverage]
        if view.findings is None:
            lines = [self.t("agenda.checks_unavailable")]
        elif not self.tables:
            lines = [self.t("rt.none")]
        self.query_one("#rt-findings", Static).update("\n".join(lines[:6]))

    def _label_width(self) -> int:
        """Objective titles get 34 characters on a wide terminal, 14 on a narrow one. The app's
        size, not the screen's: a screen drawn before its first layout has no size yet (the
        titles were cut to 14 characters at 120 columns when the data arrived first)."""
        return 34 if self.app.size.width >= 110 else 14

    def on_resize(self) -> None:
        """Redraw when the terminal crosses the wide/narrow threshold."""
        if self.view is not None and self._label_width() != self._drawn_width:
            self.show(self.view)

    def current_table(self) -> SessionView | None:
        """The round table of the cursor's column (None on the first/last column)."""
        table = self.query_one("#rt-matrix", DataTable)
        column = table.cursor_coordinate.column - 1
        return self.tables[column] if 0 <= column < len(self.tables) else None

    def current_objective(self) -> int:
        return self.query_one("#rt-matrix", DataTable).cursor_coordinate.row + 1

    def _show_staff(self) -> None:
        session = self.current_table()
        staff = self.query_one("#rt-staff", Static)
        if session is None:
            staff.update(self.t("rt.staff"))
            return
        lines = [session.title(self.lang), ""]
        moderators = [r for r in session.roles if r.role == Role.MODERATOR.value]
        if not moderators:
            lines.append(f"⚠ {self.t('rt.moderator_missing')}")
        for role in session.roles:
            if role.role == Role.MODERATOR.value or Role(role.role) in SPEAKER_ROLES:
                i18n = self.tapp.i18n
                status = code_label(i18n, "status", role.status)
                lines.append(
                    f"{code_label(i18n, 'role', role.role)}: {role.name}"
                    f" ({role.country or '-'}) · {status}"
                )
        staff.update("\n".join(lines))

    def on_data_table_cell_highlighted(self, _event: DataTable.CellHighlighted) -> None:
        self._show_staff()

    def action_toggle_objective(self) -> None:
        session = self.current_table()
        if session is None:
            return
        number = self.current_objective()
        wanted = set(session.objectives) ^ {number}
        key = "rt.objective_added" if number in wanted else "rt.objective_removed"
        toggled = ObjectiveToggled(key, number, session.title(self.lang))
        self._set_objectives(session, tuple(sorted(wanted)), toggled)

    @work(thread=True, exit_on_error=False, group="db")
    def _set_objectives(
        self, session: SessionView, objectives: tuple[int, ...], toggled: ObjectiveToggled
    ) -> None:
        try:
            self.tapp.context.services.programme.edit_session(
                session.id, SessionChanges(objectives=objectives), expected_version=session.version
            )
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
            return
        self.post_message(toggled)

    def on_objective_toggled(self, message: ObjectiveToggled) -> None:
        self._changed(message.key, n=message.number, title=message.title)

    def _changed(self, key: str, **values: object) -> None:
        self.notify(self.t(key, **values), timeout=2)
        self.reload()

    def action_assign(self, role: str) -> None:
        session = self.current_table()
        if session is not None:
            self._load_people(session, Role(role))

    @work(thread=True, exit_on_error=False, group="db")
    def _load_people(self, session: SessionView, role: Role) -> None:
        try:
            people = self.tapp.context.services.people.list_people()
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
            return
        self.post_message(PickerPeopleLoaded(session, role, people))

    def on_picker_people_loaded(self, message: PickerPeopleLoaded) -> None:
        session, role = message.session, message.role

        def picked(person: tuple[int, str] | None) -> None:
            if person is None:
                return
            person_id, name = person
            notice: dict[str, object] = {
                "name": name,
                "role": code_label(self.tapp.i18n, "role", role.value),
                "session": session.title(self.lang),
            }
            self._assign(person_id, session.id, role, notice)

        self.app.push_screen(PersonPicker(list(message.people)), picked)

    @work(thread=True, exit_on_error=False, group="db")
    def _assign(
        self, person_id: int, session_id: int, role: Role, notice: dict[str, object]
    ) -> None:
        try:
            self.tapp.context.services.people.assign(person_id, session_id, role)
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
            return
        self.post_message(StaffAssigned(notice))

    def on_staff_assigned(self, message: StaffAssigned) -> None:
        self._changed("assign.done", **message.values)

    def action_reload(self) -> None:
        self.reload()
