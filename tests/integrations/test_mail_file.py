"""FileTransport: .eml files in an outbox folder, atomic, one file per idempotency key."""

from __future__ import annotations

from email import message_from_bytes, policy

from agenda.messaging.types import OutgoingMessage, SendStatus
from integrations.mail.file import FileTransport, eml_filename


def message(key: str, body: str = "hello") -> OutgoingMessage:
    mime = f"From: a@example.org\r\nTo: b@example.org\r\nSubject: {key}\r\n\r\n{body}\r\n"
    return OutgoingMessage(key=key, sender="a@example.org", recipients=("b@example.org",),
                           mime=mime.encode())  # fmt: skip


def test_writes_parseable_eml_files(tmp_path):
    outbox = tmp_path / "outbox"
    results = FileTransport(outbox).send_batch([message("k1"), message("k2")])
    assert [r.status for r in results] == [SendStatus.SENT, SendStatus.SENT]
    files = sorted(outbox.iterdir())
    assert len(files) == 2 and all(f.suffix == ".eml" for f in files)
    assert {r.provider_id for r in results} == {str(f) for f in files}
    parsed = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["Subject"] in {"k1", "k2"}


def test_same_key_overwrites_and_leaves_no_temporary_files(tmp_path):
    transport = FileTransport(tmp_path)
    transport.send_batch([message("same", "first")])
    transport.send_batch([message("same", "second"), message("same", "third")])
    (only,) = list(tmp_path.iterdir())
    assert only.read_bytes().endswith(b"third\r\n")


def test_file_names_are_safe_and_distinct(tmp_path):
    keys = ["../../etc/passwd", "a/b", "a_b", "a b", "José|panel-1|invitation|0", ""]
    transport = FileTransport(tmp_path / "out")
    results = transport.send_batch([message(k) for k in keys])
    assert all(r.status == SendStatus.SENT for r in results)
    files = list((tmp_path / "out").iterdir())
    assert len(files) == len(keys)  # no collisions, nothing written outside the folder
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    for path in files:
        assert all(c.isascii() and (c.isalnum() or c in "._-") for c in path.name)
    assert eml_filename("a/b") == eml_filename("a/b") != eml_filename("a_b")


def test_unwritable_outbox_is_reported_per_message(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    results = FileTransport(blocker / "outbox").send_batch([message("k1"), message("k2")])
    assert [r.status for r in results] == [SendStatus.PERMANENT, SendStatus.PERMANENT]
    assert "cannot write to outbox folder" in results[0].error
    assert str(blocker / "outbox") in results[0].error
