"""Roster CSV rows that cannot be read safely: unclosed quotes, oversized cells, extra cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from agenda.people.files import PeopleFileError, read_people_file

HEADER = "Given name,Family name,Email\n"
GOOD = "Ana,Pérez,ana@example.org\n"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + GOOD + body, encoding="utf-8")
    return path


def test_an_unclosed_quote_names_the_row_in_plain_words(tmp_path: Path) -> None:
    path = _write(tmp_path, 'Jean,"Baptiste,jean@example.org\nSam,Rivera,sam@example.org\n')
    with pytest.raises(PeopleFileError) as caught:
        read_people_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: row 3: ") and "never closed" in message


def test_a_cell_above_the_field_limit_names_the_row_and_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, 'Jean,"' + "y" * 200_000 + '",jean@example.org\n')
    with pytest.raises(PeopleFileError) as caught:
        read_people_file(path)
    assert "row 3" in str(caught.value) and "longer than 131072 characters" in str(caught.value)


def test_a_row_with_extra_cells_is_rejected_not_accepted_silently(tmp_path: Path) -> None:
    result = read_people_file(_write(tmp_path, "Jean,Baptiste,jean@example.org,surplus\n"))
    assert [error.row for error in result.errors] == [3]
    assert "4 cells but the header only 3 columns" in str(result.errors[0])
    assert [record.email for record in result.rows] == ["ana@example.org"]
    assert "la fila tiene 4 celdas" in result.errors[0].message("es")


def test_trailing_empty_cells_are_fine(tmp_path: Path) -> None:
    result = read_people_file(_write(tmp_path, "Jean,Baptiste,jean@example.org,,\n"))
    assert result.ok and len(result.rows) == 2


def test_a_mapping_file_naming_absent_columns_is_named_with_the_people_file(
    tmp_path: Path,
) -> None:
    roster = _write(tmp_path, "")
    mapping = tmp_path / "columns.json"
    mapping.write_text('{"Nombre": "given_name"}', encoding="utf-8")
    with pytest.raises(PeopleFileError) as caught:
        read_people_file(roster, mapping)
    message = str(caught.value)
    assert message.startswith(f"{mapping}: the mapping names column(s) not in {roster}: ")
    assert str(roster) in caught.value.message("es")
