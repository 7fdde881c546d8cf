"""Replies use cases (issue 14): read iTIP answers from saved files or the IMAP mailbox, apply
them to the invitation statuses, list the review queue and the recent answers, and give each
person's invitation timeline. ``meetingctl replies import|fetch|list``, the scheduler's
``meetingctl.replies`` job and the TUI's Invitations screen all end here.

Each message is recorded in its own unit of work (its answers, their status changes, history and
audit entries commit together); a message whose answers were all recorded before changes
nothing. Fetched messages are moved to ``[replies] processed_folder`` after their transaction
committed, so a crash in between only means the message is read again (and found a duplicate).
"""

from __future__ import annotations

import mailbox
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.messaging.replies import parse_message
from agenda.messaging.reply_rules import Outcome
from agenda.model.enums import MessageKind
from agenda.model.errors import ConflictError, DeliveryError, NotFoundError, ValidationError
from agenda.model.orm import Person, ReceivedReply, RoleAssignment, Session, utcnow
from meetingctl.delivery.tables import OutboxMessage
from meetingctl.services.replies_views import (
    InvitationsTimeline,
    ReplyListing,
    ReplyReport,
    ReplyResult,
    StoredReply,
    TimelineEntry,
)
from meetingctl.services.reply_store import record_reply

if TYPE_CHECKING:
    from meetingctl.context import AppContext


def _files(paths: Sequence[str | Path]) -> list[tuple[str, bytes]]:
    """Every message of every file, validated before anything is written."""
    messages: list[tuple[str, bytes]] = []
    for given in paths:
        path = Path(given)
        if not path.is_file():
            raise ValidationError(f"{path}: no such file; give saved .eml or .mbox files")
        suffix = path.suffix.lower()
        try:
            if suffix == ".mbox" or (suffix != ".eml" and _looks_mbox(path)):
                box = mailbox.mbox(str(path), create=False)
                try:
                    found = [(f"file:{path.name}#{i}", m.as_bytes()) for i, m in enumerate(box)]
                finally:
                    box.close()
                messages.extend(found)
            elif suffix in (".eml", ".msg", ".txt", ""):
                messages.append((f"file:{path.name}", path.read_bytes()))
            else:
                raise ValidationError(
                    f"{path}: not a saved message; give .eml (one message) or .mbox files"
                )
        except OSError as exc:
            raise ValidationError(f"{path}: cannot read: {exc.strerror}") from None
    return messages


def _looks_mbox(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(5) == b"From "


class ReplyService:
    """Reading and applying replies, on one composition root."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def import_files(self, paths: Sequence[str | Path]) -> ReplyReport:
        """Apply the replies in saved ``.eml``/``.mbox`` files (all read before any write)."""
        if not paths:
            raise ValidationError("give at least one .eml or .mbox file")
        messages = _files(paths)
        return self.apply_messages(messages, source=", ".join(str(p) for p in paths))

    def apply_messages(
        self, messages: Iterable[tuple[str, bytes]], *, source: str = ""
    ) -> ReplyReport:
        """Record every reply of ``messages`` ((source, raw bytes) pairs), one transaction per
        message; a message without a REPLY or COUNTER is counted as ignored."""
        results: list[ReplyResult] = []
        problems: list[str] = []
        count = ignored = 0
        for where, raw in messages:
            count += 1
            kept = self._apply_one(where, raw, problems)
            if kept is None:
                ignored += 1
            else:
                results.extend(kept)
        return ReplyReport(count, tuple(results), ignored, tuple(problems), source=source)

    def _apply_one(self, where: str, raw: bytes, problems: list[str]) -> list[ReplyResult] | None:
        parsed = parse_message(raw)
        problems.extend(f"{where}: {p}" for p in parsed.problems)
        if not parsed.items:
            return None
        for attempt in range(2):
            try:
                with self.ctx.transaction() as db:
                    return [record_reply(db, item, where, self.ctx.actor) for item in parsed.items]
            except ConflictError:
                if attempt:  # another reader recorded the same answers first
                    raise
        return None  # pragma: no cover - the loop returns or raises

    def fetch(self) -> ReplyReport:
        """Read the answers wherever they arrive: the ``[replies]`` IMAP folder when a host is
        set (:meth:`fetch_imap`) and, with ``[mail] transport = "graph-events"``, the attendees'
        responses of the Outlook events (:meth:`poll_graph_events`)."""
        config = self.ctx.config
        if config.mail.transport == "graph-events" and not config.replies.host:
            return self.poll_graph_events()
        report = self.fetch_imap()
        if config.mail.transport != "graph-events":
            return report
        graph = self.poll_graph_events()
        return ReplyReport(
            report.messages + graph.messages,
            report.results + graph.results,
            report.ignored,
            report.problems + graph.problems,
            moved=report.moved,
            source=f"{report.source}, {graph.source}",
        )

    def poll_graph_events(self) -> ReplyReport:
        """Read each attendee's ``status.response`` of the Outlook events the graph-events
        transport created (the newest sent per person and session) and record the answers."""
        from agenda.messaging.replies import graph_reply
        from integrations.msgraph.responses import attendee_responses
        from meetingctl.delivery.tables import OutboxStatus
        from meetingctl.wiring import graph_settings

        config = self.ctx.config
        mailbox = config.mail.graph.mailbox or config.mail.sender or ""
        with self.ctx.transaction() as db:
            rows = db.execute(
                select(
                    OutboxMessage.provider_id,
                    OutboxMessage.session_uid,
                    OutboxMessage.sequence,
                    OutboxMessage.recipient,
                )
                .where(
                    OutboxMessage.status == OutboxStatus.SENT,
                    OutboxMessage.kind.in_((MessageKind.INVITATION, MessageKind.UPDATE)),
                    OutboxMessage.provider_id != "",
                )
                .order_by(OutboxMessage.id)
            ).all()
        newest: dict[tuple[str, str], tuple[str, int]] = {}
        for event_id, uid, sequence, recipient in rows:
            newest[(recipient.lower(), uid)] = (event_id, int(sequence))
        client = graph_settings(config, self.ctx.secrets).client()
        results: list[ReplyResult] = []
        problems: list[str] = []
        events = 0
        for (recipient, uid), (event_id, sequence) in sorted(newest.items()):
            events += 1
            try:
                answers = attendee_responses(client, mailbox, event_id)
            except Exception as exc:  # noqa: BLE001 - one event's failure must not stop the rest
                problems.append(f"event {event_id}: {exc}")
                continue
            items = [
                item
                for a in answers
                if a.address == recipient
                and (
                    item := graph_reply(
                        event_id=event_id,
                        uid=uid,
                        sequence=sequence,
                        address=a.address,
                        response=a.response,
                        time=a.time,
                    )
                )
                is not None
            ]
            if items:
                with self.ctx.transaction() as db:
                    results.extend(
                        record_reply(db, item, f"graph:{event_id}", self.ctx.actor)
                        for item in items
                    )
        return ReplyReport(events, tuple(results), 0, tuple(problems), source="graph events")

    def fetch_imap(self) -> ReplyReport:
        """Read ``[replies] folder`` once, apply its replies and move the messages that held
        one to ``[replies] processed_folder``; other mail stays where it is, marked so that the
        next poll does not download it again."""
        from integrations.mail.imap import ImapError, ImapMailbox
        from meetingctl.wiring import imap_settings

        settings = imap_settings(self.ctx.config, self.ctx.secrets)
        results: list[ReplyResult] = []
        problems: list[str] = []
        done: list[str] = []
        other: list[str] = []
        count = ignored = 0
        try:
            with ImapMailbox(settings) as box:
                for message in box.messages():
                    count += 1
                    where = f"imap:{settings.folder}/{message.uid}"
                    kept = self._apply_one(where, message.raw, problems)
                    if kept is None:
                        ignored += 1
                        other.append(message.uid)
                        continue
                    results.extend(kept)
                    done.append(message.uid)
                moved = box.move(done, settings.processed_folder)
                box.mark_not_a_reply(other)
        except ImapError as exc:
            raise DeliveryError(
                f"{exc}; check [replies] host, port, security and username"
            ) from None
        return ReplyReport(
            count,
            tuple(results),
            ignored,
            tuple(problems),
            moved=moved,
            source=f"imap://{settings.host}:{settings.port}/{settings.folder}",
        )

    def listing(self, *, limit: int = 50) -> ReplyListing:
        """The unresolved review queue and the ``limit`` most recent replies."""
        with self.ctx.transaction() as db:
            queue = db.scalars(
                select(ReceivedReply)
                .where(
                    ReceivedReply.outcome == Outcome.REVIEW.value,
                    ReceivedReply.resolved_at.is_(None),
                )
                .order_by(ReceivedReply.received_at, ReceivedReply.id)
            ).all()
            recent = db.scalars(
                select(ReceivedReply)
                .order_by(ReceivedReply.received_at.desc(), ReceivedReply.id.desc())
                .limit(limit)
            ).all()
            names = _names(db, [*queue, *recent])
            return ReplyListing(
                tuple(_stored(r, names) for r in queue), tuple(_stored(r, names) for r in recent)
            )

    def resolve(self, reply_id: int) -> StoredReply:
        """Take reply ``reply_id`` off the review queue (after handling it by hand)."""
        from agenda.model import audit

        with self.ctx.transaction() as db:
            row = db.get(ReceivedReply, reply_id)
            if row is None or row.outcome != Outcome.REVIEW.value:
                raise NotFoundError(
                    f"no reply {reply_id} in the review queue; see `meetingctl replies list`"
                )
            row.resolved_at = utcnow()
            row.resolved_by = self.ctx.actor[:120]
            audit.record(db, self.ctx.actor, "reply.resolve", "received_reply", row.id)
            db.flush()
            return _stored(row, _names(db, [row]))

    def invitations_timeline(self) -> InvitationsTimeline:
        """The timeline (see :meth:`timeline`), the meeting's home zone and the review queue."""
        entries = self.timeline()
        with self.ctx.transaction() as db:
            zone = self.ctx.meeting(db).home_tz
        return InvitationsTimeline(zone, entries, self.listing(limit=1).queue)

    def timeline(self) -> tuple[TimelineEntry, ...]:
        """Each invited person's invitation: sent (queued), delivered (handed to the mail
        server), replied (DTSTAMP of the newest applied answer), all UTC."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            rows = db.execute(
                select(RoleAssignment, Person, Session)
                .join(Person, RoleAssignment.person_id == Person.id)
                .join(Session, RoleAssignment.session_id == Session.id)
                .where(Session.meeting_id == meeting.id)
                .order_by(Session.start, RoleAssignment.position, RoleAssignment.id)
            ).all()
            sent: dict[tuple[int, str], tuple[datetime | None, datetime | None]] = {}
            for pid, uid, created, delivered in db.execute(
                select(
                    OutboxMessage.person_id,
                    OutboxMessage.session_uid,
                    OutboxMessage.created_at,
                    OutboxMessage.sent_at,
                )
                .where(
                    OutboxMessage.meeting_id == meeting.id,
                    OutboxMessage.kind == MessageKind.INVITATION,
                )
                .order_by(OutboxMessage.id)
            ):
                sent.setdefault((int(pid or 0), uid), (created, delivered))
            answers: dict[tuple[int, int], ReceivedReply] = {}
            for reply in db.scalars(
                select(ReceivedReply)
                .where(ReceivedReply.outcome == Outcome.APPLIED.value)
                .order_by(ReceivedReply.sequence, ReceivedReply.dtstamp, ReceivedReply.id)
            ):
                if reply.person_id and reply.session_id:
                    answers[(reply.person_id, reply.session_id)] = reply
            entries = []
            for assignment, person, session in rows:
                queued, delivered = sent.get((person.id, session.uid), (None, None))
                answer = answers.get((person.id, session.id))
                entries.append(
                    TimelineEntry(
                        person_id=person.id,
                        person=person.full_name,
                        session_id=session.id,
                        session=session.title_en,
                        role=assignment.role.value,
                        status=assignment.status.value,
                        sent=queued,
                        delivered=delivered,
                        replied=(answer.dtstamp or answer.received_at) if answer else None,
                        answer=answer.partstat if answer else "",
                        comment=answer.comment if answer else "",
                        session_es=session.title_es or "",
                        gender=str(person.gender.value if person.gender else "unknown"),
                    )
                )
            return tuple(entries)


def _names(db: DbSession, rows: Sequence[ReceivedReply]) -> dict[tuple[str, int], str]:
    people = {r.person_id for r in rows if r.person_id}
    sessions = {r.session_id for r in rows if r.session_id}
    names: dict[tuple[str, int], str] = {}
    if people:
        for person in db.scalars(select(Person).where(Person.id.in_(people))):
            names[("person", person.id)] = person.full_name
    if sessions:
        for session in db.scalars(select(Session).where(Session.id.in_(sessions))):
            names[("session", session.id)] = session.title_en
    return names


def _stored(row: ReceivedReply, names: dict[tuple[str, int], str]) -> StoredReply:
    return StoredReply(
        id=row.id,
        received_at=row.received_at,
        attendee=row.attendee,
        sender=row.sender,
        method=row.method,
        uid=row.uid,
        sequence=row.sequence,
        dtstamp=row.dtstamp,
        partstat=row.partstat,
        outcome=row.outcome,
        reason=row.reason,
        detail=row.detail,
        comment=row.comment,
        session_id=row.session_id,
        person_id=row.person_id,
        person=names.get(("person", row.person_id or 0), ""),
        session=names.get(("session", row.session_id or 0), ""),
        message_id=row.message_id,
        source=row.source,
    )
