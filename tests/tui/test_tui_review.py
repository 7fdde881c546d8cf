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


def test_unhandled_exception_gives_non_zero_exit(demo_context, monkeypatch) -> None:
    from meetingctl.cli import core
    from meetingctl.tui import app as app_module
    from meetingctl.tui.people import PeopleScreen

    def broken(self) -> None:  # type: ignore[no-untyped-def]
        raise ValueError("More values provided than there are columns")

    monkeypatch.setattr(PeopleScreen, "apply_filters", broken)
    monkeypatch.setattr(app_module, "start_scheduler", lambda context: None)

    async def open_people(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("3")
        await settle(pilot, pilot.app)
        await pilot.pause(0.2)

    code = app_module.run_app(demo_context, headless=True, auto_pilot=open_people)
    assert code == 1

    monkeypatch.setattr(core, "_interactive", lambda: True)
    monkeypatch.setattr(app_module, "run_app", lambda context: 1)
    import click
    import pytest

    with pytest.raises(click.exceptions.Exit) as raised:
        core.open_tui(demo_context)
    assert raised.value.exit_code == 1
    monkeypatch.setattr(app_module, "run_app", lambda context: 0)
    core.open_tui(demo_context)  # a normal quit: no exit exception
