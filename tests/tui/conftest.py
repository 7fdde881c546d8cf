"""Fixtures for the terminal app: an AppContext on a test database, demo data, and a helper
that waits until the app's database workers have finished and the screen is repainted."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from tui_helpers import context_for, seed_demo

from meetingctl.context import AppContext
from meetingctl.db import make_engine, upgrade


@pytest.fixture
def app_context(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> AppContext:
    """An empty migrated database (SQLite, and PostgreSQL when configured)."""
    monkeypatch.setenv("MEETINGCTL_ACTOR", "tui-test")
    context = context_for(engine)
    yield context
    context.close()


@pytest.fixture
def demo_context(app_context: AppContext) -> AppContext:
    """The demo meeting with 60 people."""
    seed_demo(app_context)
    return app_context


@pytest.fixture
def sqlite_demo_context(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppContext:
    """Demo data on SQLite only (snapshots do not depend on the backend)."""
    monkeypatch.setenv("MEETINGCTL_ACTOR", "tui-test")
    url = f"sqlite:///{tmp_path / 'snap.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    context = AppContext(database_url=url)
    seed_demo(context)
    yield context
    context.close()
