"""A loopback Dovecot IMAP server for the replies tests (Debian's ``dovecot-imapd``).

Everything lives in one directory: the configuration, a self-signed certificate (made with the
``openssl`` command), a passwd-file with one test user and the mail in a Maildir. Two listeners
on 127.0.0.1: implicit TLS, and plain IMAP for STARTTLS. Used two ways:

* ``.ci/run`` runs ``python3 tests/imap_server.py start DIR`` and evaluates the ``export``
  lines it prints (``MEETINGCTL_TEST_IMAP_*``), so the tests find the server;
* locally, the ``imap_server`` fixture (tests/meetingctl/conftest.py) starts one itself when
  no server is exported, or skips when Dovecot is not installed; in CI (``CI=true``) an
  unreachable server is a failure, never a skip.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

USER = "secretariat"
PASSWORD = "imap-test-pass-2026"
ENV = "MEETINGCTL_TEST_IMAP"


@dataclass(frozen=True)
class ImapServer:
    """Where the test server listens and how to log in."""

    host: str
    tls_port: int
    plain_port: int
    user: str
    password: str
    ca_file: str
    root: str = ""

    def exports(self) -> str:
        """Shell ``export`` lines naming the server for the tests."""
        values = {
            f"{ENV}_HOST": self.host,
            f"{ENV}_TLS_PORT": str(self.tls_port),
            f"{ENV}_PLAIN_PORT": str(self.plain_port),
            f"{ENV}_USER": self.user,
            f"{ENV}_PASSWORD": self.password,
            f"{ENV}_CA": self.ca_file,
        }
        return "".join(f"export {name}={value}\n" for name, value in values.items())

    @classmethod
    def from_env(cls) -> ImapServer | None:
        """The server exported by ``.ci/run``, or None."""
        env = os.environ
        if not env.get(f"{ENV}_HOST"):
            return None
        return cls(
            env[f"{ENV}_HOST"],
            int(env[f"{ENV}_TLS_PORT"]),
            int(env[f"{ENV}_PLAIN_PORT"]),
            env[f"{ENV}_USER"],
            env[f"{ENV}_PASSWORD"],
            env[f"{ENV}_CA"],
        )


def dovecot_binary() -> str | None:
    """The dovecot executable, or None when the package is not installed."""
    return shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _certificate(root: Path) -> Path:
    cert, key = root / "cert.pem", root / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256",
            "-keyout", str(key), "-out", str(cert), "-days", "7", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-addext", "basicConstraints=critical,CA:TRUE",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    key.chmod(0o600)
    return cert


def write_config(root: Path, tls_port: int, plain_port: int) -> Path:
    """Write the configuration, certificate, passwd-file and Maildir under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)  # the mail processes run as another user and must reach the Maildir
    for sub in ("run", "state", "mail", "home"):
        (root / sub).mkdir(exist_ok=True)
    cert = _certificate(root)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n", encoding="utf-8")
    if os.geteuid() == 0:
        owner = pwd.getpwnam("nobody")
        users = ""
        for sub in ("mail", "home"):
            os.chown(root / sub, owner.pw_uid, owner.pw_gid)
    else:
        owner = pwd.getpwuid(os.geteuid())
        users = (
            f"default_internal_user = {owner.pw_name}\n"
            f"default_login_user = {owner.pw_name}\n"
            f"default_internal_group = {pwd.getpwuid(os.geteuid()).pw_name}\n"
        )
    config = root / "dovecot.conf"
    config.write_text(
        f"""# meetingctl test server (written by tests/imap_server.py)
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
{users}first_valid_uid = {owner.pw_uid}
last_valid_uid = {owner.pw_uid}
ssl = yes
ssl_cert = <{cert}
ssl_key = <{root}/key.pem
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={owner.pw_uid} gid={owner.pw_gid} home={root}/home/%u
}}
mail_location = maildir:{root}/mail/%u
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
""",
        encoding="utf-8",
    )
    return config


def wait_listening(host: str, port: int, seconds: float = 15.0) -> bool:
    """True once something accepts connections on host:port."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def start(root: Path, tls_port: int | None = None, plain_port: int | None = None) -> ImapServer:
    """Start a daemonized Dovecot under ``root`` and wait until it listens."""
    binary = dovecot_binary()
    if binary is None:
        raise RuntimeError("dovecot is not installed: apt-get install -y dovecot-imapd")
    tls_port, plain_port = tls_port or free_port(), plain_port or free_port()
    config = write_config(root, tls_port, plain_port)
    # The daemon keeps its standard streams: give it none, or a caller reading them would hang.
    subprocess.run(
        [binary, "-c", str(config)],
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = ImapServer("127.0.0.1", tls_port, plain_port, USER, PASSWORD, str(root / "cert.pem"))
    server = ImapServer(**{**server.__dict__, "root": str(root)})
    if not (wait_listening(server.host, tls_port) and wait_listening(server.host, plain_port)):
        log = (
            (root / "dovecot.log").read_text(errors="replace")
            if (root / "dovecot.log").exists()
            else ""
        )
        raise RuntimeError(f"dovecot did not start on {tls_port}/{plain_port}: {log[-2000:]}")
    return server


def stop(root: Path) -> None:
    """Stop the Dovecot started under ``root``."""
    binary = dovecot_binary()
    config = root / "dovecot.conf"
    if binary and config.exists():
        subprocess.run(
            [binary, "-c", str(config), "stop"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "start":
        ports = [int(p) for p in sys.argv[3:5]] + [0, 0]
        started = start(Path(sys.argv[2]), ports[0] or None, ports[1] or None)
        sys.stdout.write(started.exports())
    elif len(sys.argv) == 3 and sys.argv[1] == "stop":
        stop(Path(sys.argv[2]))
    else:
        sys.exit("usage: imap_server.py start DIR [TLS_PORT PLAIN_PORT] | stop DIR")
