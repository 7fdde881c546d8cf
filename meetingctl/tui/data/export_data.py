"""Exports: the annex, the report skeleton, the calendar feed and the roster."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from agenda.model import audit
from agenda.model.errors import ValidationError
from agenda.model.orm import Person, utcnow
from agenda.programme.reading import load_sessions
from meetingctl.context import AppContext
from meetingctl.tui.data import NotAvailableYet, domain

#: what -> the formats it can be written in
FORMATS: dict[str, tuple[str, ...]] = {
    "annex": ("docx", "pdf", "html", "md", "csv", "xlsx"),
    "report": ("docx",),
    "calendar": ("ics",),
    "roster": ("csv", "xlsx"),
}


def default_path(what: str, lang: str, fmt: str) -> str:
    """A suggested output file name."""
    return f"{what}-{lang}.{fmt}"


def run_export(
    ctx: AppContext,
    what: str,
    lang: str,
    fmt: str,
    path: str,
    overwrite: bool,
    progress: Callable[[float], None] | None = None,
) -> Path:
    """Write the export to ``path`` with the exporters (as `meetingctl export` does), recorded
    in the audit log; returns the path written. ``progress`` receives fractions 0..1."""
    target = Path(path).expanduser()
    if not target.is_absolute() and ctx.config.exports.output_dir:
        target = Path(ctx.config.exports.output_dir).expanduser() / target
    counted = ctx.config.exports.participants
    report = progress or (lambda _fraction: None)
    if what == "annex":
        load_annex = domain("agenda.annex.document", "load_annex", "export")
        write_annex = domain("agenda.annex.exporters", "write_annex", "export")
        domain("agenda.annex.exporters", "check_output_path", "export")(target, force=overwrite)
        with ctx.transaction() as db:
            meeting = ctx.meeting(db)
            report(0.2)
            annex = load_annex(db, meeting, lang, counted)
            report(0.5)
            written = write_annex(annex, fmt, target, force=overwrite)
            audit.record(
                db,
                ctx.actor,
                "export.annex",
                "meeting",
                meeting.id,
                format=fmt,
                lang=lang,
                participants=counted,
                path=str(written),
            )
    elif what == "report":
        write_report = domain("agenda.annex.report", "write_report", "export")
        with ctx.transaction() as db:
            meeting = ctx.meeting(db)
            report(0.3)
            written = write_report(db, meeting, lang, target, participants=counted, force=overwrite)
            audit.record(
                db, ctx.actor, "export.report", "meeting", meeting.id, lang=lang, path=str(written)
            )
    elif what == "calendar":
        written = _calendar(ctx, lang, target, overwrite, report)
    elif what == "roster":
        written = _roster(ctx, lang, fmt, target, overwrite)
    else:
        raise NotAvailableYet("export")
    report(1.0)
    return Path(written).resolve()


def _checked(target: Path, overwrite: bool) -> Path:
    return domain("agenda.annex.exporters", "check_output_path", "export")(target, force=overwrite)


def _calendar(
    ctx: AppContext, lang: str, target: Path, overwrite: bool, report: Callable[[float], None]
) -> Path:
    """The whole programme as an iCalendar feed (what `meetingctl export ics` writes)."""
    invitations = "agenda.messaging.invitations"
    meeting_view = domain(invitations, "meeting_view", "export")
    session_view = domain(invitations, "session_view", "export")
    calendar_event = domain(invitations, "calendar_event", "export")
    build_feed = domain("agenda.messaging.ical", "build_feed", "export")
    sender = domain("meetingctl.delivery.planning", "organizer", "export")(ctx.config)
    target = _checked(target, overwrite)
    now = utcnow()
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        view = meeting_view(meeting)
        sessions = load_sessions(db, meeting)
        if not sessions:
            raise ValidationError("the programme has no sessions yet; nothing to export")
        events = [
            calendar_event(view, session_view(s), [], sender, language=lang, stamp=now)
            for s in sessions
        ]
        report(0.6)
        feed = build_feed(events, view.title(lang), meeting.home_tz, stamp=now)
        target.write_bytes(feed)
        audit.record(
            db,
            ctx.actor,
            "export.ics",
            "meeting",
            meeting.id,
            lang=lang,
            sessions=len(events),
            path=str(target),
        )
    return target


def _roster(ctx: AppContext, lang: str, fmt: str, target: Path, overwrite: bool) -> Path:
    """Everyone in the database as CSV or XLSX (what `meetingctl people export` writes)."""
    export_roster = domain("agenda.people.export", "export_roster", "export")
    record = domain("meetingctl.cli.people_cmds", "_record", "export")
    target = _checked(target, overwrite)
    with ctx.transaction() as db:
        people = db.scalars(select(Person).order_by(Person.family_name, Person.given_name))
        records = [record(person) for person in people]
    export_roster(records, target, fmt, lang)
    return target
