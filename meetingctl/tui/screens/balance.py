"""Balance screen: per-session composition bars and the violations of the balance rules;
Enter jumps to the session, suggestions are offered and applied; re-evaluated on every change."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from meetingctl.tui.base import DataScreen
from meetingctl.tui.data import balance_data
from meetingctl.tui.data.balance_data import BalanceView, SuggestionView
from meetingctl.tui.dialogs.suggestions import SuggestionsDialog
from meetingctl.tui.labels import code_label
from meetingctl.tui.widgets.composition import CompositionBars


class BalanceScreen(DataScreen):
    """Who speaks where, by gender, region and stakeholder category."""

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
        def loaded(view: BalanceView) -> None:
            self.show(view)
            if then is not None:
                then()

        def failed(error: BaseException) -> bool:
            from meetingctl.tui.data import NotAvailableYet

            if isinstance(error, NotAvailableYet):
                self.query_one("#composition", CompositionBars).update(
                    self.t("balance.unavailable")
                )
                return True
            return False

        self.run_job(
            partial(balance_data.load_balance, self.tapp.context, self.lang),
            loaded,
            on_error=failed,
            group="load",
            exclusive=True,
        )

    def show(self, view: BalanceView) -> None:
        """List the violations and the composition of the selected session."""
        self.view = view
        titles = {c.session_id: c.title for c in view.compositions}
        table = self.query_one("#violations", DataTable)
        row = table.cursor_row
        table.clear()
        for index, finding in enumerate(view.violations):
            session = ", ".join(titles.get(i, str(i))[:24] for i in finding.session_ids)
            table.add_row(
                "✖" if finding.severity == "error" else "⚠",
                session or "—",
                finding.text(self.lang),
                finding.rule_id,
                key=str(index),
            )
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
        if session_id is None:
            return

        def chosen(suggestion: SuggestionView | None) -> None:
            if suggestion is not None:
                self.run_job(
                    partial(balance_data.apply_suggestion, self.tapp.context, suggestion),
                    lambda _none: self._applied(suggestion),
                )

        def found(candidates: list[SuggestionView]) -> None:
            if not candidates:
                self.notify(self.t("suggest.none"))
                return
            title = (
                next((c.title for c in self.view.compositions if c.session_id == session_id), "")
                if self.view
                else ""
            )
            self.app.push_screen(SuggestionsDialog(title, candidates), chosen)

        self.run_job(
            partial(
                balance_data.suggestions, self.tapp.context, session_id, finding.rule_id, self.lang
            ),
            found,
        )

    def _applied(self, suggestion: SuggestionView) -> None:
        self.notify(self.t("suggest.applied", text=suggestion.action))
        self.reload()

    def action_reload(self) -> None:
        self.reload()
