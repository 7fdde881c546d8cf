"""The domain model: SQLAlchemy 2 typed ORM classes.

Every editable row carries a ``version`` column used for optimistic locking: SQLAlchemy adds
``WHERE version = :old`` to each UPDATE and raises when another organizer changed the row first
(translated to :class:`agenda.model.errors.ConflictError` by the unit of work).

Times are stored as aware UTC (:class:`UTCDateTime`) on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from agenda.model import limits  # noqa: F401 - registers the length and NUL check of each flush
from agenda.model.enums import (
    Attendance,
    Gender,
    InvitationStatus,
    Modality,
    Role,
    SessionKind,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored in UTC; naive values are refused, results are always aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: store aware datetimes only")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


def _enum(cls: type[enum.Enum], length: int = 32) -> Enum:
    """Portable enum column: stored as its string value, validated by SQLAlchemy, no native type."""
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class Versioned:
    """Mixin: optimistic locking and timestamps for editable rows."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    def touch(self) -> None:
        """Mark the row changed although none of its own columns did (a child row changed):
        the next flush raises its version, and refuses with a conflict when another
        organizer raised it first."""
        self.updated_at = utcnow()


class Meeting(Versioned, Base):
    """One meeting (a regional review). Most databases hold exactly one."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title_en: Mapped[str] = mapped_column(String(300))
    title_es: Mapped[str] = mapped_column(String(300), default="")
    organizers: Mapped[list[Any]] = mapped_column(default=list)
    home_tz: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer, default=2)
    languages: Mapped[list[Any]] = mapped_column(default=lambda: ["es", "en"])
    interpretation_languages: Mapped[list[Any]] = mapped_column(default=lambda: ["es", "en"])
    optional_interpretation_languages: Mapped[list[Any]] = mapped_column(default=list)
    default_language: Mapped[str] = mapped_column(String(8), default="es")
    modality: Mapped[Modality] = mapped_column(_enum(Modality), default=Modality.VIRTUAL)
    venue: Mapped[str] = mapped_column(String(300), default="")
    template: Mapped[str] = mapped_column(String(40), default="blank")

    sessions: Mapped[list[Session]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Session.start"
    )

    def title(self, lang: str) -> str:
        """The title in ``lang``, falling back to English."""
        return (self.title_es if lang == "es" else self.title_en) or self.title_en


class Organization(Versioned, Base):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_es: Mapped[str] = mapped_column(String(300), default="")
    acronym: Mapped[str] = mapped_column(String(40), default="")
    category: Mapped[str] = mapped_column(String(40), default="other")
    country: Mapped[str | None] = mapped_column(String(2))

    __table_args__ = (UniqueConstraint("name", name="uq_organization_name"),)


class Person(Versioned, Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120), default="")
    honorific: Mapped[str] = mapped_column(String(40), default="")
    gender: Mapped[Gender] = mapped_column(_enum(Gender), default=Gender.UNKNOWN)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL")
    )
    position: Mapped[str] = mapped_column(String(300), default="")
    #: The position in Spanish (``position`` holds the English one); a document in a language
    #: whose text is missing prints the other with a visible mark (agenda.i18n.export.localized).
    position_es: Mapped[str] = mapped_column(String(300), default="")
    #: Precedence within the secretariat group of annex (g): lower first (the Executive
    #: Secretary 1); people without a rank follow, alphabetically.
    rank: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40), default="other")
    delegation: Mapped[str] = mapped_column(String(120), default="")
    head_of_delegation: Mapped[bool] = mapped_column(Boolean, default=False)
    annex_group: Mapped[str | None] = mapped_column(String(2))
    email: Mapped[str | None] = mapped_column(String(254))
    email_key: Mapped[str | None] = mapped_column(String(254), unique=True)
    languages: Mapped[list[Any]] = mapped_column(default=list)
    timezone: Mapped[str | None] = mapped_column(String(64))
    is_youth: Mapped[bool] = mapped_column(Boolean, default=False)
    is_migrant: Mapped[bool] = mapped_column(Boolean, default=False)
    accessibility: Mapped[str] = mapped_column(Text, default="")
    #: Government speakers: sector (foreign_affairs, interior_migration, labour,
    #: social_development, health, justice, other) and level (national, local); None unknown.
    gov_sector: Mapped[str | None] = mapped_column(String(30))
    gov_level: Mapped[str | None] = mapped_column(String(10))
    #: Optional demography: year of birth or an age band (agenda.balance.demography.AGE_BANDS).
    birth_year: Mapped[int | None] = mapped_column(Integer)
    age_band: Mapped[str | None] = mapped_column(String(10))
    #: Sensitive, consent-based self-identification (indigenous, african_descent, disability,
    #: migrant_lived_experience); counted only when ``self_id_consent_at`` records the consent.
    #: Never printed in the public annex or the people exports unless the organizer asks.
    self_identification: Mapped[list[Any]] = mapped_column(default=list)
    self_id_consent_at: Mapped[datetime | None]
    self_id_consent_note: Mapped[str] = mapped_column(String(300), default="")
    attendance: Mapped[Attendance] = mapped_column(_enum(Attendance), default=Attendance.REGISTERED)
    notes: Mapped[str] = mapped_column(Text, default="")

    organization: Mapped[Organization | None] = relationship(lazy="joined")
    assignments: Mapped[list[RoleAssignment]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        foreign_keys="RoleAssignment.person_id",
    )

    @property
    def full_name(self) -> str:
        """Given and family name, as printed in lists."""
        return f"{self.given_name} {self.family_name}".strip()


class Session(Versioned, Base):
    """A programme item (a "session" of the meeting; not a database session)."""

    __tablename__ = "session"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[SessionKind] = mapped_column(_enum(SessionKind))
    title_en: Mapped[str] = mapped_column(String(300))
    title_es: Mapped[str] = mapped_column(String(300), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_es: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[datetime] = mapped_column(index=True)
    end: Mapped[datetime]
    track: Mapped[str] = mapped_column(String(60), default="")
    #: The track's name in Spanish (``track`` is the identifier and English name).
    track_es: Mapped[str] = mapped_column(String(60), default="")
    thematic_area: Mapped[int | None] = mapped_column(Integer)
    room: Mapped[str] = mapped_column(String(120), default="")
    room_es: Mapped[str] = mapped_column(String(120), default="")
    video_url: Mapped[str] = mapped_column(String(500), default="")
    video_platform: Mapped[str] = mapped_column(String(20), default="")
    sequence: Mapped[int] = mapped_column(Integer, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="sessions")
    objective_links: Mapped[list[SessionObjective]] = relationship(
        cascade="all, delete-orphan", order_by="SessionObjective.objective", lazy="selectin"
    )
    assignments: Mapped[list[RoleAssignment]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="RoleAssignment.position"
    )

    @property
    def objectives(self) -> list[int]:
        """GCM objective numbers discussed in this session, ascending."""
        return [link.objective for link in self.objective_links]

    def set_objectives(self, numbers: list[int]) -> None:
        """Replace the session's objectives (duplicates removed)."""
        wanted = sorted(set(numbers))
        self.objective_links = [SessionObjective(objective=n) for n in wanted]

    def title(self, lang: str) -> str:
        """The title in ``lang``, falling back to English."""
        return (self.title_es if lang == "es" else self.title_en) or self.title_en


class SessionObjective(Base):
    __tablename__ = "session_objective"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("session.id", ondelete="CASCADE"), primary_key=True
    )
    objective: Mapped[int] = mapped_column(Integer, primary_key=True)


class RoleAssignment(Versioned, Base):
    """A person holding a role in a session, with its invitation status."""

    __tablename__ = "role_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(_enum(Role))
    status: Mapped[InvitationStatus] = mapped_column(
        _enum(InvitationStatus), default=InvitationStatus.NOMINATED
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    speaking_minutes: Mapped[int | None] = mapped_column(Integer)
    substitute_for_id: Mapped[int | None] = mapped_column(
        ForeignKey("role_assignment.id", ondelete="SET NULL")
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    session: Mapped[Session] = relationship(back_populates="assignments")
    person: Mapped[Person] = relationship(back_populates="assignments", foreign_keys=[person_id])
    history: Mapped[list[StatusChange]] = relationship(
        cascade="all, delete-orphan", order_by="StatusChange.id"
    )

    __table_args__ = (
        UniqueConstraint("session_id", "person_id", "role", name="uq_role_assignment_slot"),
        Index("ix_role_assignment_person", "person_id"),
    )


class StatusChange(Base):
    """History of an assignment's invitation status."""

    __tablename__ = "status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("role_assignment.id", ondelete="CASCADE"), index=True
    )
    old_status: Mapped[str | None] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(Base):
    """Who changed what, when. Written in the same transaction as the change."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AgendaVersion(Base):
    """An immutable, numbered snapshot of the programme taken at publication."""

    __tablename__ = "agenda_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict[str, Any]] = mapped_column()

    __table_args__ = (UniqueConstraint("meeting_id", "number", name="uq_agenda_version_number"),)


class VideoLink(Versioned, Base):
    """A meeting created on a video platform for a session (or for a whole day)."""

    __tablename__ = "video_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="SET NULL"))
    scope_key: Mapped[str] = mapped_column(String(250))
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(200), default="")
    transaction_id: Mapped[str] = mapped_column(String(400), default="")
    join_url: Mapped[str] = mapped_column(String(1000), default="")
    host_url: Mapped[str] = mapped_column(String(2000), default="")
    passcode: Mapped[str] = mapped_column(String(60), default="")
    dial_in: Mapped[str] = mapped_column(Text, default="")
    synced_fingerprint: Mapped[str] = mapped_column(String(200), default="")
    interpretation_applied: Mapped[bool | None] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String(20), default="active")

    __table_args__ = (UniqueConstraint("platform", "scope_key", name="uq_video_link_scope"),)


class ValueMapping(Base):
    """How an organizer resolved a value an import could not read ("Autoridades municipales"
    -> local_authorities), kept per meeting and reused by the next import. ``value_key`` is the
    folded value (agenda.people.normalize.fold_key); ``value`` the text as first seen."""

    __tablename__ = "value_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(20))
    value_key: Mapped[str] = mapped_column(String(200))
    value: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("meeting_id", "field", "value_key", name="uq_value_mapping_value"),
    )


class StakeholderInput(Base):
    """A written input received from a stakeholder (e.g. the online questionnaire)."""

    __tablename__ = "stakeholder_input"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    organization: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    category: Mapped[str] = mapped_column(String(40), default="other")
    objectives: Mapped[list[Any]] = mapped_column(default=list)
    text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[str] = mapped_column(String(300), default="")


class ReceivedReply(Base):
    """An iTIP reply read from the mailbox or a file (issue 14): one row per attendee answer.

    ``outcome`` is applied, stale (recorded only) or review (the review queue, until
    ``resolved_at`` is set); ``fingerprint`` identifies the answer so that reading the same
    reply twice records it once.
    """

    __tablename__ = "received_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    message_id: Mapped[str] = mapped_column(String(300), default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    source: Mapped[str] = mapped_column(String(300), default="")
    sender: Mapped[str] = mapped_column(String(254), default="")
    method: Mapped[str] = mapped_column(String(20), default="REPLY")
    uid: Mapped[str] = mapped_column(String(200), default="", index=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    dtstamp: Mapped[datetime | None] = mapped_column()
    attendee: Mapped[str] = mapped_column(String(254), default="")
    partstat: Mapped[str] = mapped_column(String(40), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    delegated_to: Mapped[str] = mapped_column(Text, default="")
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str] = mapped_column(String(40), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by: Mapped[str] = mapped_column(String(120), default="")

    __table_args__ = (Index("ix_received_reply_person_session", "person_id", "session_id"),)
