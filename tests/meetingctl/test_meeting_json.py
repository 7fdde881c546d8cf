"""`export meeting` / `import meeting` (issue 18, item 11): the demo, with history, versions,
video links and inputs added, goes to JSON, into an empty database and back to the same JSON, on
SQLite and PostgreSQL; a malformed document is refused naming its key, writing nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, inspect, select

from agenda.model.enums import InvitationStatus
from agenda.model.orm import (
    AgendaVersion,
    Organization,
    RoleAssignment,
    StakeholderInput,
    StatusChange,
    VideoLink,
)
from agenda.model.uow import transaction
from meetingctl.cli import main
from meetingctl.db import make_session_factory, metadata
from tests.conftest import url_of


def cli(url: str, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _enrich(engine: Engine) -> None:
    """Add what the demo lacks: a status history, a substitute, a published version, a video
    link and a stakeholder input (non-ASCII text and aware times included)."""
    with transaction(make_session_factory(engine)) as db:
        first, second = db.scalars(select(RoleAssignment).order_by(RoleAssignment.id).limit(2))
        first.status = InvitationStatus.INVITED
        db.add(StatusChange(assignment_id=first.id, old_status="nominated", new_status="invited"))
        second.substitute_for_id = first.id
        meeting_id = first.session.meeting_id
        db.add(
            AgendaVersion(
                meeting_id=meeting_id,
                number=1,
                actor="ana",
                note="primera versión",
                snapshot={"sessions": [{"uid": first.session.uid, "título": "Apertura"}]},
            )
        )
        db.add(
            VideoLink(
                meeting_id=meeting_id,
                session_id=first.session_id,
                scope_key=f"session:{first.session.uid}",
                platform="zoom",
                external_id="123",
                join_url="https://zoom.example/j/123",
                interpretation_applied=None,
            )
        )
        db.add(
            StakeholderInput(
                meeting_id=meeting_id,
                organization="Red de Migrantes",
                country="CL",
                objectives=[2, 23],
                text="Propuesta «urgente»",
                received_at=datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC),
            )
        )


@pytest.fixture
def source(backend, database_url_factory) -> str:
    engine = database_url_factory(backend)
    url = url_of(engine)
    assert main(["--db", url, "demo", "--print", "--people", "60"]) == 0
    _enrich(engine)
    return url


def test_round_trip_gives_the_same_document(
    source, backend, database_url_factory, tmp_path, capsys
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    code, out, err = cli(source, "export", "meeting", "-o", str(first), capsys=capsys)
    assert code == 0, err
    assert "60 people" in out and "1 agenda versions" in out
    target_engine = database_url_factory(backend)
    target = url_of(target_engine)
    code, out, err = cli(target, "import", "meeting", str(first), capsys=capsys)
    assert code == 0, err
    assert "Imported meeting" in out
    code, _out, err = cli(target, "export", "meeting", "-o", str(second), capsys=capsys)
    assert code == 0, err
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    document = json.loads(first.read_text(encoding="utf-8"))
    for key in ("status_changes", "agenda_versions", "video_links", "stakeholder_inputs"):
        assert document[key], key
    assert any(row["substitute_for_id"] for row in document["role_assignments"])
    # the ids were kept, and new rows still get fresh ones (PostgreSQL sequences moved on)
    with transaction(make_session_factory(target_engine)) as db:
        db.add(Organization(name="Nueva organización"))
        db.flush()
        assert (
            db.scalar(select(func.count()).select_from(Organization))
            == len(document["organizations"]) + 1
        )
    # the agenda reads the same from both databases
    assert (
        cli(source, "agenda", "show", capsys=capsys)[1]
        == cli(target, "agenda", "show", capsys=capsys)[1]
    )


def test_import_into_a_database_that_is_not_empty_is_refused(source, tmp_path, capsys) -> None:
    document = tmp_path / "m.json"
    assert cli(source, "export", "meeting", "-o", str(document), capsys=capsys)[0] == 0
    code, _out, err = cli(source, "import", "meeting", str(document), capsys=capsys)
    assert code == 2 and "not empty" in err


def _break(document: dict[str, Any], case: str) -> str:
    """Spoil ``document`` in one way; the key the message must name."""
    if case == "missing-part":
        del document["people"]
        return "'people'"
    if case == "unknown-part":
        document["outbox"] = []
        return "'outbox'"
    if case == "wrong-type":
        document["people"][3]["email"] = 42
        return "people[3].email"
    if case == "missing-column":
        del document["sessions"][1]["start"]
        return "sessions[1].start"
    if case == "naive-time":
        document["sessions"][0]["end"] = "2026-05-05T10:00:00"
        return "sessions[0].end"
    if case == "bad-enum":
        document["role_assignments"][0]["status"] = "maybe"
        return "role_assignments[0].status"
    if case == "dangling-reference":
        document["role_assignments"][2]["person_id"] = 999999
        return "role_assignments[2].person_id"
    if case == "too-long":
        document["organizations"][0]["acronym"] = "X" * 41
        return "organizations[0].acronym"
    if case == "meeting-not-object":
        document["meeting"] = [document["meeting"]]
        return "'meeting'"
    if case == "other-schema":
        document["schema_revision"] = "0000"
        return "'schema_revision'"
    raise AssertionError(case)


CASES = [
    "missing-part",
    "unknown-part",
    "wrong-type",
    "missing-column",
    "naive-time",
    "bad-enum",
    "dangling-reference",
    "too-long",
    "meeting-not-object",
    "other-schema",
]


@pytest.mark.parametrize("case", CASES)
def test_malformed_document_names_the_key_and_writes_nothing(
    source, backend, database_url_factory, tmp_path, capsys, case
) -> None:
    good = tmp_path / "good.json"
    assert cli(source, "export", "meeting", "-o", str(good), capsys=capsys)[0] == 0
    document = json.loads(good.read_text(encoding="utf-8"))
    key = _break(document, case)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    target_engine = database_url_factory(backend)
    code, out, err = cli(url_of(target_engine), "import", "meeting", str(bad), capsys=capsys)
    assert code == 2, out + err
    assert str(bad) in err and key in err, err
    assert "Traceback" not in err
    assert not set(inspect(target_engine).get_table_names()) & set(metadata().tables)


def test_invalid_json_names_the_line(backend, database_url_factory, tmp_path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "meetingctl-meeting",\n "people": [}', encoding="utf-8")
    code, _out, err = cli(
        url_of(database_url_factory(backend)), "import", "meeting", str(bad), capsys=capsys
    )
    assert code == 2 and "not valid JSON at line 2" in err and str(bad) in err


def test_the_document_leaves_out_the_outbox_and_the_lease(source, tmp_path, capsys) -> None:
    path = tmp_path / "m.json"
    assert cli(source, "export", "meeting", "-o", str(path), capsys=capsys)[0] == 0
    document = json.loads(path.read_text(encoding="utf-8"))
    assert set(document) == {
        "format",
        "format_version",
        "schema_revision",
        "meeting",
        "organizations",
        "people",
        "sessions",
        "session_objectives",
        "role_assignments",
        "status_changes",
        "agenda_versions",
        "video_links",
        "stakeholder_inputs",
        "audit_log",
    }
    assert Path(path).read_text(encoding="utf-8").count("partial") == 0
