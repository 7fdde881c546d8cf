"""Shared fixtures: isolated user dirs, and migrated databases on SQLite and PostgreSQL.

Every database test runs on SQLite and, when MEETINGCTL_TEST_DATABASE_URL is set, on a real
PostgreSQL server (in a schema of its own). If the variable is set and the server cannot be
reached, the tests FAIL: CI must never skip PostgreSQL silently.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from meetingctl.db import make_engine, make_session_factory, normalize_url, upgrade

REPO_ROOT = Path(__file__).resolve().parent.parent
PG_ENV = "MEETINGCTL_TEST_DATABASE_URL"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the developer's real config or data directories."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    for name in ("MEETINGCTL_CONFIG", "MEETINGCTL_DATABASE_URL", "MEETINGCTL_ACTOR"):
        monkeypatch.delenv(name, raising=False)


def backends() -> list[object]:
    """The database backends to run on: sqlite always, postgresql when configured."""
    params: list[object] = ["sqlite"]
    if os.environ.get(PG_ENV):
        params.append(pytest.param("postgresql", marks=pytest.mark.postgres))
    return params


def _pg_schema_engine(base_url: str) -> tuple[Engine, str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base_url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"{PG_ENV} is set but PostgreSQL is unreachable: {exc}")
    finally:
        admin.dispose()
    separator = "&" if "?" in base_url else "?"
    engine = make_engine(f"{base_url}{separator}options=-csearch_path%3D{schema}")
    return engine, schema


def _drop_pg_schema(base_url: str, schema: str) -> None:
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def database_url_factory(tmp_path: Path) -> Iterator[object]:
    """Make empty databases: factory(backend) -> (url, engine). Cleaned up afterwards."""
    created: list[tuple[Engine, str | None]] = []

    def make(backend: str) -> Engine:
        if backend == "sqlite":
            engine = make_engine(f"sqlite:///{tmp_path / f'db-{len(created)}.sqlite'}")
            created.append((engine, None))
            return engine
        base = os.environ.get(PG_ENV)
        if not base:
            pytest.skip(f"{PG_ENV} not set")
        engine, schema = _pg_schema_engine(normalize_url(base))
        created.append((engine, schema))
        return engine

    yield make
    for engine, schema in created:
        engine.dispose()
        if schema:
            _drop_pg_schema(normalize_url(os.environ[PG_ENV]), schema)


@pytest.fixture(params=backends())
def backend(request: pytest.FixtureRequest) -> str:
    """The name of the database backend under test."""
    return str(request.param)


@pytest.fixture
def empty_engine(backend: str, database_url_factory) -> Engine:  # type: ignore[no-untyped-def]
    """An empty database (no schema) on the backend under test."""
    return database_url_factory(backend)


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """A database migrated to head with Alembic on the backend under test."""
    upgrade(empty_engine)
    return empty_engine


@pytest.fixture
def db_factory(engine: Engine) -> sessionmaker[DbSession]:
    """Session factory bound to the migrated database."""
    return make_session_factory(engine)


def url_of(engine: Engine) -> str:
    """A URL other processes can use to reach ``engine``'s database (PostgreSQL schema included)."""
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def engine_url(engine: Engine) -> str:
    """The migrated test database as a URL for subprocesses (see :func:`url_of`)."""
    return url_of(engine)


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            input_text: str | None = None, timeout: float = 120):  # type: ignore[no-untyped-def]
    """Run the real command (`python -m meetingctl ...`) in a subprocess."""
    import subprocess

    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "meetingctl", *args],
        capture_output=True, text=True, env=full_env, cwd=cwd, input=input_text, timeout=timeout,
    )
