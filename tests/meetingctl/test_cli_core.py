"""The foundation commands through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import click

from meetingctl.cli import cli
from tests.conftest import run_cli


def _all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _all_commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def test_every_command_has_help() -> None:
    from click.testing import CliRunner

    runner = CliRunner()
    commands = _all_commands(cli)
    assert (
        ("init",) in commands and ("agenda", "show") in commands and ("people", "list") in commands
    )
    for path in commands:
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage:" in result.output


def test_init_show_and_people_list(engine_url: str) -> None:
    created = run_cli(
        "--db",
        engine_url,
        "init",
        "--template",
        "gcm-regional-review",
        "--title",
        "Regional review",
        "--start",
        "2021-04-26",
        "--days",
        "2",
        "--tz",
        "America/Santiago",
    )
    assert created.returncode == 0, created.stderr
    shown = run_cli("--db", engine_url, "agenda", "show", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    document = json.loads(shown.stdout)
    assert document["timezone"] == "America/Santiago"
    opening = next(s for s in document["sessions"] if s["kind"] == "opening")
    assert opening["start"] == "2021-04-26T09:00:00-04:00"
    assert opening["day"] == 1
    mexico = json.loads(
        run_cli(
            "--db", engine_url, "agenda", "show", "--format", "json", "--tz", "America/Mexico_City"
        ).stdout
    )
    assert (
        next(s for s in mexico["sessions"] if s["kind"] == "opening")["start"]
        == "2021-04-26T08:00:00-05:00"
    )
    text = run_cli("--db", engine_url, "agenda", "show", "--lang", "es")
    assert "Día 1 - lunes 26 de abril de 2021 (UTC-04:00)" in text.stdout
    assert "Mesa redonda 1" in text.stdout
    listed = run_cli("--db", engine_url, "people", "list")
    assert listed.returncode == 0 and "0 people" in listed.stdout


def test_errors_are_clear_without_traceback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    no_schema = run_cli("--db", url, "agenda", "show")
    assert no_schema.returncode == 2
    assert "meetingctl db upgrade" in no_schema.stderr and "Traceback" not in no_schema.stderr
    bad_zone = run_cli(
        "--db", url, "init", "--title", "T", "--start", "2021-04-26", "--tz", "America/Santigo"
    )
    assert bad_zone.returncode == 2
    assert "did you mean America/Santiago" in bad_zone.stderr
    bad_date = run_cli("--db", url, "init", "--title", "T", "--start", "26/04/2021")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    assert run_cli("--db", url, "db", "upgrade").returncode == 0
    empty = run_cli("--db", url, "agenda", "show")
    assert empty.returncode == 2 and "meetingctl init" in empty.stderr


def test_demo_prints_agenda_without_terminal(tmp_path: Path) -> None:
    result = run_cli("demo", "--print")
    assert result.returncode == 0, result.stderr
    assert "Round table 5" in result.stdout
    assert "Policy debate" in result.stdout or "policy debate" in result.stdout
    assert "moderator:" in result.stdout
    people = run_cli(
        "--db", result.stderr.split("Demo database: ", 1)[1].split()[0], "people", "list"
    )
    assert people.returncode == 0
    assert people.stdout.strip().endswith("150 people")
