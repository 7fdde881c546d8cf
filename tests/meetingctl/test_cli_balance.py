"""`meetingctl balance` and `balance suggest` on the demo programme, through the command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from agenda.balance import RULE_IDS
from agenda.model.enums import Gender, SessionKind
from agenda.model.orm import Person, RoleAssignment, Session
from agenda.model.uow import transaction
from agenda.people import roster
from meetingctl.cli import main
from meetingctl.demo import create_demo
from tests.conftest import run_cli


@pytest.fixture
def demo(engine_url, db_factory):
    with transaction(db_factory) as db:
        create_demo(db, people_count=120, seed=11, year=2021)
    return engine_url, db_factory


def cli(url: str, *args: str, capsys, config: Path | None = None) -> tuple[int, str, str]:
    prefix = ["--config", str(config)] if config else []
    code = main([*prefix, "--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def rules_file(tmp_path: Path, severities: dict[str, str]) -> Path:
    path = tmp_path / "config.toml"
    lines = []
    for rule_id in RULE_IDS:
        lines += [f"[balance.rules.{rule_id}]", f'severity = "{severities.get(rule_id, "off")}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_single_gender_round_table(factory) -> int:
    """Turn the first round table into an all-men panel; return its id."""
    with transaction(factory) as db:
        table = db.scalars(
            select(Session).where(Session.kind == SessionKind.ROUND_TABLE).order_by(Session.start)
        ).first()
        for assignment in table.assignments:
            assignment.person.gender = Gender.MAN
        return table.id


def test_json_report_matches_the_database(demo, capsys) -> None:
    url, factory = demo
    code, out, _ = cli(url, "balance", "--format", "json", capsys=capsys)
    document = json.loads(out)
    errors = document["summary"]["errors"]
    assert code == (2 if errors else 0)
    with transaction(factory) as db:
        kinds = {s.id: s.kind for s in db.scalars(select(Session))}
    listed = [s["session_id"] for s in document["sessions"]]
    assert set(listed) == {sid for sid, kind in kinds.items() if kind != SessionKind.BREAK}
    for item in document["sessions"]:
        for dimension in ("gender", "region", "category"):
            block = item["composition"][dimension]
            assert (
                sum(block["counts"].values()) + block["undisclosed"] + block["unknown"]
                == (item["composition"]["size"])
            )


def test_exit_codes_clean_warning_strict_and_error(demo, tmp_path, capsys) -> None:
    url, factory = demo
    table = make_single_gender_round_table(factory)
    clean = rules_file(tmp_path, {})
    assert cli(url, "balance", capsys=capsys, config=clean)[0] == 0
    warn = rules_file(tmp_path, {"gender-single": "warning"})
    code, out, _ = cli(url, "balance", capsys=capsys, config=warn)
    assert code == 0 and "WARNING gender-single" in out
    assert cli(url, "balance", "--strict", capsys=capsys, config=warn)[0] == 1
    error = rules_file(tmp_path, {"gender-single": "error"})
    code, out, _ = cli(url, "balance", "--session", str(table), capsys=capsys, config=error)
    assert code == 2 and f"[{table}]" in out and "ERROR gender-single" in out
    code, out, _ = cli(
        url, "balance", "--session", str(table), "--lang", "es", capsys=capsys, config=error
    )
    assert "panel de un solo género" in out and "género:" in out


def test_csv_report_escapes_cells_and_lists_violations(demo, tmp_path, capsys) -> None:
    url, factory = demo
    table = make_single_gender_round_table(factory)
    with transaction(factory) as db:
        db.get(Session, table).title_en = "=cmd|' /C calc'!A0"
    config = rules_file(tmp_path, {"gender-single": "error"})
    code, out, _ = cli(url, "balance", "--format", "csv", capsys=capsys, config=config)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 2
    violations = [r for r in rows if r["record"] == "violation"]
    assert ("gender-single", str(table)) in [(r["rule"], r["session_id"]) for r in violations]
    assert {r["rule"] for r in violations} == {"gender-single"}
    assert all(not r["session"].startswith("=") for r in rows)
    men = [r for r in rows if r["session_id"] == str(table) and r["dimension"] == "gender"]
    assert [(r["key"], r["share"]) for r in men] == [("man", "1.0000")]


def test_unknown_rule_in_config_is_refused(demo, tmp_path, capsys) -> None:
    url, _ = demo
    path = tmp_path / "bad.toml"
    path.write_text('[balance.rules.gender-parity]\nseverity = "error"\n', encoding="utf-8")
    code, _, err = cli(url, "balance", capsys=capsys, config=path)
    assert code == 2 and "gender-parity" in err and "unknown rule id" in err


def test_suggest_and_apply_fix_the_session(demo, tmp_path, capsys) -> None:
    url, factory = demo
    table = make_single_gender_round_table(factory)
    config = rules_file(tmp_path, {"gender-single": "error"})
    code, out, _ = cli(
        url,
        "balance",
        "suggest",
        "--session",
        str(table),
        "--format",
        "json",
        capsys=capsys,
        config=config,
    )
    suggestions = json.loads(out)
    assert code == 0 and suggestions
    assert all(s["rule"] == "gender-single" for s in suggestions)
    first = suggestions[0]
    code, out, err = cli(
        url,
        "balance",
        "suggest",
        "--session",
        str(table),
        "--apply",
        "1",
        capsys=capsys,
        config=config,
    )
    assert code == 0 and "assignment" in err
    with transaction(factory) as db:
        added = db.scalars(
            select(RoleAssignment).where(
                RoleAssignment.session_id == table, RoleAssignment.person_id == first["person_id"]
            )
        ).one()
        assert db.get(Person, added.person_id).gender != Gender.MAN
    assert cli(url, "balance", "--session", str(table), capsys=capsys, config=config)[0] == 0


def test_status_changes_are_reflected_in_the_next_report(demo, tmp_path, capsys) -> None:
    url, factory = demo
    table = make_single_gender_round_table(factory)
    config = rules_file(tmp_path, {"gender-single": "error"})
    with transaction(factory) as db:
        woman = db.scalars(select(Person).where(Person.gender == Gender.WOMAN)).first()
        assignment = roster.assign(db, table, woman, "panellist", "t")
        assignment_id = assignment.id
    assert cli(url, "balance", "--session", str(table), capsys=capsys, config=config)[0] == 0
    for status in ("invited", "declined"):
        assert (
            cli(
                url,
                "people",
                "status",
                "--assignment",
                str(assignment_id),
                "--to",
                status,
                capsys=capsys,
            )[0]
            == 0
        )
    assert cli(url, "balance", "--session", str(table), capsys=capsys, config=config)[0] == 2


def test_subprocess_balance_unknown_session(demo) -> None:
    url, _ = demo
    result = run_cli("--db", url, "balance", "--session", "99999")
    assert result.returncode == 2 and "no session 99999" in result.stderr
    assert "Traceback" not in result.stderr
