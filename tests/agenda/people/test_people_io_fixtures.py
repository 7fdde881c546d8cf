"""The committed messy import fixtures (tests/agenda/people/fixtures) parse as documented.

Other suites (the CLI import) reuse these files; this keeps their expected outcome pinned.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agenda.people.files import PeopleFileError, read_people_file

FIXTURES = Path(__file__).parent / "fixtures"


def test_english_utf8_roster_is_fully_valid():
    result = read_people_file(FIXTURES / "people_en_utf8.csv")
    assert result.ok and result.warnings == []
    assert [p.country for p in result.rows] == ["CL", "HT", "JM", "BO", "PY"]
    assert [p.gender for p in result.rows] == ["woman", "man", "woman", "non_binary", "undisclosed"]
    assert [p.category for p in result.rows] == [
        "member_state",
        "member_state",
        "academia",
        "migrants",
        "trade_unions",
    ]
    assert result.rows[0].honorific == "H.E." and result.rows[0].head_of_delegation
    assert result.rows[4].languages == ("es", "gn")


def test_spanish_cp1252_semicolon_roster():
    result = read_people_file(FIXTURES / "people_es_cp1252_semicolon.csv")
    assert (result.encoding, result.delimiter) == ("cp1252", ";")
    assert result.ok
    assert [p.given_name for p in result.rows] == ["María José", "Íñigo", "Begoña"]
    assert [p.country for p in result.rows] == ["MX", "PE", "DO"]
    assert [p.category for p in result.rows] == ["member_state", "faith_based", "civil_society"]
    assert result.rows[2].gender == "undisclosed"


def test_bom_roster():
    result = read_people_file(FIXTURES / "people_bom.csv")
    assert [p.country for p in result.rows] == ["BR", "US"]


def test_messy_roster_reports_every_problem():
    result = read_people_file(FIXTURES / "people_messy.csv")
    assert [p.email for p in result.rows] == ["ana@example.org"]
    found = sorted((e.row, e.column, e.code) for e in result.errors)
    assert found == [
        (3, "Family name", "formula"),
        (4, "Given name", "control"),
        (5, "Given name", "control"),
        (7, "Email", "duplicate"),
        (8, "Country", "country_suggest"),
        (8, "Email", "email"),
    ]
    assert [(w.row, w.code) for w in result.warnings] == [(6, "duplicate_same")]


def test_custom_headers_need_the_mapping_file():
    with pytest.raises(PeopleFileError, match="missing required column"):
        read_people_file(FIXTURES / "people_custom_headers.csv")
    result = read_people_file(
        FIXTURES / "people_custom_headers.csv", FIXTURES / "people_mapping.toml"
    )
    assert result.rows[0].country == "DE"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("people_empty.csv", "the file is empty"),
        ("people_missing_columns.csv", "missing required column"),
    ],
)
def test_unusable_files(name, message):
    with pytest.raises(PeopleFileError, match=message):
        read_people_file(FIXTURES / name)
