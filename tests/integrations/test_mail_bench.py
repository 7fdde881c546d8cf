"""Smoke test: the invitations benchmark runs end to end at a tiny scale and reports ratios."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def test_benchmark_runs_at_tiny_scale(monkeypatch):
    monkeypatch.setenv("MEETINGCTL_BENCH_SCALE", "0.002")  # 10 invitations
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_invitations.py"
    spec = importlib.util.spec_from_file_location("bench_invitations", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lines = module.run()
    assert lines[0].startswith("build 10 invitations")
    assert any(line.startswith("build ratio ours/floor: ") for line in lines)
    assert any(line.startswith("send ratio ours/floor: ") for line in lines)
