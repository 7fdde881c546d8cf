"""`meetingctl replies fetch` against a real IMAP server (Dovecot on loopback): a calendar
client's "Accept" delivered to the mailbox turns the status to accepted in one fetch, the reply
moves to the processed folder, other mail stays; TLS and STARTTLS; a refused login is a plain
message without the password."""

from __future__ import annotations

import time
import uuid
from email.message import EmailMessage
from pathlib import Path

import pytest

from agenda.messaging.reply_build import reply_message
from agenda.model.enums import InvitationStatus
from integrations.mail.imap import ImapMailbox, ImapSettings
from meetingctl.context import AppContext
from tests.conftest import run_cli
from tests.imap_server import ImapServer
from tests.meetingctl.replies_helpers import PEOPLE, UID, build_meeting, stamp, status_of

SECRET_NAME = "MEETINGCTL_TEST_IMAP_SECRET"


def _settings(server: ImapServer, folder: str, security: str = "tls") -> ImapSettings:
    port = server.tls_port if security == "tls" else server.plain_port
    return ImapSettings(
        host=server.host,
        port=port,
        username=server.user,
        password=server.password,
        security=security,  # type: ignore[arg-type]
        folder="INBOX",
        processed_folder=f"{folder}-done",
        ca_bundle=server.ca_file,
    )


def _deliver(server: ImapServer, folder: str, *messages: bytes) -> None:
    with ImapMailbox(_settings(server, folder)) as box:
        box.ensure_folder(folder)
        for raw in messages:
            box.append(raw, folder)


def _count(server: ImapServer, folder: str) -> int:
    """Every message in ``folder`` (marked or not)."""
    settings = _settings(server, folder)
    with ImapMailbox(ImapSettings(**{**settings.__dict__, "folder": folder})) as box:
        status, data = box._conn.uid("SEARCH", "ALL")
        return len((data[0] or b"").split())


def _config(tmp_path: Path, server: ImapServer, folder: str, security: str = "tls") -> Path:
    port = server.tls_port if security == "tls" else server.plain_port
    path = tmp_path / "config.toml"
    path.write_text(
        f"""[replies]
host = "{server.host}"
port = {port}
security = "{security}"
username = "{server.user}"
password_secret = "{SECRET_NAME}"
folder = "{folder}"
processed_folder = "{folder}-done"
ca_bundle = "{server.ca_file}"
poll_seconds = 60
""",
        encoding="utf-8",
    )
    return path


def _other_mail() -> bytes:
    message = EmailMessage()
    message["From"] = "someone@example.org"
    message["To"] = "secretariat@example.org"
    message["Subject"] = "A question about the venue"
    message.set_content("Where is the room?")
    return message.as_bytes()


def test_fetch_turns_an_accept_into_accepted_and_moves_the_reply(
    imap_server: ImapServer, engine_url: str, db_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    build_meeting(db_factory)
    folder = f"t-{uuid.uuid4().hex[:10]}"
    accept = reply_message(
        uid=UID, attendee=PEOPLE["ana"][1], subject="Aceptado: Mesa redonda 1", stamp=stamp(9)
    )
    _deliver(imap_server, folder, accept, _other_mail())
    config = _config(tmp_path, imap_server, folder)
    env = {SECRET_NAME: imap_server.password}
    result = run_cli("--config", str(config), "--db", engine_url, "replies", "fetch", env=env)
    assert result.returncode == 0, result.stderr
    assert "1 applied" in result.stdout
    assert status_of(db_factory, "ana") == InvitationStatus.ACCEPTED
    assert _count(imap_server, folder) == 1  # the question about the venue stays
    assert _count(imap_server, f"{folder}-done") == 1
    again = run_cli("--config", str(config), "--db", engine_url, "replies", "fetch", env=env)
    assert again.returncode == 0, again.stderr
    # the other mail was marked on the first read: the second fetch does not download it again
    assert "0 message(s) read" in again.stdout


def test_fetch_over_starttls_and_a_duplicate_delivery_changes_nothing(
    imap_server: ImapServer, engine_url: str, db_factory, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    build_meeting(db_factory)
    folder = f"t-{uuid.uuid4().hex[:10]}"
    decline = reply_message(uid=UID, attendee=PEOPLE["carla"][1], partstat="DECLINED")
    _deliver(imap_server, folder, decline, decline)
    monkeypatch.setenv(SECRET_NAME, imap_server.password)
    context = AppContext(
        config_path=str(_config(tmp_path, imap_server, folder, "starttls")),
        database_url=engine_url,
    )
    try:
        report = context.services.replies.fetch()
    finally:
        context.close()
    assert [r.outcome for r in report.results] == ["applied", "duplicate"]
    assert report.moved == 2
    assert status_of(db_factory, "carla") == InvitationStatus.DECLINED


def test_a_refused_login_names_the_settings_and_hides_the_password(
    imap_server: ImapServer, engine_url: str, db_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    build_meeting(db_factory)
    config = _config(tmp_path, imap_server, "INBOX-unused")
    wrong = "not-the-password-1234"
    result = run_cli(
        "--config", str(config), "--db", engine_url, "replies", "fetch", env={SECRET_NAME: wrong}
    )
    assert result.returncode == 4
    assert "refused the login" in result.stderr and "[replies]" in result.stderr
    assert wrong not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('host = "imap.example.org"\n', "username"),
        ("poll_seconds = 60\n", "host"),
        ('host = "h"\nusername = "u"\nprocessed_folder = "inbox"\n', "processed_folder"),
        ('security = "ssl"\n', "replies.security"),
        ("port = 0\n", "replies.port"),
    ],
)
def test_bad_replies_settings_name_the_key(tmp_path: Path, body: str, key: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[replies]\n" + body, encoding="utf-8")
    result = run_cli("--config", str(path), "replies", "list")
    assert result.returncode == 2
    assert key in result.stderr and "Traceback" not in result.stderr


def test_fetch_without_a_host_says_what_to_set(engine_url: str, db_factory) -> None:  # type: ignore[no-untyped-def]
    build_meeting(db_factory)
    result = run_cli("--db", engine_url, "replies", "fetch")
    assert result.returncode == 2
    assert "[replies] host is not set" in result.stderr


def test_the_scheduler_polls_the_mailbox_every_poll_seconds(
    imap_server: ImapServer, engine, db_factory
) -> None:  # type: ignore[no-untyped-def]
    from meetingctl.config import parse_config
    from meetingctl.scheduler import REPLIES_JOB, SchedulerService
    from meetingctl.secrets import Secrets
    from tests.meetingctl.delivery_helpers import context_for

    build_meeting(db_factory)
    folder = f"t-{uuid.uuid4().hex[:10]}"
    _deliver(imap_server, folder)
    config = parse_config(
        {
            "scheduler": {"dispatch_interval_seconds": 3600, "plan_interval_seconds": 3600},
            "replies": {
                "host": imap_server.host,
                "port": imap_server.tls_port,
                "username": imap_server.user,
                "password_secret": SECRET_NAME,
                "folder": folder,
                "processed_folder": f"{folder}-done",
                "ca_bundle": imap_server.ca_file,
                "poll_seconds": 1,
            },
        }
    )
    secrets = Secrets({SECRET_NAME: imap_server.password}, env={})
    service = SchedulerService(context_for(engine, config, secrets))
    assert service.start_in_background()
    try:
        assert service._scheduler is not None
        job = service._scheduler.get_job(REPLIES_JOB)
        assert job is not None and job.trigger.interval.total_seconds() == 1
        # An "Accept" arrives while the scheduler runs: the next poll applies it.
        _deliver(imap_server, folder, reply_message(uid=UID, attendee=PEOPLE["eva"][1]))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if status_of(db_factory, "eva") == InvitationStatus.ACCEPTED:
                break
            time.sleep(0.2)
        assert status_of(db_factory, "eva") == InvitationStatus.ACCEPTED
    finally:
        service.stop(wait=True)
