"""`meetingctl replies import FILE...` (saved .eml and .mbox files) and `replies list`: the same
rules as the mailbox; a missing or unreadable file is refused before anything is written."""

from __future__ import annotations

import json
import mailbox
from email import message_from_bytes
from pathlib import Path

from agenda.messaging.reply_build import reply_message
from agenda.model.enums import InvitationStatus
from tests.conftest import run_cli
from tests.meetingctl.replies_helpers import PEOPLE, UID, build_meeting, stamp, status_of


def test_import_eml_and_mbox_then_list_the_queue(engine_url, db_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build_meeting(db_factory)
    eml = tmp_path / "ana.eml"
    eml.write_bytes(reply_message(uid=UID, attendee=PEOPLE["ana"][1], partstat="DECLINED"))
    box = mailbox.mbox(str(tmp_path / "export.mbox"))
    box.add(message_from_bytes(reply_message(uid=UID, attendee=PEOPLE["eva"][1], stamp=stamp(9))))
    box.add(message_from_bytes(reply_message(uid="unknown@x", attendee=PEOPLE["eva"][1])))
    box.flush()
    box.close()
    result = run_cli(
        "--db", engine_url, "replies", "import", str(eml), str(tmp_path / "export.mbox")
    )
    assert result.returncode == 0, result.stderr
    assert "3 message(s) read: 2 applied" in result.stdout and "1 to review" in result.stdout
    assert status_of(db_factory, "ana") == InvitationStatus.DECLINED
    assert status_of(db_factory, "eva") == InvitationStatus.ACCEPTED
    listed = run_cli("--db", engine_url, "replies", "list", "--format", "json")
    document = json.loads(listed.stdout)
    assert [r["reason"] for r in document["review_queue"]] == ["unknown-uid"]
    assert len(document["recent"]) == 3
    text = run_cli("--db", engine_url, "replies", "list", "--lang", "en")
    assert "Review queue" in text.stdout and "unknown@x" in text.stdout


def test_a_missing_file_is_refused_and_nothing_is_applied(
    engine_url, db_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    build_meeting(db_factory)
    good = tmp_path / "ana.eml"
    good.write_bytes(reply_message(uid=UID, attendee=PEOPLE["ana"][1]))
    result = run_cli("--db", engine_url, "replies", "import", str(good), str(tmp_path / "nope.eml"))
    assert result.returncode == 2
    assert "nope.eml: no such file" in result.stderr and "Traceback" not in result.stderr
    assert status_of(db_factory, "ana") == InvitationStatus.INVITED
