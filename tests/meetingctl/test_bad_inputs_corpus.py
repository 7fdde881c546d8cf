"""Every file of the bad-inputs corpus (tests/meetingctl/bad_inputs/) through the real command.

Each one must be refused with a non-zero exit code and a message naming the file (and the
row, column or key where there is one), never a traceback, and leave the database exactly as
it was: every table is dumped before and after and compared.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, select

from meetingctl.cli import main
from meetingctl.db import make_engine, normalize_url
from tests.conftest import PG_ENV, _drop_pg_schema, _pg_schema_engine, backends, run_cli, url_of
from tests.meetingctl.bad_inputs.corpus import CASES, HERE, Case

Dump = dict[str, list[tuple[object, ...]]]


def dump(engine: Engine) -> Dump:
    """Every row of every table (alembic_version included), sorted, as plain tuples."""
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        return {
            name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for name, table in sorted(tables.tables.items())
        }


@pytest.fixture(scope="module", params=backends())
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Engine, Dump]]:
    """A database holding the demo meeting (people, sessions, audit), its URL and its dump."""
    schema = None
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'seed.db'}")
    else:
        engine, schema = _pg_schema_engine(normalize_url(os.environ[PG_ENV]))
    url = url_of(engine)
    assert main(["--db", url, "demo", "--print", "--people", "20"]) == 0
    before = dump(engine)
    assert before["person"] and before["session"] and before["audit_log"]
    yield url, engine, before
    engine.dispose()
    if schema:
        _drop_pg_schema(normalize_url(os.environ[PG_ENV]), schema)


def test_the_corpus_has_at_least_a_hundred_cases() -> None:
    assert len(CASES) >= 100
    assert all((HERE / case.name).is_file() for case in CASES if case.file)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_a_bad_file_is_refused_naming_it_and_changes_nothing(
    case: Case, seeded: tuple[str, Engine, Dump], tmp_path: Path
) -> None:
    url, engine, before = seeded
    bad = tmp_path / case.name  # a copy: a rejects file, if any, goes beside it
    if case.file:
        # {dir} in a file (a config's secrets path) is the folder of the copies
        data = (HERE / case.name).read_bytes().replace(b"{dir}", str(tmp_path).encode())
        bad.write_bytes(data)
    good = tmp_path / "good_roster.csv"
    shutil.copyfile(HERE / "good_roster.csv", good)
    secrets = tmp_path / "secrets_644.env"
    shutil.copyfile(HERE / "secrets_644.env", secrets)
    secrets.chmod(0o644)
    args = [part.format(file=bad, good=good, dir=tmp_path) for part in case.command]
    result = run_cli("--db", url, *args)
    err = result.stderr
    assert result.returncode != 0, (result.stdout, err)
    named = case.named.format(file=bad, dir=tmp_path)
    assert named in err, (named, err)
    for text in case.expect:
        assert text in err, (text, err)
    assert "Traceback" not in err and "sqlalche.me" not in err, err
    assert dump(engine) == before
