"""`meetingctl people add`: one person, with the checks of an import row."""

from __future__ import annotations

import json

from sqlalchemy import select

from agenda.model.enums import Gender
from agenda.model.orm import Person
from agenda.model.uow import transaction
from meetingctl.cli import main


def test_people_add_creates_a_person_and_refuses_bad_values(engine_url, db_factory, capsys) -> None:
    code = main(
        [
            "--db",
            engine_url,
            "people",
            "add",
            "--given-name",
            "Lucía",
            "--family-name",
            "Zúñiga",
            "--email",
            "lucia@example.org",
            "--country",
            "Chile",
            "--gender",
            "woman",
            "--organization",
            "Cancillería",
            "--position",
            "Directora",
            "--delegation",
            "CL",
            "--head-of-delegation",
            "--language",
            "es",
            "--language",
            "English",
            "--zone",
            "America/Santiago",
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.out.startswith("Added person ") and "Lucía Zúñiga <lucia@example.org>" in out.out
    with transaction(db_factory) as db:
        person = db.scalars(select(Person)).one()
        assert (person.country, person.gender, person.delegation) == ("CL", Gender.WOMAN, "CL")
        assert person.organization is not None and person.organization.name == "Cancillería"
        assert person.head_of_delegation and person.languages == ["es", "en"]
        assert person.timezone == "America/Santiago" and not person.is_youth
    again = main(["--db", engine_url, "people", "add", "--given-name", "Otra",
                  "--email", "LUCIA@example.org"])  # fmt: skip
    err = capsys.readouterr().err
    assert again == 2 and "already belongs to person" in err
    bad_zone = main(["--db", engine_url, "people", "add", "--given-name", "X", "--zone", "Mars/X"])
    assert bad_zone == 2 and "time zone" in capsys.readouterr().err
    listed = main(["--db", engine_url, "people", "list", "--format", "json"])
    assert listed == 0
    assert [p["name"] for p in json.loads(capsys.readouterr().out)] == ["Lucía Zúñiga"]
