"""Issue 19 item 2: the command line starts without the heavy libraries it does not need.

``meetingctl --help`` and ``meetingctl agenda show --help`` run in a fresh interpreter; the
document, imaging, HTTP, calendar, scheduler and migration libraries must not be loaded (they
are imported inside the commands that use them). Speed itself is measured in ``bench/``.
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


@pytest.mark.parametrize("args", [["--help"], ["agenda", "show", "--help"]], ids=" ".join)
def test_help_loads_none_of_the_heavy_libraries(args: list[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
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
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["code"] == 0
    assert "Usage:" in found["help"]  # the help was really shown
    assert found["loaded"] == [], f"`meetingctl {' '.join(args)}` imported {found['loaded']}"
