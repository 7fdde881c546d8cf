"""Errors the domain raises; the CLI and TUI turn them into messages and exit codes."""

from __future__ import annotations

from typing import Self

from agenda.i18n.catalog import N_, tr


class MeetingctlError(Exception):
    """Base class: an error with a message meant for the organizer. ``exit_code`` for the CLI.

    Raise it with :meth:`from_msgid` (``raise NotFoundError.from_msgid(N_("no session {id}"),
    id=7)``) and :meth:`message` gives the text in any language; ``str(error)`` is English.
    """

    exit_code = 1
    msgid: str | None = None
    params: dict[str, object] | None = None

    @classmethod
    def from_msgid(cls, msgid: str, **params: object) -> Self:
        """The error whose message is the catalog's ``msgid`` formatted with ``params``."""
        error = cls(msgid.format(**params))
        error.msgid, error.params = msgid, params
        return error

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` (English when the error was raised with a plain text)."""
        if self.msgid is None:
            return str(self)
        return tr(lang, self.msgid).format(**(self.params or {}))


class ValidationError(MeetingctlError):
    """Input that cannot be accepted; the message says what to change."""

    exit_code = 2


class NotFoundError(MeetingctlError):
    """A referenced row (session, person, version...) does not exist."""

    exit_code = 2


class ConflictError(MeetingctlError):
    """Another organizer changed the row since it was read: reload and apply again."""

    exit_code = 3

    def __init__(self, entity: str = "row", entity_id: object = None, detail: str = "") -> None:
        self.entity = entity
        self.entity_id = entity_id
        what = f"{entity} {entity_id}" if entity_id is not None else entity
        self.msgid = _CHANGED_WITH_DETAIL if detail else _CHANGED
        self.params = {"what": what, "detail": detail}
        super().__init__(self.msgid.format(**self.params))


_CHANGED = N_(
    "{what} was changed by someone else since you loaded it; "
    "reload to see their change, then apply yours again"
)
_CHANGED_WITH_DETAIL = N_(
    "{what} was changed by someone else since you loaded it; "
    "reload to see their change, then apply yours again ({detail})"
)


class DeliveryError(MeetingctlError):
    """Mail was not delivered: the transport failed (nothing was charged to the messages) or
    every message tried failed. The message says what happened and what to do."""

    exit_code = 4
