"""Meetings and their database: the schema (create, upgrade, show its revision), a new meeting
from a template, and the demo meeting.

``meetingctl init``, ``meetingctl db`` and ``meetingctl demo`` call these; the results are
frozen dataclasses defined here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from agenda.model import audit
from agenda.model.enums import Modality
from agenda.model.errors import ValidationError
from agenda.model.orm import Meeting
from agenda.programme.templates import build_meeting
from meetingctl.db import current_revision, head_revision, safe_url, upgrade

if TYPE_CHECKING:
    from meetingctl.context import AppContext


@dataclass(frozen=True)
class NewMeeting:
    """What ``meetingctl init`` asks for; ``home_tz`` None = config ``meeting.home_timezone``."""

    template: str
    title_en: str
    start: date
    days: int = 2
    title_es: str = ""
    home_tz: str | None = None
    modality: Modality = Modality.VIRTUAL
    venue: str = ""


@dataclass(frozen=True)
class MeetingCreated:
    """A meeting stored in ``database`` (its URL, password masked)."""

    slug: str
    template: str
    sessions: int
    database: str


@dataclass(frozen=True)
class SchemaUpgraded:
    """The schema revision before (None = empty database) and after an upgrade."""

    before: str | None
    after: str | None


@dataclass(frozen=True)
class SchemaStatus:
    """The revision stored in the database (None = empty) and the one this program expects."""

    database: str | None
    program: str | None


class MeetingsService:
    """The database schema and the meetings in it."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def create_meeting(self, new: NewMeeting) -> MeetingCreated:
        """Create the schema if needed and a meeting from ``new.template``; a meeting with the
        same slug (from the title) is refused. Audited as ``meeting.create``."""
        meeting = build_meeting(
            new.template,
            title_en=new.title_en,
            title_es=new.title_es,
            start=new.start,
            days=new.days,
            home_tz=new.home_tz or self.ctx.config.meeting.home_timezone,
            modality=new.modality,
            uid_domain=self.ctx.config.meeting.uid_domain,
            venue=new.venue,
        )
        upgrade(self.ctx.engine)
        with self.ctx.transaction() as db:
            if db.scalar(select(Meeting.id).where(Meeting.slug == meeting.slug)) is not None:
                raise ValidationError(
                    f"a meeting with slug {meeting.slug!r} already exists in this database; "
                    "choose another --title or use --db for a new database"
                )
            db.add(meeting)
            db.flush()
            audit.record(
                db,
                self.ctx.actor,
                "meeting.create",
                "meeting",
                meeting.id,
                template=new.template,
                sessions=len(meeting.sessions),
            )
            sessions = len(meeting.sessions)
        return MeetingCreated(meeting.slug, new.template, sessions, safe_url(self.ctx.engine))

    def create_demo(
        self, people_count: int = 150, seed: int = 2021, year: int | None = None
    ) -> MeetingCreated:
        """Create the schema if needed and the fictional demo meeting (a two-day regional review
        in America/Santiago with ``people_count`` people and their roles, from ``seed``)."""
        from meetingctl.demo import create_demo

        upgrade(self.ctx.engine)
        with self.ctx.transaction() as db:
            meeting = create_demo(
                db,
                people_count=people_count,
                seed=seed,
                year=year,
                uid_domain=self.ctx.config.meeting.uid_domain,
                actor=self.ctx.actor,
            )
            slug, sessions = meeting.slug, len(meeting.sessions)
        return MeetingCreated(slug, "demo", sessions, safe_url(self.ctx.engine))

    def upgrade_schema(self, revision: str = "head") -> SchemaUpgraded:
        """Create or upgrade the schema to ``revision`` with the packaged migrations."""
        before = current_revision(self.ctx.engine)
        upgrade(self.ctx.engine, revision)
        return SchemaUpgraded(before, current_revision(self.ctx.engine))

    def schema_status(self) -> SchemaStatus:
        """The stored and the expected schema revision."""
        return SchemaStatus(current_revision(self.ctx.engine), head_revision())
