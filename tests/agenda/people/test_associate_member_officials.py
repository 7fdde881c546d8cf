"""A government official of an ECLAC associate member is categorized as an associate member,
not as a member State; member States' officials and other categories are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from agenda.people.files import read_people_file


@pytest.mark.parametrize(
    ("country", "category", "expected"),
    [
        ("Bermudas", "Gobierno", "associate_member"),
        ("Puerto Rico", "Ministerio", "associate_member"),
        ("Guyane", "Member State", "associate_member"),
        ("Islas Caimán", "Gobierno nacional", "associate_member"),
        ("Jamaica", "Gobierno", "member_state"),
        ("Bermuda", "Sociedad civil", "civil_society"),
        ("Saint-Martin", "Gobierno", "member_state"),
    ],
)
def test_category_follows_the_eclac_status(
    tmp_path: Path, country: str, category: str, expected: str
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        f"Nombre,Apellidos,Correo,País,Categoría\nAna,Pérez,ana@example.org,{country},{category}\n",
        encoding="utf-8",
    )
    result = read_people_file(roster)
    assert not result.errors
    assert result.rows[0].category == expected
