"""Benchmark: import a generated 10,000-row people CSV into the database (issue 4), parse and
write in one transaction, then the same file again (every row merges into an existing person).

Run: python -m bench import_db  (MEETINGCTL_BENCH_SCALE=0.1 shrinks the file).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from agenda.model.uow import transaction
from agenda.people.files import read_people_file
from agenda.people.importer import import_people
from bench.bench_import import write_sample
from meetingctl.db import make_engine, make_session_factory, upgrade

DEFAULT_ROWS = 10_000


def _import(factory, path: Path) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = read_people_file(path)
    parsed = time.perf_counter() - started
    with transaction(factory) as db:
        summary = import_people(db, result.rows, "bench", source=path.name)
    return parsed, time.perf_counter() - started, summary


def run() -> list[str]:
    """Generate the CSV, import it into a fresh SQLite database twice, report the times."""
    scale = float(os.environ.get("MEETINGCTL_BENCH_SCALE", "1.0"))
    rows = max(10, int(DEFAULT_ROWS * scale))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        write_sample(path, rows)
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        factory = make_session_factory(engine)
        parsed, total, first = _import(factory, path)
        _, again_total, second = _import(factory, path)
        engine.dispose()
    return [
        f"import into the database: {rows} rows in {total:.2f} s ({parsed:.2f} s parsing) "
        f"= {rows / total:,.0f} rows/s; {len(first.created)} created, "  # type: ignore[attr-defined]
        f"{len(first.organizations_created)} organizations",  # type: ignore[attr-defined]
        f"re-import of the same file (merge): {again_total:.2f} s; "
        f"{len(second.updated)} updated, {len(second.unchanged)} unchanged",  # type: ignore[attr-defined]
    ]


if __name__ == "__main__":
    for line in run():
        print(line)
