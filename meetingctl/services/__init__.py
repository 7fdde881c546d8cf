"""The application's use cases, one module per family; the CLI and the TUI both call them.

Conventions (every service follows them):

* A service is a class built with the composition root (:class:`meetingctl.context.AppContext`)
  and keeps no other state. Each public method is one use case: it validates its input first,
  then opens **one** unit of work (``self.ctx.transaction()``), and returns a frozen dataclass
  (a *result* or a *view*), never an ORM object. Rules live here or in ``agenda``, never in
  ``meetingctl.cli`` or ``meetingctl.tui``.
* Inputs are already parsed values (``date``, ``time``, ``timedelta``, enums, ids, versions);
  parsing the words a person typed is the front door's job, with the shared parsers of
  ``agenda.time.slots``.
* Errors are :class:`agenda.model.errors.MeetingctlError` subclasses with a message naming the
  file, row or key and what to do; the CLI turns them into an exit code, the TUI into a
  notification or the conflict dialog.

``Services(ctx)`` gives each family lazily (heavy libraries load when a use case needs them).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from meetingctl.context import AppContext
    from meetingctl.services.backup import BackupService
    from meetingctl.services.balance import BalanceService
    from meetingctl.services.delivery import DeliveryService
    from meetingctl.services.exports import ExportsService
    from meetingctl.services.meetings import MeetingsService
    from meetingctl.services.people import PeopleService
    from meetingctl.services.programme import ProgrammeService
    from meetingctl.services.replies import ReplyService
    from meetingctl.services.site import SiteService
    from meetingctl.services.video import VideoService


class Services:
    """Every use case family, built on one composition root."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    @cached_property
    def programme(self) -> ProgrammeService:
        """Programme: the agenda, session edits, checks, publication, versions, local times."""
        from meetingctl.services.programme import ProgrammeService

        return ProgrammeService(self.ctx)

    @cached_property
    def people(self) -> PeopleService:
        """Roster, import/export, add/edit a person, roles, statuses, substitutes, attendance."""
        from meetingctl.services.people import PeopleService

        return PeopleService(self.ctx)

    @cached_property
    def delivery(self) -> DeliveryService:
        """Invitations, the outbox and the scheduler."""
        from meetingctl.services.delivery import DeliveryService

        return DeliveryService(self.ctx)

    @cached_property
    def video(self) -> VideoService:
        """Video meetings of the sessions: sync, list, forget."""
        from meetingctl.services.video import VideoService

        return VideoService(self.ctx)

    @cached_property
    def exports(self) -> ExportsService:
        """Annex, report, calendar feed, roster and stakeholder inputs."""
        from meetingctl.services.exports import ExportsService

        return ExportsService(self.ctx)

    @cached_property
    def balance(self) -> BalanceService:
        """Panel balance: evaluation, suggestions, applying one."""
        from meetingctl.services.balance import BalanceService

        return BalanceService(self.ctx)

    @cached_property
    def meetings(self) -> MeetingsService:
        """The database schema and the meetings in it: init, demo, db upgrade/current."""
        from meetingctl.services.meetings import MeetingsService

        return MeetingsService(self.ctx)

    @cached_property
    def backup(self) -> BackupService:
        """Backups and restores of the database; the whole meeting as JSON, both ways."""
        from meetingctl.services.backup import BackupService

        return BackupService(self.ctx)

    @cached_property
    def site(self) -> SiteService:
        """The static programme site of the published version, with calendar feeds."""
        from meetingctl.services.site import SiteService

        return SiteService(self.ctx)

    @cached_property
    def replies(self) -> ReplyService:
        """iTIP replies: import from files, fetch by IMAP, the review queue, the timeline."""
        from meetingctl.services.replies import ReplyService

        return ReplyService(self.ctx)
