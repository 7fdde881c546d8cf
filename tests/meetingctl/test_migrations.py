"""Alembic migrations build exactly the schema of the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from meetingctl.db import current_revision, ensure_current, head_revision, metadata, upgrade


def test_upgrade_head_from_empty_matches_models(empty_engine: Engine) -> None:
    assert current_revision(empty_engine) is None
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    with empty_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata())
    assert differences == []
    tables = set(inspect(empty_engine).get_table_names())
    assert {"outbox", "scheduler_lease"} <= set(metadata().tables) <= tables


def test_upgrade_twice_is_a_no_op(engine: Engine) -> None:
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    ensure_current(engine)


def test_revisions_read_without_alembic_agree_with_alembic(empty_engine: Engine) -> None:
    """The start-up path reads the head from the revision files and the current revision with
    SQLAlchemy (issue 19 item 2); both must say what Alembic says."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from meetingctl.db import MIGRATIONS_DIR

    assert head_revision() == ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert current_revision(empty_engine) is None
    upgrade(empty_engine, "0001")
    assert current_revision(empty_engine) == "0001"
    upgrade(empty_engine)
    with empty_engine.connect() as connection:
        expected = MigrationContext.configure(connection).get_current_revision()
    assert current_revision(empty_engine) == expected == head_revision()
