"""Dependencies point one way: meetingctl -> integrations -> agenda; agenda stays pure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

FORBIDDEN_IN_AGENDA = {
    "textual",
    "requests",
    "msal",
    "smtplib",
    "apscheduler",
    "integrations",
    "meetingctl",
}
FORBIDDEN_IN_INTEGRATIONS = {"textual", "meetingctl"}


def _loaded_after_importing(packages: list[str]) -> set[str]:
    code = (
        "import importlib, json, pkgutil, sys\n"
        f"for name in {packages!r}:\n"
        "    package = importlib.import_module(name)\n"
        "    for info in pkgutil.walk_packages(package.__path__, name + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


def test_agenda_imports_nothing_forbidden() -> None:
    loaded = _loaded_after_importing(["agenda"])
    assert loaded & FORBIDDEN_IN_AGENDA == set()


def test_integrations_never_import_the_application_or_textual() -> None:
    loaded = _loaded_after_importing(["agenda", "integrations"])
    assert loaded & FORBIDDEN_IN_INTEGRATIONS == set()


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)),
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout
