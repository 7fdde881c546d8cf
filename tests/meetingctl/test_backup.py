"""Backups a secretariat can trust (issue 18, item 11): `db backup` while the scheduler writes,
`db restore` checked before it writes, `pg_dump` on PostgreSQL, and `people import --backup`."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from agenda.model.orm import AuditEntry, Person
from agenda.model.uow import transaction
from meetingctl.cli import main
from meetingctl.context import AppContext
from meetingctl.db import make_engine, make_session_factory

HEADER = "Given name,Family name,Email,Country,Gender,Organization,Stakeholder category\n"


def cli(url: str, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def demo_url(tmp_path: Path) -> str:
    """A SQLite database holding the demo meeting."""
    url = f"sqlite:///{tmp_path / 'meeting.db'}"
    ctx = AppContext(database_url=url)
    ctx.services.meetings.create_demo(people_count=40, seed=7, year=2021)
    ctx.close()
    return url


def count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_backup_is_consistent_while_a_writer_inserts(demo_url, tmp_path, capsys) -> None:
    """A writer (the scheduler, another organizer) commits pairs of audit rows during the
    backup; every copy opens, passes the integrity check and holds whole pairs only."""
    engine = make_engine(demo_url)
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        while not stop.is_set():
            with engine.begin() as connection:
                for _ in range(2):
                    connection.execute(
                        text(
                            "INSERT INTO audit_log (at, actor, action, entity, details) VALUES "
                            "('2026-01-01 00:00:00', 'w', 'pair', 'x', '{}')"
                        )
                    )
            written[0] += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = []
        for n in range(5):
            target = tmp_path / f"copy-{n}.db"
            code, out, err = cli(demo_url, "db", "backup", str(target), capsys=capsys)
            assert code == 0, err
            assert "integrity check ok" in out
            copies.append(target)
    finally:
        stop.set()
        thread.join()
        engine.dispose()
    assert written[0] > 0
    for target in copies:
        with sqlite3.connect(target) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            pairs = connection.execute(
                "SELECT count(*) FROM audit_log WHERE action = 'pair'"
            ).fetchone()[0]
            assert pairs % 2 == 0
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert count(target, "person") == 40
        assert not target.with_name(target.name + "-wal").exists()


def test_backup_refuses_to_overwrite_without_force(demo_url, tmp_path, capsys) -> None:
    target = tmp_path / "b.db"
    target.write_text("precious")
    code, _out, err = cli(demo_url, "db", "backup", str(target), capsys=capsys)
    assert code == 2 and "already exists" in err and "--force" in err
    assert target.read_text() == "precious"
    code, _out, err = cli(demo_url, "db", "backup", str(target), "--force", capsys=capsys)
    assert code == 0, err
    assert count(target, "person") == 40
    assert not list(tmp_path.glob(".*partial*"))


def test_postgresql_backup_prints_pg_dump_without_the_password(
    tmp_path, capsys, monkeypatch
) -> None:
    url = "postgresql://secretariat:s3cr3t-pw@db.example.org:5433/meetings"
    monkeypatch.setattr("shutil.which", lambda name: f"/usr/bin/{name}")
    code, out, err = cli(url, "db", "backup", str(tmp_path / "m.dump"), capsys=capsys)
    assert code == 0, err
    assert out.startswith("pg_dump --format=custom")
    assert "postgresql://secretariat@db.example.org:5433/meetings" in out
    assert "s3cr3t" not in out + err and "***" not in out
    assert "pg_restore" in err
    monkeypatch.setattr("shutil.which", lambda name: None)
    code, out, err = cli(url, "db", "backup", str(tmp_path / "m.dump"), capsys=capsys)
    assert code == 2
    assert "pg_dump is not on PATH" in err and "postgresql-client" in err
    assert "s3cr3t" not in out + err


def test_restore_into_an_empty_database_and_refusals(demo_url, tmp_path, capsys) -> None:
    backup = tmp_path / "b.db"
    assert cli(demo_url, "db", "backup", str(backup), capsys=capsys)[0] == 0
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    code, out, err = cli(fresh, "db", "restore", str(backup), capsys=capsys)
    assert code == 0, err
    assert "Restored" in out
    code, out, _ = cli(fresh, "people", "list", capsys=capsys)
    assert code == 0 and out.rstrip().endswith("40 people")
    # the target is no longer empty: refused, unchanged, unless --force
    code, _out, err = cli(fresh, "db", "restore", str(backup), capsys=capsys)
    assert code == 2 and "not empty" in err and "--force" in err
    assert cli(fresh, "db", "restore", str(backup), "--force", capsys=capsys)[0] == 0


@pytest.mark.parametrize("case", ["garbage", "missing", "not-meetingctl", "unknown-revision"])
def test_restore_checks_the_file_before_writing(demo_url, tmp_path, capsys, case) -> None:
    bad = tmp_path / "bad.db"
    if case == "garbage":
        bad.write_bytes(b"this is not a database" * 100)
    elif case == "not-meetingctl":
        with sqlite3.connect(bad) as connection:
            connection.execute("CREATE TABLE t (x)")
    elif case == "unknown-revision":
        assert cli(demo_url, "db", "backup", str(bad), capsys=capsys)[0] == 0
        with sqlite3.connect(bad) as connection:
            connection.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    database = Path(demo_url.removeprefix("sqlite:///"))
    before = database.read_bytes()
    code, _out, err = cli(demo_url, "db", "restore", str(bad), "--force", capsys=capsys)
    assert code == 2
    assert str(bad) in err
    expected = {
        "garbage": "not a SQLite database",
        "missing": "no such file",
        "not-meetingctl": "not a meetingctl one",
        "unknown-revision": "ffff9999 is unknown",
    }[case]
    assert expected in err
    assert database.read_bytes() == before


def test_a_refused_restore_creates_no_directory(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage")
    url = f"sqlite:///{tmp_path / 'new' / 'dir' / 'm.db'}"
    code, _out, err = cli(url, "db", "restore", str(bad), capsys=capsys)
    assert code == 2 and "not a SQLite database" in err
    assert not (tmp_path / "new").exists()


def test_restore_on_postgresql_names_pg_restore(tmp_path, capsys) -> None:
    url = "postgresql://secretariat:s3cr3t-pw@db.example.org/meetings"
    code, _out, err = cli(url, "db", "restore", str(tmp_path / "m.dump"), capsys=capsys)
    assert code == 2 and "pg_restore" in err and "s3cr3t" not in err


def _people_csv(tmp_path: Path, rows: int) -> Path:
    lines = [
        f"P{i},Family{i},p{i}@example.org,Chile,Female,Org {i % 5},Civil society\n"
        for i in range(rows)
    ]
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def test_people_import_hints_at_a_backup_for_a_large_change(engine_url, tmp_path, capsys) -> None:
    code, _out, err = cli(
        engine_url, "people", "import", str(_people_csv(tmp_path, 3)), capsys=capsys
    )
    assert code == 0, err
    assert "backup" not in err
    code, _out, err = cli(
        engine_url, "people", "import", str(_people_csv(tmp_path, 60)), capsys=capsys
    )
    assert code == 0, err
    assert "take a backup first" in err and "meetingctl db backup" in err


def test_people_import_backup_option_takes_one_first(demo_url, tmp_path, capsys) -> None:
    backup = tmp_path / "before-import.db"
    code, _out, err = cli(
        demo_url,
        "people",
        "import",
        str(_people_csv(tmp_path, 60)),
        "--backup",
        str(backup),
        capsys=capsys,
    )
    assert code == 0, err
    assert "take a backup first" not in err
    assert count(backup, "person") == 40  # the database as it was before the import
    factory = make_session_factory(make_engine(demo_url))
    with transaction(factory) as db:
        assert db.scalar(select(func.count()).select_from(Person)) == 100
        assert db.scalar(select(func.count()).select_from(AuditEntry)) >= 1
    # an existing backup file is never overwritten: the import does not start
    code, _out, err = cli(
        demo_url,
        "people",
        "import",
        str(_people_csv(tmp_path, 3)),
        "--backup",
        str(backup),
        capsys=capsys,
    )
    assert code == 2 and "already exists" in err
