"""Errors the domain raises; the CLI and TUI turn them into messages and exit codes."""

from __future__ import annotations


class MeetingctlError(Exception):
    """Base class: an error with a message meant for the organizer. ``exit_code`` for the CLI."""

    exit_code = 1


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
        message = (
            f"{what} was changed by someone else since you loaded it; "
            "reload to see their change, then apply yours again"
        )
        if detail:
            message = f"{message} ({detail})"
        super().__init__(message)


class DeliveryError(MeetingctlError):
    """Mail was not delivered: the transport failed (nothing was charged to the messages) or
    every message tried failed. The message says what happened and what to do."""

    exit_code = 4
