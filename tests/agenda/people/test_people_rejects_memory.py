"""Rejected rows are not all kept in memory: past the first ones they are spooled to disk as
they are read, and the rejects file is streamed from there."""

from __future__ import annotations

import csv
import tracemalloc
from pathlib import Path

from agenda.people.export import write_rejects_csv
from agenda.people.files import read_people_file
from agenda.people.records import MAX_KEPT_REJECTS

ROWS = 8_000
PAD = "x" * 1000


def _bad_roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Given name", "Family name", "Email", "Notes"])
        for i in range(ROWS):
            writer.writerow([f"Name{i}", f"Family{i}", f"not-an-address-{i}", PAD])
    return path


def test_many_rejected_rows_stay_out_of_memory_and_all_reach_the_rejects_file(
    tmp_path: Path,
) -> None:
    roster = _bad_roster(tmp_path)
    tracemalloc.start()
    result = read_people_file(roster)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.rejected_count == ROWS and not result.rows
    assert peak < 8 * 1024 * 1024, peak  # 2 MiB; keeping every rejected row took 14 MiB
    assert len(result.rejected) == MAX_KEPT_REJECTS and len(result.errors) == MAX_KEPT_REJECTS
    rejects = tmp_path / "rejects.csv"
    lines = [(error, cells) for error, cells in result.rejects()]
    assert len(lines) == ROWS and lines[-1][0].row == ROWS + 1
    assert lines[-1][1] == [
        f"Name{ROWS - 1}",
        f"Family{ROWS - 1}",
        f"not-an-address-{ROWS - 1}",
        PAD,
    ]
    assert lines[-1][0].message("es") != lines[-1][0].message("en")
    assert write_rejects_csv(result.errors, rejects, result) == MAX_KEPT_REJECTS
