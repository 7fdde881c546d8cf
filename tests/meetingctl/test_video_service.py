"""VideoService: a dry run plans against the chosen platform and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select

from agenda.model.enums import SessionKind
from agenda.model.errors import NotFoundError
from agenda.model.orm import AuditEntry, Session, VideoLink
from integrations.video import MeetingSpec, VideoMeeting, VideoPlatform
from meetingctl.context import AppContext
from meetingctl.demo import create_demo
from tests.conftest import url_of


class RefusingPlatform(VideoPlatform):
    """A platform that fails the test if anything is sent to it."""

    name = "zoom"

    def create(self, spec: MeetingSpec) -> VideoMeeting:
        raise AssertionError(f"dry run created {spec.key}")

    def update(self, meeting_id: str, spec: MeetingSpec) -> VideoMeeting:
        raise AssertionError(f"dry run updated {meeting_id}")

    def delete(self, meeting_id: str) -> None:
        raise AssertionError(f"dry run deleted {meeting_id}")


@pytest.fixture
def ctx(engine: Engine) -> Iterator[AppContext]:
    context = AppContext(database_url=url_of(engine))
    with context.transaction() as db:
        create_demo(db, people_count=20, seed=7, year=2021)
    yield context
    context.close()


def test_dry_run_on_the_chosen_platform_changes_nothing(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str | None] = []

    def platform(name: str | None = None) -> VideoPlatform:
        asked.append(name)
        return RefusingPlatform()

    monkeypatch.setattr(ctx, "video_platform", platform)
    report = ctx.services.video.sync("zoom", dry_run=True)
    assert asked == ["zoom"]
    with ctx.transaction() as db:
        sessions = [s for s in db.scalars(select(Session)) if s.kind != SessionKind.BREAK]
        assert db.scalars(select(VideoLink)).all() == []
        assert all(s.video_url == "" and s.sequence == 0 for s in sessions)
        assert not db.scalars(select(AuditEntry).where(AuditEntry.action.like("video.%"))).all()
    assert report.dry_run and report.platform == "zoom"
    assert report.changed == len(sessions) and report.done == [] and not report.errors
    assert ctx.services.video.links() == ()


def test_sync_then_list_and_forget(ctx: AppContext) -> None:
    report = ctx.services.video.sync()  # [video] platform = jitsi (offline)
    links = ctx.services.video.links()
    assert report.platform == "jitsi" and len(links) == report.changed > 0
    assert all(link.join_url.startswith("https://meet.jit.si/") for link in links)
    forgotten = ctx.services.video.forget(links[0].scope_key)
    assert (forgotten.platform, forgotten.scope_key) == ("jitsi", links[0].scope_key)
    assert len(ctx.services.video.links()) == len(links) - 1
    with pytest.raises(NotFoundError, match="no jitsi meeting recorded"):
        ctx.services.video.forget(links[0].scope_key)
