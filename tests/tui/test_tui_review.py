"""Pilot tests for the user-acceptance fixes: F2 on every screen, the command palette,
translated codes, proportional balance bars, empty outbox, person edit."""

from __future__ import annotations

from textual.widgets import DataTable
from tui_helpers import async_test, settle

from meetingctl.tui.app import MeetingApp

#: Each screen's tables that must keep columns (and, with demo data, rows) after F2.
TABLES = {
    "agenda": ("#sessions",),
    "round_tables": ("#rt-matrix",),
    "people": ("#people-table",),
    "balance": ("#violations",),
    "invitations": ("#outbox", "#jobs"),
    "exports": (),
}
ROWS_EXPECTED = {"#sessions", "#rt-matrix", "#people-table", "#violations"}


def _tables(app: MeetingApp, mode: str) -> dict[str, tuple[list[str], int]]:
    found = {}
    for selector in TABLES[mode]:
        table = app.screen.query_one(selector, DataTable)
        found[selector] = ([str(c.label) for c in table.columns.values()], table.row_count)
    return found


@async_test
async def test_f2_on_every_screen_keeps_columns_and_rows(demo_context) -> None:
    app = MeetingApp(demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        for mode in app.MODE_ORDER:
            app.switch_mode(mode)
            await settle(pilot, app)
            before = _tables(app, mode)
            for language in ("es", "en"):
                await pilot.press("f2")
                await settle(pilot, app)
                assert app.i18n.language == language
                assert app.screen.MODE == mode  # type: ignore[attr-defined]
                after = _tables(app, mode)
                for selector, (columns, rows) in after.items():
                    assert len(columns) == len(before[selector][0]) > 0, (mode, selector)
                    assert rows == before[selector][1], (mode, selector)
                    if selector in ROWS_EXPECTED:
                        assert rows > 0, (mode, selector)
                if language == "es" and mode == "people":
                    assert after["#people-table"][0][1] == "País"
            assert after == before
    assert app.return_code in (0, None)
