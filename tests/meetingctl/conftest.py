"""Fixtures of the application tests: the loopback IMAP server (see tests/imap_server.py)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.imap_server import ImapServer, dovecot_binary, start, stop, wait_listening


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapServer]:
    """The Dovecot exported by .ci/run, else one started here for the session.

    In CI (``CI=true``) a server that is not exported or not reachable is a failure; locally,
    without Dovecot installed, the IMAP tests are skipped with the command to install it.
    """
    in_ci = os.environ.get("CI", "").lower() == "true"
    exported = ImapServer.from_env()
    if exported is not None:
        if not wait_listening(exported.host, exported.tls_port, 10):
            pytest.fail(f"the IMAP test server {exported.host}:{exported.tls_port} is unreachable")
        yield exported
        return
    if in_ci:
        pytest.fail("CI=true but no IMAP test server is exported (MEETINGCTL_TEST_IMAP_HOST)")
    if dovecot_binary() is None:
        pytest.skip("Dovecot is not installed: apt-get install -y dovecot-imapd")
    root = Path(tempfile.mkdtemp(prefix="meetingctl-imap-"))
    try:
        server = start(root)
    except Exception as exc:  # noqa: BLE001 - report why the local server did not start
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"could not start a local Dovecot: {exc}")
    try:
        yield server
    finally:
        stop(root)
        shutil.rmtree(root, ignore_errors=True)
