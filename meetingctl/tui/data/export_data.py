"""Exports: the annex, the report skeleton, the calendar feed and the roster."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agenda import audit
from meetingctl.cli.context import AppContext
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
        load_annex = domain("agenda.annex", "load_annex", "export")
        write_annex = domain("agenda.exporters", "write_annex", "export")
        domain("agenda.exporters", "check_output_path", "export")(target, force=overwrite)
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
        write_report = domain("agenda.report", "write_report", "export")
        with ctx.transaction() as db:
            meeting = ctx.meeting(db)
            report(0.3)
            written = write_report(db, meeting, lang, target, participants=counted, force=overwrite)
            audit.record(
                db, ctx.actor, "export.report", "meeting", meeting.id, lang=lang, path=str(written)
            )
    else:
        raise NotAvailableYet("export")
    report(1.0)
    return Path(written).resolve()
