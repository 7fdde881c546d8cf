"""Every module of agenda, integrations and meetingctl imports on its own (no import cycle).

An import cycle shows only when the modules of the cycle are imported in a particular order, so
each module is imported first thing in an interpreter that has loaded none of the three
packages. One fresh interpreter per module would take minutes; instead one fresh interpreter
loads the third-party libraries, then forks a child per module (the child starts with none of
our modules loaded, exactly like a new interpreter as far as our packages go). Where ``fork`` is
not available, each module gets its own ``python -c``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGES = ("agenda", "integrations", "meetingctl")
#: Alembic's scripts: run by Alembic (``env.py`` needs its context), not importable modules.
NOT_MODULES = ("meetingctl/migrations",)
#: Third-party libraries the forking parent loads first (any that is missing is skipped).
PRELOAD = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "click",
    "textual",
    "textual.app",
    "textual.widgets",
    "apscheduler.schedulers.background",
    "icalendar",
    "requests",
    "msal",
    "pydantic",
)

_DRIVER = r"""
import importlib, json, os, sys, traceback
modules, preload, packages = json.loads(sys.argv[1])
for name in preload:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
early = sorted(m for m in sys.modules if m.split(".")[0] in packages)
if early:
    print(json.dumps({"error": f"our modules loaded by the preload: {early}"}))
    sys.exit(0)
failures = {}
for name in modules:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            importlib.import_module(name)
        except BaseException:
            os.write(write, traceback.format_exc().encode())
            os._exit(1)
        os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        failures[name] = b"".join(chunks).decode(errors="replace") or f"exit status {status}"
print(json.dumps({"failures": failures}))
"""


def module_names() -> list[str]:
    """Every module and package of the three packages, from the file tree (nothing imported)."""
    names = []
    for package in PACKAGES:
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            if path.relative_to(REPO_ROOT).as_posix().startswith(NOT_MODULES):
                continue
            parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
            if parts[-1] == "__main__":
                continue  # running it is not importing it
            if parts[-1] == "__init__":
                parts.pop()
            names.append(".".join(parts))
    return names


def _failures_forking(names: list[str]) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", _DRIVER, json.dumps([names, PRELOAD, PACKAGES])],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)),
        cwd=REPO_ROOT,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert "error" not in answer, answer["error"]
    return dict(answer["failures"])


def _failures_one_by_one(names: list[str]) -> dict[str, str]:
    failures = {}
    for name in names:
        result = subprocess.run(
            [sys.executable, "-c", f"import {name}"],
            capture_output=True,
            text=True,
            env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)),
            cwd=REPO_ROOT,
            check=False,
            timeout=120,
        )
        if result.returncode != 0:
            failures[name] = result.stderr
    return failures


def test_the_module_list_covers_the_packages() -> None:
    names = module_names()
    assert {"agenda", "integrations", "meetingctl", "meetingctl.delivery.dispatcher"} <= set(names)
    assert all(not Path(*n.split(".")).name.startswith("__") for n in names)


def test_every_module_imports_on_its_own_in_a_fresh_interpreter() -> None:
    names = module_names()
    failures = _failures_forking(names) if hasattr(os, "fork") else _failures_one_by_one(names)
    report = "\n".join(f"--- {name}\n{error}" for name, error in sorted(failures.items()))
    assert not failures, f"{len(failures)} module(s) do not import on their own:\n{report}"
