"""Inputs CSV files that cannot be read name the file, the row and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from agenda.annex.inputs import read_inputs_csv
from agenda.model.errors import ValidationError

HEADER = "organization,country,category,objectives,text\n"
GOOD = "Red Migrante,MX,Civil society,2; 7,Access to services\n"


def _refusal(tmp_path: Path, body: str) -> tuple[Path, str]:
    path = tmp_path / "inputs.csv"
    path.write_text(HEADER + GOOD + body, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_inputs_csv(path)
    return path, str(caught.value)


def test_a_cell_above_the_csv_field_limit_names_file_row_and_limit(tmp_path: Path) -> None:
    path, message = _refusal(tmp_path, 'Org,MX,Academia,3,"' + "x" * 10_000_000 + '"\n')
    assert message.startswith(f"{path}: row 3: ")
    assert "longer than 131072 characters" in message and "Error: " not in message


def test_an_unclosed_quote_is_refused_not_swallowing_the_rest(tmp_path: Path) -> None:
    path, message = _refusal(tmp_path, 'Org,MX,Academia,3,"never closed\nOther,MX,,4,text\n')
    assert message.startswith(f"{path}: row 3: ") and "never closed" in message


def test_a_nul_byte_is_refused_with_its_row(tmp_path: Path) -> None:
    path, message = _refusal(tmp_path, "Org,MX,Academia,3,bro\x00ken\n")
    assert str(path) in message and "row 3: contains a NUL byte" in message


def test_cells_beyond_the_header_are_refused_with_their_row(tmp_path: Path) -> None:
    path, message = _refusal(tmp_path, "Org,MX,Academia,3,text,surplus\n")
    assert str(path) in message and "row 3: 6 cells but the header has 5 columns" in message


def test_trailing_empty_cells_are_still_accepted(tmp_path: Path) -> None:
    path = tmp_path / "inputs.csv"
    path.write_text(HEADER + GOOD.rstrip("\n") + ",,\n", encoding="utf-8")
    assert len(read_inputs_csv(path)) == 1


def test_an_oversized_inputs_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "inputs.csv"
    path.write_text(HEADER + GOOD * 20, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_inputs_csv(path, max_bytes=1000)
    assert str(caught.value).startswith(f"{path}: the file is ") and "split it" in str(caught.value)
