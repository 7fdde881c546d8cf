"""Exports: the annex, the report skeleton, the calendar feed and the roster."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from meetingctl.cli.context import AppContext
from meetingctl.tui.data import domain

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


def run_export(ctx: AppContext, what: str, lang: str, fmt: str, path: str, overwrite: bool,
               progress: Callable[[float], None] | None = None) -> Path:
    """Write the export to ``path`` via the exporters; returns the absolute path written."""
    target = Path(path).expanduser().resolve()
    export = domain("agenda.exporters", "export", "export")
    with ctx.transaction() as db:
        meeting = ctx.meeting(db)
        written = export(db, meeting, what=what, lang=lang, fmt=fmt, path=target,
                         force=overwrite, settings=ctx.config.exports, progress=progress)
    return Path(written or target)
