"""The Exports screen offers the programme site: the same service as `meetingctl export site`."""

from __future__ import annotations

from textual.widgets import Input, Select
from tui_helpers import async_test, settle

from meetingctl.tui.app import MeetingApp


@async_test
async def test_exports_screen_writes_the_site_of_the_published_version(
    sqlite_demo_context, tmp_path
) -> None:
    sqlite_demo_context.services.programme.publish("for the site", force=True)
    target = tmp_path / "site"
    app = MeetingApp(sqlite_demo_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("6")
        await settle(pilot, app)
        app.screen.query_one("#export-what", Select).value = "site"
        await settle(pilot, app)
        assert app.screen.query_one("#export-path", Input).value == "site"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+e")
        await settle(pilot, app)
    assert (target / "en" / "programme.html").is_file()
    assert (target / "es" / "programme.html").is_file()
    assert (target / "calendar" / "programme-es.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
