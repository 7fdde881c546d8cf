"""The mail part of the Graph stand-in: sendMail (MIME in base64 as text/plain, or the JSON
``{"message", "saveToSentItems"}`` of the CSDL action) and the Sent Items lookup by
``internetMessageId``."""

from __future__ import annotations

import base64
import binascii
import email
import email.message
import re
import threading
from typing import Any

from tests.integrations.standins import contracts
from tests.integrations.standins.server import Answer, Recorded, header


def graph_error(status: int, code: str, message: str) -> Answer:
    """Graph's error shape."""
    return Answer(status, {"error": {"code": code, "message": message, "innerError": {}}})


class GraphMail:
    """Mixin of :class:`GraphStandIn` (which provides the storage and JSON body checks)."""

    sent_mail: dict[str, list[email.message.Message]]
    _data_lock: threading.Lock

    def _json_body(self, request: Recorded, schema: contracts.Schema) -> Any:
        raise NotImplementedError

    def _new_id(self, prefix: str) -> str:
        raise NotImplementedError

    def _send_mail(self, request: Recorded, user: str, _: str | None) -> Answer:
        kind = (header(request, "Content-Type") or "").split(";")[0]
        if kind == "application/json":
            return self._send_json_mail(request, user)
        if kind != "text/plain":
            return graph_error(400, "BadRequest", "MIME content requires Content-Type text/plain.")
        try:
            mime = base64.b64decode(request.body, validate=True)
            message = email.message_from_bytes(mime)
        except (binascii.Error, ValueError):
            return graph_error(
                400,
                "ErrorMimeContentInvalidBase64String",
                "Invalid base64 string for MIME content.",
            )
        if not message["From"] or not (message["To"] or message["Cc"] or message["Bcc"]):
            return graph_error(400, "ErrorMimeContentInvalid", "MIME content lacks From or To.")
        with self._data_lock:
            self.sent_mail.setdefault(user, []).append(message)
        return Answer(202)

    def _send_json_mail(self, request: Recorded, user: str) -> Answer:
        body = self._json_body(request, contracts.GRAPH_SEND_MAIL)
        if isinstance(body, Answer):
            return body
        message = body["message"]
        if not any(message.get(k) for k in ("toRecipients", "ccRecipients", "bccRecipients")):
            return graph_error(
                400, "ErrorInvalidRecipients", "At least one recipient is not valid."
            )
        mime = email.message.EmailMessage()
        mime["From"] = user
        mime["To"] = ", ".join(
            r["emailAddress"]["address"] for r in message.get("toRecipients") or []
        )
        mime["Subject"] = message.get("subject", "")
        mime["Message-ID"] = message.get("internetMessageId") or f"<{self._new_id('m')}@graph>"
        mime.set_content((message.get("body") or {}).get("content", ""))
        with self._data_lock:
            self.sent_mail.setdefault(user, []).append(mime)
        return Answer(202)

    def _list_messages(self, request: Recorded, user: str, folder: str | None) -> Answer:
        if (folder or "").lower() != "sentitems":
            return graph_error(404, "ErrorItemNotFound", "The specified folder was not found.")
        wanted = (request.query.get("$filter") or [""])[0]
        match = re.fullmatch(r"internetMessageId eq '((?:[^']|'')*)'", wanted)
        if wanted and not match:
            return graph_error(400, "BadRequest", f"Invalid filter clause: {wanted}")
        target = match[1].replace("''", "'") if match else None
        with self._data_lock:
            found = [
                m
                for m in self.sent_mail.get(user, [])
                if target is None or str(m["Message-ID"] or "").strip() == target
            ]
        value = [
            {"id": f"AAMkSent{index}", "internetMessageId": str(m["Message-ID"] or "").strip()}
            for index, m in enumerate(found)
        ]
        return Answer(200, {"value": value})
