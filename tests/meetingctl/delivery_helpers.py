"""Helpers for outbox, dispatch and scheduler tests: a demo programme moved into the future."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.model.orm import Meeting, Session
from agenda.model.uow import transaction
from meetingctl.config import Config, parse_config
from meetingctl.context import AppContext
from meetingctl.demo import create_demo
from meetingctl.secrets import Secrets

NOW = datetime(2030, 3, 1, 15, 0, tzinfo=UTC)


def future_demo(
    factory: sessionmaker[DbSession],
    *,
    people: int = 40,
    seed: int = 7,
    days_ahead: int = 10,
    now: datetime = NOW,
) -> int:
    """Create the demo meeting and move it so it starts ``days_ahead`` days after ``now``."""
    with transaction(factory) as db:
        meeting = create_demo(
            db, people_count=people, seed=seed, year=2021, uid_domain="test.invalid"
        )
        first = min(s.start for s in meeting.sessions)
        shift = (now + timedelta(days=days_ahead)) - first
        shift = timedelta(days=round(shift / timedelta(days=1)))  # keep local clock times
        for session in meeting.sessions:
            session.start += shift
            session.end += shift
        meeting.start_date += shift
        return meeting.id


def meeting_of(db: DbSession, meeting_id: int) -> Meeting:
    """Load a meeting by id."""
    return db.get(Meeting, meeting_id)


def staffed_sessions(db: DbSession, meeting_id: int) -> list[Session]:
    """Sessions that have people, in start order."""
    rows = db.scalars(
        select(Session).where(Session.meeting_id == meeting_id).order_by(Session.start, Session.id)
    )
    return [s for s in rows if s.assignments]


def config_for(**scheduler: object) -> Config:
    """A config with a fixed secretariat and no quiet hours unless given."""
    section = {"quiet_hours_start": "00:00", "quiet_hours_end": "00:00", **scheduler}
    return parse_config(
        {
            "meeting": {
                "secretariat_email": "secretariat@example.org",
                "secretariat_name": "Secretaría, GCM review",
            },
            "scheduler": section,
        }
    )


def context_for(engine: Engine, config: Config, secrets: Secrets | None = None) -> AppContext:
    """A composition root on the test database (its engine, schema included) with ``config``."""
    context = AppContext(database_url=engine.url.render_as_string(hide_password=False))
    context.__dict__["config"] = config  # the cached properties, set instead of read from files
    context.__dict__["secrets"] = secrets or Secrets(env={})
    context._engine = engine
    return context
