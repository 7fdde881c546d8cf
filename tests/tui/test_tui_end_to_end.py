"""From a blank meeting to an exported annex, by key presses only."""

from __future__ import annotations

from datetime import date

from docx import Document
from sqlalchemy import select
from tui_helpers import async_test, settle

from agenda.model.orm import Session
from agenda.programme.templates import build_meeting
from meetingctl.tui.app import MeetingApp


@async_test
async def test_blank_meeting_to_exported_annex_with_keys_only(app_context, tmp_path) -> None:
    with app_context.transaction() as db:
        db.add(
            build_meeting(
                "blank",
                title_en="Keyboard review",
                title_es="Examen por teclado",
                start=date(2025, 3, 10),
                days=1,
                home_tz="America/Santiago",
                uid_domain="test.invalid",
            )
        )
    target = tmp_path / "annex.docx"
    app = MeetingApp(app_context)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        for title, start in (("Opening of the review", "09:00"), ("Round table on data", "10:00")):
            await pilot.press("n")
            await settle(pilot, app)
            await pilot.press(*title)
            await pilot.press("tab", "tab", "tab", "tab")  # title es, kind, day -> start
            await pilot.press("ctrl+u", *start)
            await pilot.press("ctrl+s")
            await settle(pilot, app)
        await pilot.press("6")
        await settle(pilot, app)
        await pilot.press("tab", "tab", "tab")  # what, language, format -> output file
        await pilot.press("ctrl+u", *str(target), "enter")
        await settle(pilot, app)
    with app_context.transaction() as db:
        titles = sorted(db.scalars(select(Session.title_en)))
    assert titles == ["Opening of the review", "Round table on data"]
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    tables = " ".join(c.text for t in Document(str(target)).tables for r in t.rows for c in r.cells)
    assert "Opening of the review" in text + tables and "Round table on data" in text + tables
