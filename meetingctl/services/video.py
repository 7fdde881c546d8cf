"""Video meetings of the sessions: create, update and delete them on the platform (``video
sync``), list the stored links, forget one.

Nothing is half-applied: a create is first recorded as a ``creating`` row (its idempotency key),
then made on the platform, then completed locally; updates and deletes touch the local record
only after the platform accepted them. A create interrupted by a crash is resumed on the next
run: with the same transactionId on Teams (no duplicate), or, on platforms without idempotent
creation, reported for the organizer to check instead of silently creating a second meeting.
That is why a sync is several short units of work (one per platform call), not one.
The plan itself (what to create, update or delete) is pure: :mod:`agenda.programme.video_plan`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.model import audit
from agenda.model.errors import NotFoundError
from agenda.model.orm import Meeting, Session, VideoLink
from agenda.model.uow import transaction
from agenda.programme.reading import load_sessions
from agenda.programme.video_plan import (
    ExistingLink,
    SyncAction,
    WantedMeeting,
    plan_sync,
    wanted_meetings,
)
from integrations.http import (
    AuthenticationError,
    HttpError,
    RateLimitError,
)
from integrations.video import (
    DailyLimitError,
    Interpreter,
    MeetingSpec,
    VideoMeeting,
    VideoPlatform,
)
from meetingctl.config import Config
from meetingctl.secrets import redact
from meetingctl.services.video_recovery import look_up, made_nothing, rate_limit_message
from meetingctl.wiring import VideoSyncError

if TYPE_CHECKING:
    from meetingctl.context import AppContext

IDEMPOTENT_CREATE = {"teams", "jitsi"}


@dataclass(frozen=True)
class VideoLinkView:
    """One stored video meeting (the host link is not shown)."""

    platform: str
    state: str
    scope_key: str
    join_url: str


@dataclass(frozen=True)
class ForgottenLink:
    """The local record of a video meeting that was dropped."""

    platform: str
    scope_key: str


@dataclass(frozen=True)
class SyncReport:
    """What a sync did (or would do, with a dry run); the lists fill while it runs."""

    platform: str
    dry_run: bool
    actions: list[SyncAction] = field(default_factory=list)
    done: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        """Number of actions that change something."""
        return sum(1 for a in self.actions if a.kind != "keep")


class VideoService:
    """Video meetings of the sessions on the configured (or a chosen) platform."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def sync(self, platform: str | None = None, *, dry_run: bool = False) -> SyncReport:
        """Create missing meetings, update moved ones, delete removed ones (idempotent).

        ``platform`` overrides ``[video] platform``; ``dry_run`` plans without changing
        anything, locally or on the platform.
        """
        with self.ctx.transaction() as db:
            meeting_id = self.ctx.meeting(db).id
        client = self.ctx.video_platform(platform)
        return sync_video(
            self.ctx.session_factory,
            meeting_id,
            client,
            self.ctx.config,
            actor=self.ctx.actor,
            dry_run=dry_run,
        )

    def links(self) -> tuple[VideoLinkView, ...]:
        """The stored video meetings of the meeting, oldest first."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            query = (
                select(VideoLink).where(VideoLink.meeting_id == meeting.id).order_by(VideoLink.id)
            )
            return tuple(
                VideoLinkView(link.platform, link.state, link.scope_key, link.join_url)
                for link in db.scalars(query)
            )

    def forget(self, scope_key: str, platform: str | None = None) -> ForgottenLink:
        """Drop the local record of a meeting (after the organizer checked the platform).

        Raises NotFoundError when ``platform`` (default ``[video] platform``) has none.
        """
        name = platform or self.ctx.config.video.platform
        if not forget_link(self.ctx.session_factory, name, scope_key, self.ctx.actor):
            raise NotFoundError(f"no {name} meeting recorded for {scope_key!r}")
        return ForgottenLink(name, scope_key)


def _people(config: Config, platform: str) -> tuple[list[Interpreter], list[str]]:
    """The interpreters and co-hosts of ``platform``'s own section (``[video.zoom]``
    interpreters and alternative_hosts, ``[video.webex]`` interpreters and co_hosts)."""
    if platform == "zoom":
        entries, hosts = config.video.zoom.interpreters, config.video.zoom.alternative_hosts
    elif platform == "webex":
        entries, hosts = config.video.webex.interpreters, config.video.webex.co_hosts
    else:
        return [], []
    interpreters: list[Interpreter] = []
    for entry in entries:
        languages = [x.strip().lower() for x in entry.get("languages", "").split(",") if x.strip()]
        if entry.get("email") and len(languages) == 2:
            interpreters.append(Interpreter(entry["email"], languages[0], languages[1]))
    return interpreters, list(hosts)


def _spec(meeting: Meeting, wanted: WantedMeeting, config: Config, platform: str) -> MeetingSpec:
    interpreters, hosts = _people(config, platform)
    return MeetingSpec(
        key=f"{meeting.slug}:{wanted.scope_key}",
        title=wanted.title[:200],
        start=wanted.start,
        end=wanted.end,
        timezone=meeting.home_tz,
        agenda=wanted.agenda,
        interpretation_languages=wanted.interpretation_languages,
        interpreters=tuple(interpreters),
        alternative_hosts=tuple(hosts),
        waiting_room=config.video.zoom.waiting_room,
    )


def sync_video(
    factory: sessionmaker[DbSession],
    meeting_id: int,
    platform: VideoPlatform,
    config: Config,
    *,
    actor: str,
    dry_run: bool = False,
) -> SyncReport:
    """Bring the platform in line with the programme; see the module docstring for guarantees."""
    with transaction(factory) as db:
        meeting = db.get_one(Meeting, meeting_id)
        wanted = wanted_meetings(meeting, load_sessions(db, meeting), config.video.scope)
        links = db.scalars(
            select(VideoLink).where(
                VideoLink.meeting_id == meeting_id, VideoLink.platform == platform.name
            )
        )
        existing = [
            ExistingLink(
                link.id,
                link.scope_key,
                link.external_id,
                # a link this client no longer manages (Teams mode changed) is re-made
                link.synced_fingerprint if platform.manages(link.external_id) else "",
                link.state,
            )
            for link in links
        ]
        specs = {w.scope_key: _spec(meeting, w, config, platform.name) for w in wanted}
    report = SyncReport(
        platform=platform.name, dry_run=dry_run, actions=plan_sync(wanted, existing)
    )
    if dry_run:
        return report
    for action in report.actions:
        if action.kind == "keep":
            continue
        try:
            _apply(
                factory, meeting_id, platform, action, specs.get(action.scope_key), report, actor
            )
        except AuthenticationError as exc:
            raise VideoSyncError(
                f"{platform.name} refused the credentials ({redact(exc)}); check the "
                f"[video.{platform.name}] settings and the secret they name, then run "
                "`meetingctl video sync` again"
            ) from None
        except DailyLimitError as exc:
            report.errors.append(redact(f"{action.scope_key}: {exc}"))
            break
        except RateLimitError as exc:
            # Still throttled after the allowed waits: every further call would be too.
            report.errors.append(
                redact(f"{action.kind} {action.scope_key}: ")
                + rate_limit_message(config.ui.language, platform.name, exc.retry_after)
            )
            break
        except HttpError as exc:
            report.errors.append(redact(f"{action.kind} {action.scope_key}: {exc}"))
    return report


def _apply(
    factory: sessionmaker[DbSession],
    meeting_id: int,
    platform: VideoPlatform,
    action: SyncAction,
    spec: MeetingSpec | None,
    report: SyncReport,
    actor: str,
) -> None:
    if action.kind in ("create", "resume"):
        assert spec is not None and action.wanted is not None
        if action.kind == "resume" and platform.can_find:
            # An earlier create may have gone through (its answer lost): look before creating.
            found = platform.find(spec)
            if found is not None:
                _record(factory, platform.name, action, found, actor, "video.create")
                report.warnings.extend(found.warnings)
                report.done.append(("resume", action.scope_key))
                return
        elif action.kind == "resume" and platform.name not in IDEMPOTENT_CREATE:
            report.errors.append(
                f"{action.scope_key}: an earlier create on {platform.name} was interrupted; check "
                f"the platform for a meeting titled {spec.title!r}, delete it if present, then run "
                f"`meetingctl video forget {action.scope_key}` and sync again"
            )
            return
        if action.kind == "create":
            with transaction(factory) as db:
                db.add(
                    VideoLink(
                        meeting_id=meeting_id,
                        scope_key=action.scope_key,
                        platform=platform.name,
                        transaction_id=spec.key,
                        state="creating",
                        session_id=action.wanted.session_ids[0],
                    )
                )
        try:
            created = platform.create(spec)
        except HttpError as exc:
            if action.kind == "create" and made_nothing(exc):
                _forget(factory, platform.name, action.scope_key)
                raise
            found = look_up(platform, spec)
            if found is None:
                raise  # the row stays `creating`: the next sync looks again before creating
            created = found
        _record(factory, platform.name, action, created, actor, "video.create")
        report.warnings.extend(created.warnings)
    elif action.kind == "update":
        assert spec is not None and action.existing is not None
        updated = platform.update(action.existing.external_id, spec)
        _record(factory, platform.name, action, updated, actor, "video.update")
        report.warnings.extend(updated.warnings)
    elif action.kind == "delete":
        assert action.existing is not None
        if action.existing.external_id:
            platform.delete(action.existing.external_id)
        with transaction(factory) as db:
            link = db.get_one(VideoLink, action.existing.id)
            for session in db.scalars(
                select(Session).where(
                    Session.video_url == link.join_url, Session.meeting_id == meeting_id
                )
            ):
                session.video_url, session.video_platform = "", ""
            db.delete(link)
            audit.record(
                db,
                actor,
                "video.delete",
                "video_link",
                action.existing.id,
                scope=action.scope_key,
                platform=platform.name,
            )
    report.done.append((action.kind, action.scope_key))


def _record(
    factory: sessionmaker[DbSession],
    platform: str,
    action: SyncAction,
    result: VideoMeeting,
    actor: str,
    what: str,
) -> None:
    assert action.wanted is not None
    with transaction(factory) as db:
        link = db.scalars(
            select(VideoLink).where(
                VideoLink.platform == platform, VideoLink.scope_key == action.scope_key
            )
        ).one()
        link.external_id = result.meeting_id
        link.join_url = result.join_url
        link.host_url = result.host_url or ""
        link.passcode = result.passcode or ""
        link.dial_in = result.dial_in or ""
        link.interpretation_applied = result.interpretation_applied
        link.synced_fingerprint = action.wanted.fingerprint
        link.state = "active"
        for session in db.scalars(select(Session).where(Session.id.in_(action.wanted.session_ids))):
            if session.video_url != result.join_url:
                session.video_url = result.join_url
                session.video_platform = platform
                session.sequence += 1
        audit.record(
            db, actor, what, "video_link", link.id, scope=action.scope_key, platform=platform
        )


def _forget(factory: sessionmaker[DbSession], platform: str, scope_key: str) -> None:
    with transaction(factory) as db:
        link = db.scalars(
            select(VideoLink).where(
                VideoLink.platform == platform, VideoLink.scope_key == scope_key
            )
        ).first()
        if link is not None:
            db.delete(link)


def forget_link(
    factory: sessionmaker[DbSession], platform: str, scope_key: str, actor: str
) -> bool:
    """Drop a local link record (after the organizer checked the platform); True if one existed."""
    with transaction(factory) as db:
        link = db.scalars(
            select(VideoLink).where(
                VideoLink.platform == platform, VideoLink.scope_key == scope_key
            )
        ).first()
        if link is None:
            return False
        audit.record(db, actor, "video.forget", "video_link", link.id, scope=scope_key)
        db.delete(link)
        return True
