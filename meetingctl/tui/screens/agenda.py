"""Agenda screen: the days as tabs, the sessions in a grid with tracks, check findings, and
create / edit / move / resize / duplicate / delete / publish through
:class:`meetingctl.services.programme.ProgrammeService` (called from worker threads)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static, Tab, Tabs
from textual.widgets.data_table import RowDoesNotExist

from agenda.programme.reading import kind_label
from agenda.time.zones import to_zone, utc_offset_label
from meetingctl.services.programme_views import AgendaView, FindingView, SessionView
from meetingctl.tui.base import DataScreen, JobFailed
from meetingctl.tui.labels import code_label
from meetingctl.tui.screens.agenda_actions import ALL, AgendaActions


class AgendaLoaded(Message):
    """The programme was read; ``then`` runs after it is shown (e.g. a resumed edit)."""

    def __init__(self, view: AgendaView, then: Callable[[], None] | None) -> None:
        super().__init__()
        self.view = view
        self.then = then


def severity_marks(findings: list[FindingView]) -> Text:
    """'✖ 2 ⚠ 1' style cell for a session's findings."""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    text = Text()
    if errors:
        text.append(f"✖ {errors} ", style="bold red")
    if warnings:
        text.append(f"⚠ {warnings}", style="yellow")
    return text


class AgendaScreen(AgendaActions, DataScreen):
    """The programme, day by day."""

    DEFAULT_CSS = """
    #agenda { height: 1fr; }
    #agenda-header { height: 2; padding: 0 1; color: $text; text-style: bold; }
    #days { height: 2; }
    #sessions { height: 1fr; }
    #session-details {
        height: auto;
        max-height: 7;
        padding: 0 1;
        border-top: solid $primary-darken-2;
    }
    #checks-summary { height: 1; padding: 0 1; color: $text-muted; }
    """

    MODE = "agenda"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "key.new"),
        Binding("e", "edit", "key.edit"),
        Binding("comma", "move(-5)", "key.earlier5", key_display=","),
        Binding("full_stop", "move(5)", "key.later5", key_display="."),
        Binding("less_than_sign", "move(-15)", "key.earlier15", key_display="<"),
        Binding("greater_than_sign", "move(15)", "key.later15", key_display=">"),
        Binding("minus", "resize(-5)", "key.shorter", key_display="-"),
        Binding("plus,equals_sign", "resize(5)", "key.longer", key_display="+"),
        Binding("d", "duplicate", "key.duplicate"),
        Binding("delete,x", "delete", "key.delete", key_display="del"),
        Binding("z", "zone", "key.zone"),
        Binding("p", "publish", "key.publish"),
        Binding("left_square_bracket", "day(-1)", "key.prev_day", key_display="[", show=False),
        Binding("right_square_bracket", "day(1)", "key.next_day", key_display="]", show=False),
        Binding("r", "reload", "key.reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: AgendaView | None = None
        self.display_zone: str | None = None
        self.selected_id: int | None = None
        self.day_tab = ALL

    def compose_body(self) -> ComposeResult:
        with Vertical(id="agenda"):
            yield Static(self.t("loading"), id="agenda-header", markup=False)
            yield Tabs(id="days")
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            yield Static("", id="session-details", markup=False)
            yield Static("", id="checks-summary", markup=False)

    def prepare(self) -> None:
        """Table columns and focus, after every (re)composition."""
        table = self.query_one("#sessions", DataTable)
        table.focus()

    # ---- data -------------------------------------------------------------------------------
    def reload(self, then: Callable[[], None] | None = None) -> None:
        self._load(then)

    @work(thread=True, exit_on_error=False, group="load", exclusive=True)
    def _load(self, then: Callable[[], None] | None) -> None:
        try:
            view = self.tapp.context.services.programme.agenda()
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
            return
        self.post_message(AgendaLoaded(view, then))

    def on_agenda_loaded(self, message: AgendaLoaded) -> None:
        self.show(message.view)
        if message.then is not None:
            message.then()

    @property
    def zone_name(self) -> str:
        assert self.view is not None
        return self.display_zone or self.view.home_tz

    def show(self, view: AgendaView) -> None:
        """Render a freshly loaded programme, keeping the selected session and day."""
        self.view = view
        sample = view.sessions[0].start if view.sessions else None
        home = view.home_tz
        title = view.title(self.lang)
        width = max(20, self.size.width - 2)
        if len(title) > width:
            title = title[: width - 1] + "…"
        header = f"{title}\n{self.t('agenda.home_zone')}: {home}"
        if sample is not None:
            header += f" ({utc_offset_label(sample, home)})"
        if self.display_zone and self.display_zone != home:
            offset = f" ({utc_offset_label(sample, self.display_zone)})" if sample else ""
            header += f"  ·  {self.t('agenda.display_zone')}: {self.display_zone}{offset}"
        self.query_one("#agenda-header", Static).update(header)
        self._show_tabs(view)
        self._fill_table()
        self._show_summary()

    def _show_tabs(self, view: AgendaView) -> None:
        tabs = self.query_one("#days", Tabs)
        wanted = [(ALL, self.t("agenda.all_days"))]
        if any(s.day < 1 for s in view.sessions):
            wanted.append(("day-0", self.t("agenda.before")))
        wanted += [(f"day-{n}", self.t("agenda.day", n=n)) for n in range(1, view.days + 1)]
        existing = [tab.id for tab in tabs.query(Tab)]
        if existing != [tab_id for tab_id, _ in wanted]:
            tabs.clear()
            for tab_id, label in wanted:
                tabs.add_tab(Tab(label, id=tab_id))
        if self.day_tab not in {tab_id for tab_id, _ in wanted}:
            self.day_tab = ALL
        tabs.active = self.day_tab

    def visible_sessions(self) -> list[SessionView]:
        """Sessions of the selected day tab."""
        if self.view is None:
            return []
        if self.day_tab == ALL:
            return list(self.view.sessions)
        day = int(self.day_tab.removeprefix("day-"))
        return [s for s in self.view.sessions if (s.day if s.day >= 1 else 0) == day]

    def _fill_table(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.clear(columns=True)
        table.add_column(self.t("agenda.col.time"), key="time")
        table.add_column(self.t("agenda.col.checks"), key="checks")
        table.add_column(self.t("agenda.col.track"), key="track")
        table.add_column(self.t("agenda.col.title"), key="title")
        table.add_column(self.t("agenda.col.people"), key="people")
        table.add_column(self.t("agenda.col.kind"), key="kind")
        assert self.view is not None
        zone_name = self.zone_name
        title_width = max(20, self.size.width - 50)
        for s in self.visible_sessions():
            start, end = to_zone(s.start, zone_name), to_zone(s.end, zone_name)
            prefix = f"{start:%d/%m} " if self.day_tab in (ALL, "day-0") else ""
            title = s.title(self.lang)
            if len(title) > title_width:
                title = title[: title_width - 1] + "…"
            table.add_row(
                f"{prefix}{start:%H:%M}–{end:%H:%M}",
                severity_marks(self.view.findings_for(s.id)),
                s.track or "·",
                title,
                str(len(s.roles)),
                kind_label(s.kind, self.lang),
                key=str(s.id),
            )
        if self.selected_id is not None:
            try:
                table.move_cursor(row=table.get_row_index(str(self.selected_id)))
            except Exception:  # noqa: BLE001 - the session is on another day or gone
                pass
        self._show_details()

    def _show_summary(self) -> None:
        assert self.view is not None
        summary = self.query_one("#checks-summary", Static)
        findings = self.view.findings
        if findings is None:
            summary.update(self.t("agenda.checks_unavailable"))
        elif not findings:
            summary.update(self.t("agenda.checks_clean"))
        else:
            errors = sum(1 for f in findings if f.severity == "error")
            summary.update(
                self.t(
                    "agenda.checks_count",
                    errors=self.tapp.i18n.plural("count.errors", errors),
                    warnings=self.tapp.i18n.plural("count.warnings", len(findings) - errors),
                )
            )

    def current(self) -> SessionView | None:
        """The session under the cursor."""
        table = self.query_one("#sessions", DataTable)
        if self.view is None or table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except RowDoesNotExist:  # the table is being refilled
            return None
        return self.view.session(int(key)) if key else None

    def _show_details(self) -> None:
        details = self.query_one("#session-details", Static)
        session = self.current()
        if session is None or self.view is None:
            details.update(
                self.t("agenda.no_sessions") if self.view and not self.view.sessions else ""
            )
            return
        lines = [f"#{session.id} {session.title(self.lang)}  ({session.minutes} min)"]
        if session.objectives:
            numbers = ", ".join(str(n) for n in session.objectives)
            lines.append(f"{self.t('agenda.objectives')}: {numbers}")
        if session.roles:
            i18n = self.tapp.i18n
            lines.append(
                f"{self.t('agenda.roles')}: "
                + "; ".join(
                    f"{code_label(i18n, 'role', r.role)}: {r.name} ({r.country or '-'}, "
                    f"{code_label(i18n, 'status', r.status)})"
                    for r in session.roles
                )
            )
        for finding in self.view.findings_for(session.id):
            mark = "✖" if finding.severity == "error" else "⚠"
            lines.append(f"{mark} [{finding.rule_id}] {finding.text(self.lang)}")
        details.update("\n".join(lines))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value:
            self.selected_id = int(event.row_key.value)
        self._show_details()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tabs.id != "days" or event.tab.id is None:
            return
        event.stop()
        if event.tab.id != self.day_tab:
            self.day_tab = event.tab.id
            if self.view is not None:
                self._fill_table()

    def select_session(self, session_id: int) -> None:
        """Put the cursor on ``session_id`` (used by the Balance screen's jump)."""
        self.selected_id = session_id
        self.day_tab = ALL
        if self.view is not None:
            self.query_one("#days", Tabs).active = ALL
            self._fill_table()
