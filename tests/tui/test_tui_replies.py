"""The Invitations screen shows the replies (issue 14 item 4): the review queue with the reason
in words, and each person's timeline with the status a reply set and the times in the
organizer's zone."""

from __future__ import annotations

from rich.console import Console
from tui_helpers import async_test, settle

from agenda.messaging.reply_build import reply_message
from meetingctl.db import make_session_factory
from meetingctl.tui.app import MeetingApp
from meetingctl.tui.widgets.replies_panel import RepliesPanel
from tests.meetingctl.replies_helpers import PEOPLE, UID, build_meeting, stamp


def _text(panel: RepliesPanel) -> str:
    console = Console(width=160, record=True, color_system=None)
    assert panel.shown is not None
    console.print(panel.shown)
    return console.export_text()


@async_test
async def test_invitations_screen_shows_the_review_queue_and_the_timeline(
    app_context, engine
) -> None:  # type: ignore[no-untyped-def]
    build_meeting(make_session_factory(engine))
    app_context.services.replies.apply_messages(
        [
            ("f1", reply_message(uid=UID, attendee=PEOPLE["ana"][1], stamp=stamp(13))),
            (
                "f2",
                reply_message(uid=UID, attendee=PEOPLE["eva"][1], sender="mallory@evil.example"),
            ),
        ]
    )
    app = MeetingApp(app_context)
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(pilot, app)
        await pilot.press("5")
        await settle(pilot, app)
        text = _text(app.screen.query_one("#replies-panel", RepliesPanel))
    assert "Review queue" in text
    assert "the sender is not the attendee who answers" in text
    assert "America/Santiago" in text
    ana = next(line for line in text.splitlines() if line.strip().startswith("│ Ana"))
    # accepted; replied at 13:00 UTC = 10:00 in Santiago (UTC-3 in December)
    assert "accepted" in ana and "01 Dec 10:00" in ana
    # sent 20 Nov 15:00 UTC = 12:00 in Santiago, delivered a minute later
    assert "20 Nov 12:00" in ana and "20 Nov 12:01" in ana
