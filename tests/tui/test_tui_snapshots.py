"""One snapshot per screen at 120x40 on the demo data (fixed seed; nothing time-dependent is
shown). Update deliberately with `pytest tests/tui --snapshot-update` and review the SVGs."""

from __future__ import annotations

import pytest
from tui_helpers import settle

from meetingctl.tui.app import SCREENS_BY_MODE, MeetingApp


@pytest.mark.parametrize("mode", list(SCREENS_BY_MODE))
def test_screen_snapshot(mode: str, sqlite_demo_context, snap_compare) -> None:
    app = MeetingApp(sqlite_demo_context, language="en")

    async def open_screen(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, app)
        if mode != "agenda":
            await app.switch_mode(mode)
            await settle(pilot, app)

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_screen)


def test_agenda_snapshot_in_spanish_at_80x24(sqlite_demo_context, snap_compare) -> None:
    app = MeetingApp(sqlite_demo_context, language="es")

    async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, app)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
