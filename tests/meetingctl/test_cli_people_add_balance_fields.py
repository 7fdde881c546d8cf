"""`people add` takes the balance fields of issue 16 (government sector and level, year of
birth, consented self-identification), refuses bad values naming the option's field, and the
audit log records that sensitive fields changed without their values."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from agenda.model.orm import AuditEntry, Person
from agenda.model.uow import transaction
from agenda.people.edit import update_person
from meetingctl.cli import main


def cli(url: str, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_people_add_with_balance_fields(engine_url, db_factory, capsys) -> None:
    code, _, err = cli(
        engine_url,
        "people", "add", "--given-name", "Rosa", "--category", "member_state",
        "--country", "GT", "--gov-sector", "labour", "--gov-level", "local",
        "--birth-year", "1958", "--self-id", "indigenous", "--self-id-consent", "2021-03-01",
        capsys=capsys,
    )  # fmt: skip
    assert code == 0, err
    with transaction(db_factory) as db:
        rosa = db.scalars(select(Person)).one()
        assert (rosa.gov_sector, rosa.gov_level, rosa.birth_year) == ("labour", "local", 1958)
        assert rosa.self_identification == ["indigenous"]
        assert rosa.self_id_consent_at is not None
        update_person(db, rosa.id, actor="t", self_identification=["disability"])
    with transaction(db_factory) as db:
        entries = [json.dumps(e.details) for e in db.scalars(select(AuditEntry))]
    assert any("(sensitive)" in e for e in entries)
    assert not any("disability" in e or "indigenous" in e or "1958" in e for e in entries)


@pytest.mark.parametrize(
    ("option", "value", "field"),
    [
        ("--gov-sector", "defence", "gov_sector"),
        ("--gov-level", "regional", "gov_level"),
        ("--birth-year", "1800", "birth_year"),
        ("--self-id", "left-handed", "self_identification"),
        ("--self-id-consent", "yesterday", "self_id_consent_at"),
    ],
)
def test_people_add_refuses_bad_balance_values(
    engine_url, db_factory, capsys, option, value, field
):
    code, _, err = cli(
        engine_url, "people", "add", "--given-name", "X", option, value, capsys=capsys
    )
    assert code != 0 and field in err and "Traceback" not in err
    with transaction(db_factory) as db:
        assert db.scalars(select(Person)).first() is None
