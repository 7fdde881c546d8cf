"""Property: whatever the cells hold, every data row is either a clean record or rejected with
at least one reason, and no accepted text starts like a formula or holds control characters."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from agenda.people.files import read_people_file
from agenda.people.values import FORMULA_PREFIXES, has_control_characters

_cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["=1+1", "+x", "-", "@a", "Ana\nB", "Ana\x07", "México", "M", "Sí", "ONG"]),
    st.builds(lambda s: f"{s}@example.org", st.text(alphabet="abcxyz.", min_size=1, max_size=6)),
)
_row = st.lists(_cell, min_size=6, max_size=6)
_TEXT_FIELDS = ("given_name", "family_name", "email", "organization", "honorific")


@settings(max_examples=40, deadline=None)
@given(st.lists(_row, min_size=1, max_size=8))
def test_rows_are_either_clean_records_or_rejected(rows):
    assume(any(cell.strip() for row in rows for cell in row))  # else: "no data rows" error
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Nombre", "Apellidos", "Correo", "Organización", "Tratamiento", "País"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        result = read_people_file(path)
    accepted = {record.source_row for record in result.rows}
    rejected = {error.row for error in result.errors}
    dropped = {w.row for w in result.warnings if w.code == "duplicate_same"}
    assert not accepted & rejected
    assert len(accepted) + len(rejected) + len(dropped - rejected) == result.rows_read
    for record in result.rows:
        for name in _TEXT_FIELDS:
            value = getattr(record, name)
            if value:
                assert not value.lstrip(" ").startswith(FORMULA_PREFIXES), (name, value)
                assert not has_control_characters(value), (name, value)
    assert len({record.email_key for record in result.rows}) == len(result.rows)
