"""Fixes from the user-acceptance review: database errors and the demo's reuse hint."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from meetingctl.cli import main


def test_unreachable_postgres_is_a_clear_error_without_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--db", "postgresql://nobody:s3cretpw@127.0.0.1:1/x", "agenda", "show"])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot connect to database" in err and "127.0.0.1:1/x" in err
    assert "check --db / MEETINGCTL_DATABASE_URL / [database] url" in err
    assert "s3cretpw" not in err and "Traceback" not in err and "sqlalche.me" not in err
    assert len(err.strip().splitlines()) == 1


def test_sqlite_under_a_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "notadir"
    blocker.write_text("x")
    code = main(["--db", f"sqlite:///{blocker}/sub/m.db", "init", "--template", "blank",
                 "--title", "T", "--start", "2030-01-07", "--tz", "America/Santiago"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert f"{blocker} is a file, not a directory" in err and "check --db" in err


def test_a_mistyped_sqlite_url_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "typo" / "sub" / "meetng.db"
    for command in (["agenda", "show"], ["people", "list"], ["outbox", "list"]):
        assert main(["--db", f"sqlite:///{typo}", *command]) == 2
        err = capsys.readouterr().err
        assert f"the database file {typo} does not exist" in err, command
        assert "meetingctl init" in err and "Traceback" not in err
    assert not (tmp_path / "typo").exists()


def test_unparsable_url_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "not a url", "agenda", "show"]) == 2
    assert "invalid database URL" in capsys.readouterr().err


def test_demo_tells_how_to_reuse_its_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'demo x.db'}"
    assert main(["--db", url, "demo", "--print", "--people", "20"]) == 0
    err = capsys.readouterr().err
    use_line = next(line for line in err.splitlines() if line.startswith("Use: meetingctl "))
    args = shlex.split(use_line.split("Use: meetingctl ", 1)[1].split("  (")[0])
    assert args[:2] == ["--db", url]
    assert main(args) == 0
    assert "Round table" in capsys.readouterr().out


def test_sqlite_file_that_cannot_be_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a-directory.db"
    folder.mkdir()
    code = main(["--db", f"sqlite:///{folder}", "agenda", "show"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"cannot connect to database sqlite:///{folder}: unable to open database file" in err
    assert "Traceback" not in err


def test_a_garbage_sqlite_file_is_named_with_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "meeting.db"
    garbage.write_bytes(b"this is not a database, just some text " * 200)
    code = main(["--db", f"sqlite:///{garbage}", "agenda", "show"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"the file {garbage}" in err and "not a SQLite database" in err
    assert "restore it from a backup" in err and "DatabaseError" not in err
    assert garbage.read_bytes().startswith(b"this is not a database")  # left as it was


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://user:pw@localhost/meeting", "mysql databases are not supported"),
        ("oracle://user:pw@localhost/meeting", "oracle databases are not supported"),
        (
            "postgresql+psycopg2://user:pw@localhost/meeting",
            "the postgresql driver 'psycopg2' is not installed",
        ),
    ],
)
def test_an_unsupported_database_url_names_the_driver_and_the_supported_urls(
    url: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", url, "agenda", "show"])
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err and "sqlite:///" in err and "postgresql://" in err
    assert "ModuleNotFoundError" not in err and "MySQLdb" not in err and ":pw@" not in err
