"""Lint, format and type checks are part of the suite: a red check fails CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, cwd=REPO_ROOT, timeout=900, check=False
    )


def test_ruff_lint_and_format() -> None:
    lint = _run(str(BIN / "ruff"), "check", ".")
    assert lint.returncode == 0, lint.stdout[-4000:]
    form = _run(str(BIN / "ruff"), "format", "--check", ".")
    assert form.returncode == 0, form.stdout[-4000:]


def test_mypy_strict_on_the_packages() -> None:
    result = _run(str(BIN / "mypy"), "--strict", "agenda", "integrations", "meetingctl")
    assert result.returncode == 0, result.stdout[-4000:]
