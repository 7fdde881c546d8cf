"""The composition root: config, secrets, engine, mail transport, video platform and the services,
built once and lazily. The CLI builds one per invocation, the TUI and the scheduler receive it."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.model.errors import NotFoundError
from agenda.model.orm import Meeting
from agenda.model.uow import transaction
from meetingctl.config import Config, default_database_url, load_config
from meetingctl.db import (
    ensure_current,
    make_engine,
    make_session_factory,
    refuse_missing_sqlite_file,
)
from meetingctl.secrets import Secrets, load_secrets

if TYPE_CHECKING:
    from integrations.mail.base import Transport
    from integrations.video.base import VideoPlatform
    from meetingctl.services import Services


class AppContext:
    """Holds the configuration and database wiring for one CLI invocation."""

    def __init__(
        self,
        *,
        config_path: str | None = None,
        database_url: str | None = None,
        meeting_slug: str | None = None,
        debug: bool = False,
    ) -> None:
        self.config_path = config_path
        self._database_url = database_url
        self.meeting_slug = meeting_slug
        self.debug = debug
        self._engine: Engine | None = None
        self._transport: Transport | None = None
        self._platforms: dict[str, VideoPlatform] = {}

    @cached_property
    def config(self) -> Config:
        """The validated configuration (ConfigError before anything starts)."""
        return load_config(self.config_path)

    @cached_property
    def secrets(self) -> Secrets:
        """Secrets from the environment and the configured secrets file."""
        return load_secrets(self.config.secrets.file)

    @property
    def database_url(self) -> str:
        """--db, then $MEETINGCTL_DATABASE_URL, then the config, then the per-user SQLite file."""
        return self._database_url or self.config.database.url or default_database_url()

    @property
    def database_chosen(self) -> bool:
        """True when --db, $MEETINGCTL_DATABASE_URL or the config names a database (False: the
        per-user default would be used)."""
        return bool(self._database_url or self.config.database.url)

    def use_database(self, url: str) -> None:
        """Switch this context to the database at ``url``: the engine, the session factory and
        the services built on the previous one are dropped, and built again on first use."""
        self.close()
        self.__dict__.pop("session_factory", None)
        self.__dict__.pop("services", None)
        self._database_url = url

    @property
    def actor(self) -> str:
        """Who is acting, for the audit log."""
        return os.environ.get("MEETINGCTL_ACTOR") or _user()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.database_url)
        return self._engine

    @cached_property
    def session_factory(self) -> sessionmaker[DbSession]:
        """Sessions on a database whose schema matches this program (a SQLite file that does not
        exist is refused before anything is created: only init, demo, db upgrade and the
        restore and import commands create a database)."""
        if self._engine is None:
            refuse_missing_sqlite_file(self.database_url)
        ensure_current(self.engine)
        return make_session_factory(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[DbSession]:
        """One unit of work."""
        with transaction(self.session_factory) as db:
            yield db

    def meeting(self, db: DbSession) -> Meeting:
        """The meeting commands act on: --meeting SLUG, or the only one in the database."""
        return current_meeting(db, self.meeting_slug)

    @cached_property
    def services(self) -> Services:
        """The use cases, on this context."""
        from meetingctl.services import Services

        return Services(self)

    def transport(self) -> Transport:
        """The configured mail transport (``[mail] transport``), built on first use."""
        if self._transport is None:
            self._transport = self.new_transport()
        return self._transport

    def new_transport(self) -> Transport:
        """A fresh transport (its own connection), for a worker that sends on its own thread:
        the scheduler opens one per dispatch run so it never shares an SMTP connection."""
        from meetingctl.delivery.transports import build_transport

        return build_transport(self.config, self.secrets)

    def video_platform(self, name: str | None = None) -> VideoPlatform:
        """The video platform ``name`` (default ``[video] platform``), built once per name."""
        from meetingctl.wiring import video_platform

        key = name or self.config.video.platform
        if key not in self._platforms:
            self._platforms[key] = video_platform(self.config, self.secrets, key)
        return self._platforms[key]

    def close(self) -> None:
        """Dispose of the engine (its connections); the next use builds a new one."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def current_meeting(db: DbSession, slug: str | None = None) -> Meeting:
    """The meeting named by ``slug``, or the only (else the latest) meeting in the database."""
    if slug:
        meeting = db.scalar(select(Meeting).where(Meeting.slug == slug))
        if meeting is None:
            slugs = ", ".join(db.scalars(select(Meeting.slug))) or "none"
            raise NotFoundError(f"no meeting {slug!r} in this database (meetings: {slugs})")
        return meeting
    meeting = db.scalar(select(Meeting).order_by(Meeting.id.desc()).limit(1))
    if meeting is None:
        raise NotFoundError(
            "this database has no meeting yet: run `meetingctl init --template gcm-regional-review "
            "--title ... --start YYYY-MM-DD --tz America/Santiago` or `meetingctl demo`"
        )
    return meeting


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no passwd entry in some containers
        return "unknown"
