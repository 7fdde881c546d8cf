"""Install the project into a fresh virtual environment from the checkout, as a user would."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

# The developer's pip cache, captured before the autouse fixture isolates HOME.
PIP_CACHE = os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip")


@pytest.mark.slow
def test_fresh_venv_install_runs_help_and_demo(tmp_path: Path) -> None:
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PIP_CACHE_DIR"] = PIP_CACHE
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(REPO_ROOT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    meetingctl = target / "bin" / "meetingctl"
    helped = subprocess.run(
        [str(meetingctl), "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert helped.returncode == 0, helped.stderr
    assert "Usage: meetingctl" in helped.stdout
    demo = subprocess.run(
        [str(meetingctl), "demo", "--print"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    assert "Round table 1" in demo.stdout and "Closing session" in demo.stdout
    # The installed package, not the checkout, was used.
    where = subprocess.run(
        [str(python), "-c", "import agenda, meetingctl; print(meetingctl.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert str(target) in where.stdout
