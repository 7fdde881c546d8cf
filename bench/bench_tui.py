"""Terminal app benchmark: 5,000 people and 60 sessions.

Measures (1) launch to the first painted Agenda screen (sessions loaded and rendered) and
(2) one filter keystroke on the People table until the table shows the filtered rows.
MEETINGCTL_BENCH_SCALE (default 1.0) shrinks the sizes.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from agenda.model.enums import SessionKind
from agenda.model.orm import Meeting, Session
from agenda.programme.templates import new_uid
from meetingctl.context import AppContext
from meetingctl.db import upgrade
from meetingctl.demo import create_demo
from meetingctl.tui.app import MeetingApp

PEOPLE = 5000
SESSIONS = 60


def _scale() -> float:
    return float(os.environ.get("MEETINGCTL_BENCH_SCALE", "1.0"))


def _build(url: str, people: int, sessions: int) -> AppContext:
    context = AppContext(database_url=url)
    upgrade(context.engine)
    with context.transaction() as db:
        meeting = create_demo(db, people_count=people, seed=7)
        db.flush()
        existing = len(meeting.sessions)
        last = max(s.end for s in meeting.sessions)
        for index in range(max(0, sessions - existing)):
            start = last + timedelta(minutes=30 * index)
            db.add(
                Session(
                    meeting_id=meeting.id,
                    uid=new_uid("bench.invalid"),
                    kind=SessionKind.PLENARY,
                    title_en=f"Parallel session {index + 1}",
                    start=start,
                    end=start + timedelta(minutes=25),
                    track=f"Room {index % 3 + 1}",
                )
            )
    return context


async def _measure(context: AppContext, keystrokes: int) -> tuple[float, list[float], list[float]]:
    from textual.widgets import DataTable

    app = MeetingApp(context)
    began = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        table = None
        while True:  # until the agenda table holds the sessions
            await pilot.pause()
            if table is None and app.screen.query("#sessions"):
                table = app.screen.query_one("#sessions", DataTable)
            if table is not None and table.row_count:
                break
        await pilot.pause()
        first_paint = time.perf_counter() - began
        await app.switch_mode("people")
        people_table = app.screen.query_one("#people-table", DataTable)
        while not people_table.row_count:
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("slash")
        timings = []
        for key in "mariaxyz"[:keystrokes]:
            before = people_table.row_count
            started = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            timings.append(time.perf_counter() - started)
            assert people_table.row_count <= before
        screen = app.screen
        search = screen.query_one("#people-search")
        refill = []
        for text in ("m", "ma", "mar", "", "a"):
            with screen.prevent(type(search).Changed):
                search.value = text
            started = time.perf_counter()
            screen.apply_filters()
            refill.append(time.perf_counter() - started)
        return first_paint, timings, refill


def run() -> list[str]:
    """Build the dataset, time the launch and filter keystrokes; printable lines."""
    people = max(50, int(PEOPLE * _scale()))
    sessions = max(15, int(SESSIONS * _scale()))
    with tempfile.TemporaryDirectory() as directory:
        context = _build(f"sqlite:///{Path(directory) / 'bench.sqlite'}", people, sessions)
        with context.transaction() as db:
            meeting = db.scalar(select(Meeting))
            count = len(meeting.sessions)
        first_paint, keystrokes, refill = asyncio.run(_measure(context, 5))
        context.close()
    return [
        f"tui: {people} people, {count} sessions",
        f"tui: launch to first painted agenda: {first_paint * 1000:.0f} ms",
        f"tui: people filter keystroke to updated table: median "
        f"{statistics.median(keystrokes) * 1000:.0f} ms, max {max(keystrokes) * 1000:.0f} ms "
        f"({len(keystrokes)} keystrokes, Pilot press + repaint)",
        f"tui: of which filtering {people} people and refilling the table: median "
        f"{statistics.median(refill) * 1000:.0f} ms",
    ]


if __name__ == "__main__":
    sys.stdout.write("\n".join(run()) + "\n")
