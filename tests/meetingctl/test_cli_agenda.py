"""`meetingctl agenda check|publish|diff|shift-day|best-time|local-times|show` through the real
command on the demo programme."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tests.conftest import run_cli


def _in_process(args, capsys):
    """The real entry point (meetingctl.cli.main) without a subprocess: same parsing, exit codes
    and error printing, much faster; a few calls per test still go through `python -m`."""
    from meetingctl.cli import main

    code = main(list(args))
    captured = capsys.readouterr()
    return SimpleNamespace(returncode=code, stdout=captured.out, stderr=captured.err)


@pytest.fixture
def cli(engine, engine_url, tmp_path, capsys):
    url = engine_url
    config = tmp_path / "config.toml"
    config.write_text('[agenda.rules.moderator-missing]\nseverity = "info"\n')

    def run(*args: str, expect: int = 0, real: bool = False):
        if real:
            result = run_cli("--db", url, "--config", str(config), *args)
        else:
            result = _in_process(["--db", url, "--config", str(config), *args], capsys)
        assert result.returncode == expect, (result.stdout, result.stderr)
        return result

    run("demo", "--print", "--people", "40", "--year", "2021")
    run.config = config
    return run


def test_check_publish_diff_cycle(cli):
    report = json.loads(cli("agenda", "check", "--format", "json").stdout)
    assert report["summary"]["error"] == 0
    document = json.loads(cli("agenda", "show", "--format", "json").stdout)
    by_kind = {s["kind"]: s for s in document["sessions"]}
    keynote, closing = by_kind["keynote"], by_kind["closing"]
    assert keynote["roles"][0]["local_start"] and keynote["roles"][0]["timezone"]

    assert "Published version 1" in cli("agenda", "publish", "--note", "first").stdout
    # the keynote now overlaps the first round table: an error, exit 2, publishing refused
    cli("session", "move", str(keynote["id"]), "--by", "+30")
    report = json.loads(cli("agenda", "check", "--format", "json", expect=2, real=True).stdout)
    overlap = [f for f in report["findings"] if f["rule_id"] == "overlap-track"]
    assert overlap and keynote["id"] in overlap[0]["session_ids"]
    assert "overlap" in cli("agenda", "check", "--lang", "en", expect=2).stdout
    assert "se superponen" in cli("agenda", "check", "--lang", "es", expect=2).stdout
    refused = cli("agenda", "publish", expect=2)
    assert "error(s)" in refused.stderr and "--force" in refused.stderr

    cli("session", "move", str(keynote["id"]), "--by", "-30")
    cli("agenda", "shift-day", "--day", "2", "--by", "+15")
    pending = json.loads(cli("agenda", "diff", "1", "current", "--format", "json").stdout)
    assert (pending["from"], pending["to"]) == ("v1", "current")
    assert closing["uid"] in {c["uid"] for c in pending["moved"]}
    assert keynote["uid"] not in {c["uid"] for c in pending["moved"]}

    cli("agenda", "publish")
    text = cli("agenda", "diff").stdout
    assert "Changes from v1 to v2" in text and f"#{closing['id']}" in text and "moved" in text
    data = json.loads(cli("agenda", "diff", "--format", "json").stdout)
    moved = next(c for c in data["moved"] if c["uid"] == closing["uid"])
    assert sorted(moved["affected_people"]) == sorted(r["person_id"] for r in closing["roles"])
    assert "v2" in cli("agenda", "versions").stdout


def test_strict_warnings_best_time_and_local_times(cli):
    cli.config.write_text('[agenda]\nworking_hours_start = "10:00"\nworking_hours_end = "18:00"\n')
    report = json.loads(cli("agenda", "check", "--format", "json").stdout)
    assert report["working_hours"] == "10:00-18:00"
    assert {f["rule_id"] for f in report["findings"]} >= {"out-of-hours", "moderator-missing"}
    cli("agenda", "check", "--strict", expect=1, real=True)

    ranked = json.loads(
        cli(
            "agenda",
            "best-time",
            "--day",
            "1",
            "--duration",
            "3h",
            "--format",
            "json",
            "--top",
            "5",
        ).stdout
    )
    counts = [c["out_of_hours"] for c in ranked["candidates"]]
    assert len(counts) == 5 and counts == sorted(counts) and ranked["people"] > 10
    text = cli("agenda", "best-time", "--day", "1", "--duration", "3h", "--tz", "UTC").stdout
    assert "times in UTC" in text
    document = json.loads(cli("agenda", "show", "--format", "json").stdout)
    session_id = next(s["id"] for s in document["sessions"] if s["kind"] == "opening")
    rows = json.loads(
        cli("agenda", "local-times", "--session", str(session_id), "--format", "json").stdout
    )["people"]
    assert rows and all(r["local_start"][:10] == "2021-04-26" for r in rows)
    bad = cli("agenda", "show", "--tz", "America/Mexico City", expect=2)
    assert "America/Mexico_City" in bad.stderr
