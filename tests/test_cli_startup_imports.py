"""Issue 19 item 2: the command line starts without the heavy libraries it does not need.

``meetingctl --help``, ``meetingctl agenda show --help`` and ``meetingctl agenda show`` on a
real database run in a fresh interpreter; the document, imaging, HTTP, calendar, scheduler and
migration libraries must not be loaded (they are imported inside the commands that use them).
Speed itself is measured in ``bench/``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

HEAVY = ("docx", "reportlab", "PIL", "requests", "msal", "icalendar", "apscheduler", "alembic")

_PROBE = r"""
import contextlib, io, json, sys
from meetingctl.cli import main
shown = io.StringIO()
with contextlib.redirect_stdout(shown):
    code = main(json.loads(sys.argv[1]))
heavy = json.loads(sys.argv[2])
loaded = sorted({m.split(".")[0] for m in sys.modules} & set(heavy))
print(json.dumps({"code": code, "loaded": loaded, "help": shown.getvalue()}))
"""


def _probe(args: list[str], tmp_path) -> dict[str, object]:  # type: ignore[no-untyped-def]
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), MEETINGCTL_CONFIG="")
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["code"] == 0, result.stderr
    return found


@pytest.mark.parametrize("args", [["--help"], ["agenda", "show", "--help"]], ids=" ".join)
def test_help_loads_none_of_the_heavy_libraries(args: list[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    found = _probe(args, tmp_path)
    assert "Usage:" in str(found["help"])  # the help was really shown
    assert found["loaded"] == [], f"`meetingctl {' '.join(args)}` imported {found['loaded']}"


def test_agenda_show_loads_none_of_the_heavy_libraries(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import run_cli

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    made = run_cli("--db", url, "demo", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    found = _probe(["--db", url, "agenda", "show"], tmp_path)
    assert "Usage:" not in str(found["help"]) and str(found["help"]).strip()  # a programme
    assert found["loaded"] == [], f"`meetingctl agenda show` imported {found['loaded']}"
