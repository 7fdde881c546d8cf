"""`meetingctl people assign/status/substitute/unassign/roles` through the command."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from agenda.model.enums import Gender, SessionKind
from agenda.model.orm import Meeting, Person, Session
from agenda.model.uow import transaction
from meetingctl.cli import main


@pytest.fixture
def small(engine_url, db_factory):
    start = datetime(2021, 4, 26, 14, tzinfo=UTC)
    with transaction(db_factory) as db:
        meeting = Meeting(
            slug="m", title_en="M", home_tz="America/Santiago", start_date=date(2021, 4, 26)
        )
        meeting.sessions.append(
            Session(
                uid="rt1",
                kind=SessionKind.ROUND_TABLE,
                title_en="RT",
                start=start,
                end=start + timedelta(hours=1),
            )
        )
        people = [
            Person(given_name=name, family_name="Test", gender=Gender.WOMAN, country="CL")
            for name in ("Holder", "Sub", "Third")
        ]
        db.add(meeting)
        db.add_all(people)
        db.flush()
        return engine_url, meeting.sessions[0].id, [p.id for p in people]


def cli(url: str, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def roles(url: str, capsys) -> dict[int, dict]:
    code, out, _ = cli(url, "people", "roles", "--format", "json", capsys=capsys)
    assert code == 0
    return {row["id"]: row for row in json.loads(out)}


def test_pipeline_and_substitutes_through_the_command(small, capsys) -> None:
    url, session_id, (holder, sub, _third) = small
    code, out, _ = cli(
        url,
        "people",
        "assign",
        "--session",
        str(session_id),
        "--person",
        str(holder),
        "--role",
        "moderator",
        capsys=capsys,
    )
    assert code == 0
    holder_assignment = int(re.search(r"Assignment (\d+)", out).group(1))
    code, out, _ = cli(
        url,
        "people",
        "substitute",
        "--assignment",
        str(holder_assignment),
        "--person",
        str(sub),
        capsys=capsys,
    )
    assert code == 0
    sub_assignment = int(re.search(r"Assignment (\d+)", out).group(1))
    for status in ("invited", "accepted", "confirmed"):
        assert (
            cli(
                url,
                "people",
                "status",
                "--assignment",
                str(holder_assignment),
                "--to",
                status,
                capsys=capsys,
            )[0]
            == 0
        )
    code, _, err = cli(
        url,
        "people",
        "status",
        "--assignment",
        str(holder_assignment),
        "--to",
        "invited",
        capsys=capsys,
    )
    assert code == 2 and "from confirmed to invited" in err and "withdrawn" in err
    code, out, _ = cli(
        url,
        "people",
        "status",
        "--assignment",
        str(holder_assignment),
        "--to",
        "withdrawn",
        "--note",
        "ill",
        capsys=capsys,
    )
    assert code == 0 and f"Substitute promoted: assignment {sub_assignment}" in out
    listing = roles(url, capsys)
    assert listing[holder_assignment]["status"] == "withdrawn"
    assert [h["to"] for h in listing[holder_assignment]["history"]] == [
        "nominated",
        "invited",
        "accepted",
        "confirmed",
        "withdrawn",
    ]
    assert listing[holder_assignment]["history"][-1]["note"] == "ill"
    assert listing[sub_assignment]["substitute_for"] is None
    assert listing[sub_assignment]["role"] == "moderator"


def test_bad_role_arguments_are_refused(small, capsys) -> None:
    url, session_id, (holder, *_rest) = small
    code, _, err = cli(
        url,
        "people",
        "assign",
        "--session",
        "999",
        "--person",
        str(holder),
        "--role",
        "panellist",
        capsys=capsys,
    )
    assert code == 2 and "no session with id 999" in err
    code, _, err = cli(
        url,
        "people",
        "assign",
        "--session",
        str(session_id),
        "--person",
        str(holder),
        "--role",
        "juggler",
        capsys=capsys,
    )
    assert code == 2 and "juggler" in err
    code, _, err = cli(url, "people", "substitute", "--assignment", "1", capsys=capsys)
    assert code == 2 and "--person ID" in err


def test_unassign_with_stale_version_is_a_conflict(small, capsys) -> None:
    url, session_id, (holder, *_rest) = small
    out = cli(
        url,
        "people",
        "assign",
        "--session",
        str(session_id),
        "--person",
        str(holder),
        "--role",
        "panellist",
        capsys=capsys,
    )[1]
    assignment = int(re.search(r"Assignment (\d+)", out).group(1))
    cli(url, "people", "status", "--assignment", str(assignment), "--to", "invited", capsys=capsys)
    code, _, err = cli(
        url,
        "people",
        "unassign",
        "--assignment",
        str(assignment),
        "--expected-version",
        "1",
        capsys=capsys,
    )
    assert code == 3 and "changed by someone else" in err
    assert cli(url, "people", "unassign", "--assignment", str(assignment), capsys=capsys)[0] == 0
    assert roles(url, capsys) == {}
