"""FileTransport: the offline default; writes each message as an .eml file into an outbox folder."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from agenda.messaging.types import OutgoingMessage, SendResult, SendStatus
from integrations.mail.base import Transport

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Errors that will not go away by retrying: dead-letter them with the reason.
_PERMANENT_ERRNOS = {errno.EACCES, errno.EPERM, errno.EISDIR, errno.ENOTDIR, errno.EROFS}


def eml_filename(key: str) -> str:
    """File name for an idempotency key: safe characters only, plus a hash of the full key.

    The readable prefix helps people browsing the outbox; the hash keeps keys that clean to the
    same prefix (e.g. 'a/b' and 'a_b') apart. The same key always gives the same name.
    """
    prefix = _UNSAFE.sub("_", key).strip("._-")[:80] or "message"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"{prefix}-{digest}.eml"


class FileTransport(Transport):
    """Writes messages to ``outbox_dir/<safe key>-<hash>.eml`` atomically (temp file + rename).

    Sending the same key again replaces the file: there is never more than one file per key.
    """

    name = "file"

    def __init__(self, outbox_dir: str | os.PathLike[str], *, fsync: bool = True) -> None:
        self.outbox_dir = Path(outbox_dir)
        self.fsync = fsync

    def path_for(self, key: str) -> Path:
        """Where the message with this idempotency key is (or would be) written."""
        return self.outbox_dir / eml_filename(key)

    def _write(self, message: OutgoingMessage) -> Path:
        self.outbox_dir.mkdir(parents=True, exist_ok=True)
        target = self.path_for(message.key)
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".eml", dir=self.outbox_dir)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(message.mime)
                if self.fsync:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.replace(tmp_name, target)
        except BaseException:
            try:
                os.unlink(tmp_name)
            except FileNotFoundError:
                pass
            raise
        return target

    def send_batch(self, messages: Sequence[OutgoingMessage]) -> list[SendResult]:
        """Write every message; an OS error is reported per message (never raised)."""
        results: list[SendResult] = []
        for message in messages:
            try:
                path = self._write(message)
            except OSError as exc:
                status = (
                    SendStatus.PERMANENT if exc.errno in _PERMANENT_ERRNOS else SendStatus.TRANSIENT
                )
                reason = exc.strerror or type(exc).__name__
                results.append(
                    SendResult(
                        key=message.key,
                        status=status,
                        error=f"cannot write to outbox folder {self.outbox_dir}: {reason}",
                    )
                )
            else:
                results.append(SendResult(message.key, SendStatus.SENT, provider_id=str(path)))
        return results
