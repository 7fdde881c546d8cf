"""A roster typed the way LAC organizers type it: the values that cannot be read are grouped by
distinct value with counts, mapped once (`--write-mapping`, then `--mapping`), stored for the
meeting and reused by the next import; the roster then imports completely."""

from __future__ import annotations

import csv
import shutil
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select

from agenda.model.orm import Person, ValueMapping
from agenda.model.uow import transaction
from meetingctl.cli import main
from meetingctl.db import make_session_factory

FIXTURES = Path(__file__).parents[1] / "agenda" / "people" / "fixtures"
ROSTER = FIXTURES / "lac_roster_typed.csv"
EXPECTED = {
    row["email"]: row
    for row in csv.DictReader((FIXTURES / "lac_roster_typed.expected.csv").open(encoding="utf-8"))
}
ANSWERS = {  # what the organizer writes into the mapping file, once
    "Rep. Dominicanaa": "DO",
    "Colectivo de base": "civil_society",
    "Red de Mujeres Migrantes": "migrant_diaspora_org",
    "Mujer cisgénero": "woman",
}


def run(url: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def meeting_url(engine, engine_url, capsys):  # type: ignore[no-untyped-def]
    code, _, err = run(
        engine_url, capsys, "init", "--template", "blank", "--title", "Review",
        "--start", "2027-04-26", "--tz", "America/Santiago",
    )  # fmt: skip
    assert code == 0, err
    return engine_url, make_session_factory(engine)


def _shares(factory) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Share of the roster's rows stored with the right country, category and gender (a row
    not imported counts as wrong for every field)."""
    with transaction(factory) as db:
        people = {p.email: p for p in db.scalars(select(Person))}
    right = {"country": 0, "category": 0, "gender": 0}
    for email, expected in EXPECTED.items():
        person = people.get(email)
        if person is None:
            continue
        right["country"] += person.country == expected["country"]
        right["category"] += person.category == expected["category"]
        right["gender"] += person.gender.value == expected["gender"]
    return {name: count / len(EXPECTED) for name, count in right.items()}


def _fill(mapping: Path) -> None:
    lines = []
    for line in mapping.read_text(encoding="utf-8").splitlines():
        for value, key in ANSWERS.items():
            if line.startswith(f'"{value}" = ""'):
                line = f'"{value}" = "{key}"'
        lines.append(line)
    mapping.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_unknown_values_are_grouped_mapped_once_and_the_roster_imports_completely(
    meeting_url, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    url, factory = meeting_url
    roster = tmp_path / "roster.csv"
    shutil.copy(ROSTER, roster)

    code, _, err = run(url, capsys, "people", "import", str(roster), "--skip-invalid")
    assert code == 0, err
    before = _shares(factory)
    assert all(share >= 0.95 for share in before.values()), before
    assert "'Mujer cisgénero' x 3" in err and "'Rep. Dominicanaa' x 2" in err
    assert "Dominican Republic (DO)" in err

    mapping = tmp_path / "values.toml"
    code, out, err = run(
        url, capsys, "people", "import", str(roster), "--write-mapping", str(mapping)
    )
    assert code == 0, err
    written = tomllib.loads(mapping.read_text(encoding="utf-8"))
    assert written["values"]["category"] == {
        "Colectivo de base": "",
        "Red de Mujeres Migrantes": "",
    }
    assert written["values"]["country"] == {"Rep. Dominicanaa": ""}
    assert written["columns"]["Nacionalidad"] == "country"
    assert "--mapping" in out

    _fill(mapping)
    code, out, err = run(url, capsys, "people", "import", str(roster), "--mapping", str(mapping))
    assert code == 0, err
    assert "x " not in err  # nothing left unreadable
    assert _shares(factory) == {"country": 1.0, "category": 1.0, "gender": 1.0}
    assert "4 value mappings stored" in out

    with transaction(factory) as db:
        stored = {(m.field, m.value, m.target) for m in db.scalars(select(ValueMapping))}
    assert ("country", "Rep. Dominicanaa", "DO") in stored
    assert ("gender", "Mujer cisgénero", "woman") in stored

    # the next roster of the same meeting, without the mapping file: the stored mappings apply
    later = tmp_path / "later.csv"
    later.write_text(
        "Nombre,Apellidos,Correo,País,Género,Tipo de actor\n"
        "Rosa,Luna,rosa@example.org,rep dominicanaa,MUJER CISGÉNERO,Colectivos de base\n",
        encoding="utf-8",
    )
    code, _, err = run(url, capsys, "people", "import", str(later))
    assert code == 0, err
    with transaction(factory) as db:
        rosa = db.scalar(select(Person).where(Person.email == "rosa@example.org"))
    assert rosa is not None
    assert (rosa.country, rosa.category, rosa.gender.value) == ("DO", "civil_society", "woman")


def test_a_mapping_to_something_that_is_not_a_key_is_refused_naming_it(
    meeting_url, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    url, factory = meeting_url
    mapping = tmp_path / "values.toml"
    mapping.write_text('[values.category]\n"Colectivo de base" = "colectivos"\n', encoding="utf-8")
    code, _, err = run(url, capsys, "people", "import", str(ROSTER), "--mapping", str(mapping))
    assert code != 0
    assert "values.toml" in err and "'Colectivo de base'" in err and "civil_society" in err
    assert "Traceback" not in err
    with transaction(factory) as db:
        assert db.scalar(select(Person)) is None
