"""Run the benchmarks: ``python -m bench [topic ...]`` (MEETINGCTL_BENCH_SCALE=0.1 for a quick run).

Each benchmark prints its figures and, where an issue names a floor, the ratio to it.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = [a if a.startswith("bench_") else f"bench_{a}" for a in argv] or names
    unknown = sorted(set(wanted) - set(names))
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(names)}",
            file=sys.stderr,
        )
        return 2
    failures = 0
    for name in wanted:
        print(f"== {name.removeprefix('bench_')}")
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            for line in module.run():
                print(f"   {line}")
        except Exception as exc:  # noqa: BLE001 - report and continue with the others
            failures += 1
            print(f"   FAILED: {type(exc).__name__}: {exc}")
        print(f"   ({time.perf_counter() - started:.1f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
