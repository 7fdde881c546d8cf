"""Balance screen: per-session composition bars and the violations of the balance rules;
Enter jumps to the session, suggestions are offered and applied; re-evaluated on every change."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from meetingctl.services.balance import BalanceView, SuggestionView
from meetingctl.tui.base import DataScreen, JobFailed
from meetingctl.tui.dialogs.suggestions import SuggestionsDialog
from meetingctl.tui.labels import code_label
from meetingctl.tui.widgets.composition import CompositionBars


class BalanceLoaded(Message):
    """The balance was evaluated; ``then`` runs once it is shown."""

    def __init__(self, view: BalanceView, then: Callable[[], None] | None) -> None:
        super().__init__()
        self.view = view
        self.then = then


class SuggestionsFound(Message):
    """Ranked suggestions for one session (possibly none)."""

    def __init__(self, session_id: int, candidates: tuple[SuggestionView, ...]) -> None:
        super().__init__()
        self.session_id = session_id
        self.candidates = candidates


class SuggestionApplied(Message):
    """A suggestion was carried out."""

    def __init__(self, suggestion: SuggestionView) -> None:
        super().__init__()
        self.suggestion = suggestion


class BalanceScreen(DataScreen):
    """Who speaks where, by gender, region and stakeholder category."""

    DEFAULT_CSS = """
    #balance { height: 1fr; }
    #violations { height: 1fr; }
    #composition { height: auto; min-height: 5; padding: 0 1; }
    """

    MODE = "balance"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "jump", "key.jump", show=False),
        Binding("g", "jump", "key.jump"),
        Binding("s", "suggest", "key.suggest"),
        Binding("r", "reload", "key.reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: BalanceView | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="balance"):
            yield Static(self.t("balance.violations"), classes="section-title")
            yield DataTable(id="violations", cursor_type="row", zebra_stripes=True)
            yield Static(self.t("balance.composition"), classes="section-title")
            yield CompositionBars("", id="composition")

    def prepare(self) -> None:
        """Table columns and focus, after every (re)composition."""
        table = self.query_one("#violations", DataTable)
        for column in ("severity", "session", "message", "rule"):
            table.add_column(self.t(f"col.{column}"), key=column)
        table.focus()

    def reload(self, then: Callable[[], None] | None = None) -> None:
        self._load(then)

    @work(thread=True, exit_on_error=False, group="load", exclusive=True)
    def _load(self, then: Callable[[], None] | None) -> None:
        """Evaluate the balance with the balance service (in a worker thread)."""
        try:
            view = self.tapp.context.services.balance.evaluate(lang=self.lang)
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
        else:
            self.post_message(BalanceLoaded(view, then))

    @on(BalanceLoaded)
    def _loaded(self, message: BalanceLoaded) -> None:
        self.show(message.view)
        if message.then is not None:
            message.then()

    def show(self, view: BalanceView) -> None:
        """List the violations and the composition of the selected session."""
        self.view = view
        titles = {c.session_id: c.title for c in view.compositions}
        table = self.query_one("#violations", DataTable)
        row = table.cursor_row
        rows = [
            (
                "✖" if finding.severity == "error" else "⚠",
                ", ".join(titles.get(i, str(i))[:24] for i in finding.session_ids) or "—",
                finding.text(self.lang),
                finding.rule_id,
            )
            for finding in view.violations
        ]
        # Columns are rebuilt with widths measured here: auto widths are only measured when
        # the table next goes idle, and a table filled while its screen is hidden or being
        # recomposed kept its header widths ("Mesa r", "0 orado").
        table.clear(columns=True)
        for place, column in enumerate(("severity", "session", "message", "rule")):
            label = self.t(f"col.{column}")
            width = max([cell_len(label), *(cell_len(cells[place]) for cells in rows)])
            table.add_column(label, key=column, width=width)
        for index, cells in enumerate(rows):
            table.add_row(*cells, key=str(index))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_composition()

    def current_session(self) -> int | None:
        """The session of the violation under the cursor (else the first session)."""
        if self.view is None:
            return None
        table = self.query_one("#violations", DataTable)
        if table.row_count and self.view.violations:
            finding = self.view.violations[table.cursor_row]
            if finding.session_ids:
                return finding.session_ids[0]
        return self.view.compositions[0].session_id if self.view.compositions else None

    def violation_session(self) -> int | None:
        """The session named by the violation under the cursor (None: programme-wide)."""
        table = self.query_one("#violations", DataTable)
        if self.view is None or not table.row_count or not self.view.violations:
            return None
        finding = self.view.violations[table.cursor_row]
        return finding.session_ids[0] if finding.session_ids else None

    def _show_composition(self) -> None:
        bars = self.query_one("#composition", CompositionBars)
        session_id = self.current_session()
        composition = (
            next((c for c in self.view.compositions if c.session_id == session_id), None)
            if self.view
            else None
        )
        if composition is None:
            bars.update(self.t("balance.clean"))
            return
        labels = {k: self.t(f"balance.{k}") for k in ("gender", "region", "category")}
        i18n = self.tapp.i18n
        bars.show(
            composition.title,
            composition.counts,
            labels,
            lambda dimension, code: code_label(i18n, dimension, code),
        )

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_composition()

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_jump()

    def action_jump(self) -> None:
        session_id = self.violation_session()
        if session_id is None:
            return
        self.app.switch_mode("agenda")
        self.app.screen.select_session(session_id)  # type: ignore[attr-defined]

    def action_suggest(self) -> None:
        if self.view is None or not self.view.violations:
            return
        finding = self.view.violations[self.query_one("#violations", DataTable).cursor_row]
        session_id = finding.session_ids[0] if finding.session_ids else None
        # a meeting-wide finding (no session): suggestions over every session
        self._suggest(session_id, finding.rule_id)

    @work(thread=True, exit_on_error=False, group="db")
    def _suggest(self, session_id: int | None, rule_id: str) -> None:
        """Rank the suggestions for ``rule_id`` in ``session_id``, or meeting-wide when None
        (in a worker thread)."""
        balance = self.tapp.context.services.balance
        try:
            if session_id is None:
                found = balance.meeting_suggestions(rule_id, lang=self.lang)
            else:
                found = balance.suggestions(session_id, rule_id, lang=self.lang)
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
        else:
            self.post_message(SuggestionsFound(session_id or 0, found.items))

    @on(SuggestionsFound)
    def _found(self, message: SuggestionsFound) -> None:
        if not message.candidates:
            self.notify(self.t("suggest.none"))
            return
        session_id = message.session_id
        title = (
            next((c.title for c in self.view.compositions if c.session_id == session_id), "")
            if self.view
            else ""
        )

        def chosen(suggestion: SuggestionView | None) -> None:
            if suggestion is not None:
                self._apply(suggestion)

        self.app.push_screen(SuggestionsDialog(title, list(message.candidates)), chosen)

    @work(thread=True, exit_on_error=False, group="db")
    def _apply(self, suggestion: SuggestionView) -> None:
        """Apply the chosen suggestion (in a worker thread)."""
        try:
            self.tapp.context.services.balance.apply(suggestion)
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None))
        else:
            self.post_message(SuggestionApplied(suggestion))

    @on(SuggestionApplied)
    def _applied(self, message: SuggestionApplied) -> None:
        self.notify(self.t("suggest.applied", text=message.suggestion.action))
        self.reload()

    def action_reload(self) -> None:
        self.reload()
