"""The domain's vocabularies: session kinds and modalities, genders, roles, invitation
statuses, attendance levels, message kinds and outbox statuses (plain ``StrEnum``s, no ORM)."""

from __future__ import annotations

import enum


class Modality(enum.StrEnum):
    VIRTUAL = "virtual"
    HYBRID = "hybrid"
    IN_PERSON = "in-person"


class SessionKind(enum.StrEnum):
    OPENING = "opening"
    KEYNOTE = "keynote"
    ROUND_TABLE = "round_table"
    POLICY_DEBATE = "policy_debate"
    PLENARY = "plenary"
    CLOSING = "closing"
    PREPARATORY = "preparatory"
    STAKEHOLDER_CONSULTATION = "stakeholder_consultation"
    BREAK = "break"


class Gender(enum.StrEnum):
    WOMAN = "woman"
    MAN = "man"
    NON_BINARY = "non_binary"
    #: "Other" / "Otro" / self-described: its own value, counted like non-binary in shares.
    OTHER = "other"
    UNDISCLOSED = "undisclosed"
    UNKNOWN = "unknown"


class Role(enum.StrEnum):
    CHAIR = "chair"
    CO_CHAIR = "co_chair"
    MODERATOR = "moderator"
    KEYNOTE_SPEAKER = "keynote_speaker"
    PANELLIST = "panellist"
    DISCUSSANT = "discussant"
    RAPPORTEUR = "rapporteur"
    PARTICIPANT = "participant"


#: Roles whose holders speak on a panel (balance rules count these).
SPEAKER_ROLES = frozenset({Role.KEYNOTE_SPEAKER, Role.PANELLIST, Role.DISCUSSANT})
#: Roles that lead a session (iCalendar ROLE=CHAIR).
CHAIR_ROLES = frozenset({Role.CHAIR, Role.CO_CHAIR, Role.MODERATOR})


class InvitationStatus(enum.StrEnum):
    NOMINATED = "nominated"
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    #: The person answered "tentative" (iTIP PARTSTAT=TENTATIVE); still on the programme.
    TENTATIVE = "tentative"
    CONFIRMED = "confirmed"
    WITHDRAWN = "withdrawn"


#: Statuses that keep a person on the programme.
ACTIVE_STATUSES = frozenset(
    {
        InvitationStatus.NOMINATED,
        InvitationStatus.INVITED,
        InvitationStatus.ACCEPTED,
        InvitationStatus.TENTATIVE,
        InvitationStatus.CONFIRMED,
    }
)


class Attendance(enum.StrEnum):
    """How far a participant got: the annex counts one of these (a config choice)."""

    REGISTERED = "registered"
    CONFIRMED = "confirmed"
    ATTENDED = "attended"


class MessageKind(enum.StrEnum):
    INVITATION = "invitation"
    UPDATE = "update"
    CANCELLATION = "cancellation"
    REMINDER_24H = "reminder_24h"
    REMINDER_1H = "reminder_1h"
    NUDGE = "nudge"
