"""Test-side handle of :mod:`tests.integrations.http_fault_server` (its own process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import requests
import trustme

ROOT = Path(__file__).resolve().parents[2]


class FaultServer:
    """A fault proxy process in front of ``upstream`` (HTTPS with the trustme ``ca``)."""

    def __init__(
        self, upstream: str, ca: trustme.CA, workdir: Path, upstream_ca: Path | None = None
    ) -> None:
        pem = workdir / "fault-server.pem"
        ca.issue_cert("127.0.0.1").private_key_and_cert_chain_pem.write_to_path(str(pem))
        command = [
            sys.executable,
            "-m",
            "tests.integrations.http_fault_server",
            "--upstream",
            upstream,
            "--cert",
            str(pem),
            "--key",
            str(pem),
        ]
        if upstream_ca is not None:
            command += ["--upstream-ca", str(upstream_ca)]
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        ports = json.loads(self.process.stdout.readline())
        self.url = f"https://127.0.0.1:{ports['port']}"
        self._control = f"http://127.0.0.1:{ports['control']}"

    def _post(self, path: str, body: Any = None) -> None:
        requests.post(f"{self._control}{path}", json=body or {}, timeout=5).raise_for_status()

    def inject(
        self, kind: str, *, match: str = "", method: str = "", times: int = 1, **rest: Any
    ) -> None:
        """Queue a fault (``status``: status=, retry_after=, after=; ``stall``: seconds=,
        after=; ``drop``) for the next ``times`` requests whose path contains ``match``."""
        self._post(
            "/faults", {"kind": kind, "match": match, "method": method, "times": times, **rest}
        )

    def refuse(self) -> None:
        """Close the listening socket: connections are refused."""
        self._post("/refuse")

    def accept(self) -> None:
        """Listen again on the same port."""
        self._post("/accept")

    def log(self) -> list[dict[str, Any]]:
        """Every request the proxy saw and the fault it applied (None: passed through)."""
        return list(requests.get(f"{self._control}/log", timeout=5).json()["log"])

    def stop(self) -> None:
        """End the process (closing its stdin), then wait for it."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
