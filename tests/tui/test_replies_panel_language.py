"""The replies panel of the Invitations screen speaks the interface language: session titles
in Spanish when the session has one, statuses as words agreeing with the person's gender."""

from __future__ import annotations

from rich.console import Console

from meetingctl.services.replies_views import InvitationsTimeline, TimelineEntry
from meetingctl.tui.widgets.replies_panel import render


def _text(timeline: InvitationsTimeline, lang: str) -> str:
    console = Console(width=120, record=True)
    console.print(render(timeline, lang))
    return console.export_text()


def test_timeline_in_spanish_shows_spanish_titles_and_agreeing_statuses() -> None:
    entries = (
        TimelineEntry(
            1,
            "Ana Pérez",
            7,
            "Opening session",
            "chair",
            "accepted",
            gender="woman",
            session_es="Sesión de apertura",
        ),
        TimelineEntry(
            2,
            "Juan Soto",
            7,
            "Opening session",
            "panellist",
            "accepted",
            gender="man",
            session_es="Sesión de apertura",
        ),
        TimelineEntry(3, "Kim Lee", 8, "Closing", "panellist", "invited"),
    )
    timeline = InvitationsTimeline("America/Santiago", entries, ())
    spanish = _text(timeline, "es")
    assert "Sesión de apertura" in spanish and "Opening session" not in spanish
    assert "aceptada" in spanish and "aceptado" in spanish
    assert "Closing" in spanish  # no Spanish title: the English one
    assert "accepted" not in spanish and "invited" not in spanish
    english = _text(timeline, "en")
    assert "Opening session" in english and "accepted" in english
