"""What `invite send`, `outbox send-now` and `scheduler --once` do when mail cannot go out
(issue 18, items 2, 6 and 9).

* the transport fails (login refused, connection refused, a silent server): exit 4, a plain
  message, every message still pending with its attempts unchanged;
* every message tried failed: exit 4 with a summary (not 0);
* the transport cannot even be built (missing, 644 or malformed secrets file, missing
  secret): exit 2 and the database exactly as before (no audit row, nothing queued, nobody
  moved to invited).
"""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from agenda.model.uow import transaction
from meetingctl.cli import main
from meetingctl.db import metadata
from meetingctl.delivery.tables import OutboxMessage, OutboxStatus
from tests.integrations.smtp_server import RecordingHandler, free_port, running_smtp_server
from tests.meetingctl.delivery_helpers import future_demo

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

PASSWORD = "correct-horse-battery"


def dump(factory) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Every row of every table, as sorted text: equal dumps = no change at all."""
    with transaction(factory) as db:
        return {
            table.name: sorted(repr(tuple(row)) for row in db.execute(table.select()))
            for table in metadata().sorted_tables
        }


def outbox_rows(factory) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    with transaction(factory) as db:
        return list(db.scalars(select(OutboxMessage)))


def write_config(tmp_path: Path, port: int, *, user: str | None = None, secrets: str = "",
                 timeout: float = 5) -> Path:  # fmt: skip
    smtp = f'host = "127.0.0.1"\nport = {port}\nsecurity = "none"\ntimeout = {timeout}\n'
    if user:
        smtp += f'username = "{user}"\npassword_secret = "SMTP_PW"\n'
    text = (
        f'[mail]\ntransport = "smtp"\n[mail.smtp]\n{smtp}'
        '[scheduler]\nquiet_hours_start = "00:00"\nquiet_hours_end = "00:00"\n'
    )
    if secrets:
        text += f'[secrets]\nfile = "{secrets}"\n'
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def demo(engine_url, db_factory, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SMTP_PW", raising=False)
    future_demo(db_factory, people=12, now=datetime.now(UTC))
    return engine_url, db_factory


def cli(url: str, config: Path, *args: str, capsys) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(["--config", str(config), "--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def queue(url: str, tmp_path: Path, capsys) -> int:  # type: ignore[no-untyped-def]
    """Queue the invitations without sending them (nothing listens on the port)."""
    port = free_port()
    code, out, err = cli(url, write_config(tmp_path, port), "invite", "send", capsys=capsys)
    assert code in (0, 4) and "queued" in out, (out, err)  # 4: the server is down (item 2)
    return port


# -- item 2: the transport fails ----------------------------------------------------------


def test_invite_send_with_a_rejected_login_exits_4_and_dead_letters_nothing(
    demo, tmp_path, capsys, monkeypatch
) -> None:
    url, factory = demo
    monkeypatch.setenv("SMTP_PW", "wrong")
    with running_smtp_server(username="mailer", password=PASSWORD) as server:
        config = write_config(tmp_path, server.port, user="mailer")
        code, out, err = cli(url, config, "invite", "send", "--now", capsys=capsys)
    assert code == 4, (out, err)
    assert "535" in err and "username and password" in err and "send-now --all" in err
    assert "Traceback" not in err and "wrong" not in err + out
    found = outbox_rows(factory)
    assert found and {r.status for r in found} == {OutboxStatus.PENDING}
    assert {r.attempts for r in found} == {0}
    assert server.messages == []


def test_outbox_send_now_with_a_refused_connection_exits_4(demo, tmp_path, capsys) -> None:
    url, factory = demo
    port = queue(url, tmp_path, capsys)
    code, out, err = cli(url, write_config(tmp_path, port), "outbox", "send-now", "--all",
                         capsys=capsys)  # fmt: skip
    assert code == 4 and f"cannot connect to SMTP server 127.0.0.1:{port}" in err
    assert "no attempt counted" in err
    assert {(r.status, r.attempts) for r in outbox_rows(factory)} == {(OutboxStatus.PENDING, 0)}


def test_scheduler_once_on_a_silent_server_stops_after_one_timeout(demo, tmp_path, capsys):
    url, factory = demo
    queue(url, tmp_path, capsys)
    with socket.socket() as listener:  # accepts TCP, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        config = write_config(tmp_path, listener.getsockname()[1], timeout=0.5)
        started = time.monotonic()
        code, out, err = cli(url, config, "scheduler", "--once", capsys=capsys)
        elapsed = time.monotonic() - started
    assert code == 4 and "did not answer within 0.5 s" in err, (out, err)
    assert elapsed < 5, elapsed
    assert {(r.status, r.attempts) for r in outbox_rows(factory)} == {(OutboxStatus.PENDING, 0)}


# -- item 9: every message failed ---------------------------------------------------------


def test_invite_send_exits_4_with_a_summary_when_every_message_failed(demo, tmp_path, capsys):
    url, factory = demo
    handler = RecordingHandler(data_reply="554 5.6.0 Message rejected")
    with running_smtp_server(handler=handler) as server:
        code, out, err = cli(url, write_config(tmp_path, server.port), "invite", "send",
                             capsys=capsys)  # fmt: skip
    dead = len(outbox_rows(factory))
    assert code == 4, (out, err)
    assert f"no message was delivered: all {dead} failed (0 left for retry, {dead} failed" in err


def test_outbox_send_now_exits_4_when_every_message_failed(demo, tmp_path, capsys) -> None:
    url, _factory = demo
    queue(url, tmp_path, capsys)
    handler = RecordingHandler(data_reply="452 4.3.1 Insufficient storage")
    with running_smtp_server(handler=handler) as server:
        code, out, err = cli(url, write_config(tmp_path, server.port), "outbox", "send-now",
                             "--all", capsys=capsys)  # fmt: skip
    assert code == 4 and "no message was delivered" in err and "left for retry" in err


def test_a_partial_failure_still_exits_0(demo, tmp_path, capsys) -> None:
    url, factory = demo
    queue(url, tmp_path, capsys)
    victim = outbox_rows(factory)[0].recipient.lower()
    handler = RecordingHandler(rcpt_replies={victim: "550 5.1.1 No such user"})
    with running_smtp_server(handler=handler) as server:
        code, out, err = cli(url, write_config(tmp_path, server.port), "outbox", "send-now",
                             "--all", capsys=capsys)  # fmt: skip
    assert code == 0 and f"failed: {victim}" in err.lower()


# -- item 6: refused before anything is written -------------------------------------------


def secrets_file(tmp_path: Path, kind: str) -> str:
    path = tmp_path / "secrets.toml"
    if kind == "missing":
        return str(path)
    path.write_text('SMTP_PW = "x"\n' if kind == "644" else 'SMTP_PW "x"\n', encoding="utf-8")
    path.chmod(0o644 if kind == "644" else 0o600)
    return str(path)


@pytest.mark.parametrize("kind", ["missing", "644", "malformed"])
def test_outbox_send_now_with_a_broken_secrets_file_writes_nothing(demo, tmp_path, capsys, kind):
    url, factory = demo
    queue(url, tmp_path, capsys)
    before = dump(factory)
    config = write_config(
        tmp_path, free_port(), user="mailer", secrets=secrets_file(tmp_path, kind)
    )
    code, out, err = cli(url, config, "outbox", "send-now", "--all", capsys=capsys)
    assert code == 2 and "secrets.toml" in err, (out, err)
    assert dump(factory) == before


@pytest.mark.parametrize("command", [("invite", "send"), ("invite", "send", "--now"),
                                     ("scheduler", "--once")])  # fmt: skip
def test_invite_send_and_scheduler_once_without_the_secret_write_nothing(
    demo, tmp_path, capsys, command
) -> None:
    url, factory = demo
    published = cli(url, write_config(tmp_path, free_port()), "agenda", "publish", "--force",
                    capsys=capsys)  # fmt: skip
    assert published[0] == 0, published
    before = dump(factory)
    config = write_config(tmp_path, free_port(), user="mailer")  # SMTP_PW is not set
    code, out, err = cli(url, config, *command, capsys=capsys)
    assert code == 2 and "SMTP_PW" in err, (out, err)
    assert dump(factory) == before
