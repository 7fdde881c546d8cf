"""Benchmark: the static programme site of the demo (issue 20): build it in memory and write it.

Figures: pages, feeds, size, time to build and to write (``meetingctl export site`` end to end
on a fresh demo database). No floor is named by the issue. Run: ``python -m bench site``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def run() -> Iterator[str]:
    """Create the demo, publish it, export the site twice (the second run updates in place)."""
    from meetingctl.context import AppContext

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        ctx = AppContext(database_url=f"sqlite:///{base / 'bench.db'}")
        ctx.services.meetings.create_demo()
        ctx.services.programme.publish("bench", force=True)
        for label in ("first export", "re-export in place"):
            started = time.perf_counter()
            result = ctx.services.site.export(base / "site", base_url="https://example.org/x")
            elapsed = time.perf_counter() - started
            yield (
                f"{label}: {result.pages} pages, {result.feeds} feeds, "
                f"{result.size / 1024:.0f} KiB in {elapsed * 1000:.0f} ms"
            )
        ctx.close()
