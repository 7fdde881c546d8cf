"""Helpers for the terminal app tests (imported by the test modules and conftest)."""

from __future__ import annotations

from sqlalchemy import Engine

from meetingctl.context import AppContext
from meetingctl.demo import create_demo
from meetingctl.tui.app import MeetingApp

DEMO_SEED = 2021


def context_for(engine: Engine) -> AppContext:
    """An AppContext on the same database as ``engine`` (default config, fixed actor)."""
    return AppContext(database_url=engine.url.render_as_string(hide_password=False))


def seed_demo(context: AppContext, people: int = 60) -> None:
    """The demo programme with a fixed seed."""
    with context.transaction() as db:
        create_demo(db, people_count=people, seed=DEMO_SEED, year=2021, actor="test")


async def settle(pilot, app: MeetingApp) -> None:  # type: ignore[no-untyped-def]
    """Wait until database workers are done and the messages they posted are handled
    (a result may start another job, so repeat while workers remain)."""
    idle = 0
    for _ in range(60):  # under load a result -> reload -> redraw chain takes several rounds
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        idle = idle + 1 if all(worker.is_finished for worker in app.workers) else 0
        if idle >= 2:
            break


def async_test(function):  # type: ignore[no-untyped-def]
    """Run an ``async def`` test with asyncio.run (no asyncio plugin needed)."""
    import asyncio
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        return asyncio.run(function(*args, **kwargs))

    return wrapper
