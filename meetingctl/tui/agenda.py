"""Agenda screen: the days as tabs, the sessions in a grid with tracks, check findings, and
create / edit / move / resize / duplicate / delete / publish through the domain operations."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static, Tab, Tabs

from agenda.errors import ValidationError
from agenda.programme import kind_label
from agenda.timezones import to_zone, utc_offset_label, validate_zone
from meetingctl.tui.base import DataScreen
from meetingctl.tui.data import agenda_data
from meetingctl.tui.data.agenda_data import AgendaView, SessionInput, SessionView
from meetingctl.tui.modals.confirm import ConfirmDialog
from meetingctl.tui.modals.prompt import PromptDialog
from meetingctl.tui.modals.session_form import SessionForm

ALL = "day-all"


def severity_marks(findings: list[agenda_data.FindingView]) -> Text:
    """'✖ 2 ⚠ 1' style cell for a session's findings."""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    text = Text()
    if errors:
        text.append(f"✖ {errors} ", style="bold red")
    if warnings:
        text.append(f"⚠ {warnings}", style="yellow")
    return text


class AgendaScreen(DataScreen):
    """The programme, day by day."""

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

    def on_mount(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.focus()

    # ---- data -------------------------------------------------------------------------------
    def reload(self, then: Callable[[], None] | None = None) -> None:
        context = self.tapp.context

        def loaded(view: AgendaView) -> None:
            self.show(view)
            if then is not None:
                then()

        self.run_job(
            partial(agenda_data.load_agenda, context), loaded, group="load", exclusive=True
        )

    @property
    def zone_name(self) -> str:
        assert self.view is not None
        return self.display_zone or self.view.home_tz

    def show(self, view: AgendaView) -> None:
        """Render a freshly loaded programme, keeping the selected session and day."""
        self.view = view
        sample = view.sessions[0].start if view.sessions else None
        home = view.home_tz
        header = f"{view.title(self.lang)}\n{self.t('agenda.home_zone')}: {home}"
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
        table.add_column(self.t("agenda.col.track"), key="track")
        table.add_column(self.t("agenda.col.kind"), key="kind")
        table.add_column(self.t("agenda.col.title"), key="title")
        table.add_column(self.t("agenda.col.people"), key="people")
        table.add_column(self.t("agenda.col.checks"), key="checks")
        assert self.view is not None
        zone_name = self.zone_name
        for s in self.visible_sessions():
            start, end = to_zone(s.start, zone_name), to_zone(s.end, zone_name)
            prefix = f"{start:%d/%m} " if self.day_tab in (ALL, "day-0") else ""
            table.add_row(
                f"{prefix}{start:%H:%M}–{end:%H:%M}",
                s.track or "·",
                kind_label(s.kind, self.lang),
                s.title(self.lang)[:70],
                str(len(s.roles)),
                severity_marks(self.view.findings_for(s.id)),
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
                self.t("agenda.checks_count", errors=errors, warnings=len(findings) - errors)
            )

    def current(self) -> SessionView | None:
        """The session under the cursor."""
        table = self.query_one("#sessions", DataTable)
        if self.view is None or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
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
            lines.append(
                f"{self.t('agenda.roles')}: "
                + "; ".join(
                    f"{r.role}: {r.name} ({r.country or '-'}, {r.status})" for r in session.roles
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

    # ---- actions ----------------------------------------------------------------------------
    def _days(self) -> list[tuple[str, object]]:
        assert self.view is not None
        days: list[tuple[str, object]] = []
        for day in sorted({s.day for s in self.view.sessions if s.day < 1}):
            date_value = self.view.day_date(day)
            days.append((f"{date_value:%Y-%m-%d} ({self.t('agenda.before')})", date_value))
        for n in range(1, self.view.days + 1):
            date_value = self.view.day_date(n)
            days.append((f"{self.t('agenda.day', n=n)} · {date_value:%Y-%m-%d}", date_value))
        return days

    def _input_from(self, session: SessionView) -> SessionInput:
        assert self.view is not None
        local_start = to_zone(session.start, self.view.home_tz)
        return SessionInput(
            title_en=session.title_en,
            title_es=session.title_es,
            kind=session.kind,
            day=local_start.date(),
            start=local_start.time(),
            minutes=session.minutes,
            track=session.track,
            objectives=session.objectives,
        )

    def action_new(self, initial: SessionInput | None = None, error: str = "") -> None:
        if self.view is None:
            return
        if initial is None and self.day_tab not in (ALL, "day-0"):
            day = self.view.day_date(int(self.day_tab.removeprefix("day-")))
            initial = SessionInput(
                "", "", agenda_data.SessionKind.PLENARY, day, agenda_data.time(9, 0), 60
            )
        form = SessionForm(self._days(), initial, error=error)  # type: ignore[arg-type]

        def submitted(values: SessionInput | None) -> None:
            if values is None:
                return
            self.run_job(
                partial(agenda_data.add_session, self.tapp.context, values),
                lambda new_id: self._saved(new_id, values),
                on_error=lambda exc: self._form_error(exc, partial(self.action_new, values)),
            )

        self.app.push_screen(form, submitted)

    def _form_error(self, error: BaseException, reopen: Callable[..., None]) -> bool:
        if isinstance(error, ValidationError):
            reopen(error=str(error))
            return True
        return False

    def _saved(self, session_id: int, values: SessionInput) -> None:
        self.selected_id = session_id
        self.notify(self.t("session.saved", title=values.title_en or values.title_es), timeout=3)
        self.reload()

    def action_edit(
        self, session_id: int | None = None, values: SessionInput | None = None, error: str = ""
    ) -> None:
        session = self.view.session(session_id) if self.view and session_id else self.current()
        if session is None:
            return
        form = SessionForm(
            self._days(), values or self._input_from(session), editing=True, error=error
        )  # type: ignore[arg-type]
        target = session.id

        def submitted(result: SessionInput | None) -> None:
            if result is None:
                return
            fresh = self.view.session(target) if self.view else None
            version = fresh.version if fresh else session.version
            reopen = partial(self.action_edit, target, result)
            self.run_job(
                partial(agenda_data.edit_session, self.tapp.context, target, version, result),
                lambda _none: self._saved(target, result),
                resume=reopen,
                on_error=lambda exc: self._form_error(exc, reopen),
            )

        self.app.push_screen(form, submitted)

    def action_move(self, minutes: int) -> None:
        session = self.current()
        if session is None:
            return
        self.run_job(
            partial(
                agenda_data.move_session, self.tapp.context, session.id, session.version, minutes
            ),
            lambda _none: self._changed(
                "session.moved", minutes=minutes, title=session.title(self.lang)
            ),
        )

    def action_resize(self, minutes: int) -> None:
        session = self.current()
        if session is None:
            return
        self.run_job(
            partial(
                agenda_data.resize_session, self.tapp.context, session.id, session.version, minutes
            ),
            lambda _none: self._changed(
                "session.resized", minutes=session.minutes + minutes, title=session.title(self.lang)
            ),
        )

    def _changed(self, key: str, **values: object) -> None:
        self.notify(self.t(key, **values), timeout=2)
        self.reload()

    def action_duplicate(self) -> None:
        session = self.current()
        if session is None:
            return

        def done(new_id: int) -> None:
            self.selected_id = new_id
            self._changed("session.duplicated", title=session.title(self.lang))

        self.run_job(partial(agenda_data.duplicate_session, self.tapp.context, session.id), done)

    def action_delete(self) -> None:
        session = self.current()
        if session is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_job(
                    partial(
                        agenda_data.delete_session, self.tapp.context, session.id, session.version
                    ),
                    lambda _none: self._changed("session.deleted", title=session.title(self.lang)),
                )

        self.app.push_screen(
            ConfirmDialog(self.t("session.confirm_delete", title=session.title(self.lang))),
            confirmed,
        )

    def action_zone(self) -> None:
        if self.view is None:
            return

        def chosen(name: str | None) -> None:
            if name is None:
                return
            self.display_zone = name or None
            if self.view is not None:
                self.show(self.view)

        self.app.push_screen(
            PromptDialog(
                self.t("zone.title"), self.t("zone.help"), self.display_zone or "", validate_zone
            ),
            chosen,
        )

    def action_publish(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_job(
                    partial(agenda_data.publish, self.tapp.context),
                    lambda number: self.notify(self.t("publish.done", number=number)),
                )

        self.app.push_screen(ConfirmDialog(self.t("publish.confirm")), confirmed)

    def action_day(self, step: int) -> None:
        tabs = self.query_one("#days", Tabs)
        tabs.action_next_tab() if step > 0 else tabs.action_previous_tab()

    def action_reload(self) -> None:
        self.reload()
