"""Exports: annex (g) in every format, the report skeleton, the calendar feed, the roster, and
the stakeholder inputs the report quotes.

The annex and the report carry :class:`~agenda.annex.headcount.HeadcountWarning` s when the
list of participants (who counts: ``[exports] participants``) is empty or much smaller than the
registered people; the front doors print them. The results are in
:mod:`meetingctl.services.exports_views`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agenda.annex.cover import CoverInfo
from agenda.annex.document import build_annex, load_people
from agenda.annex.exporters import FORMATS, check_output_path, write_annex
from agenda.annex.headcount import Headcount, headcount, headcount_warnings
from agenda.annex.inputs import (
    general_inputs,
    import_inputs,
    input_warnings,
    inputs_by_round_table,
    load_inputs,
    read_inputs_csv,
)
from agenda.annex.report import write_report
from agenda.messaging.ical import build_feed
from agenda.messaging.invitations import calendar_event, meeting_view, session_view
from agenda.model import audit
from agenda.model.enums import Attendance
from agenda.model.errors import ValidationError
from agenda.model.orm import Meeting, utcnow
from agenda.programme.reading import load_sessions
from meetingctl.config import MeetingDefaults
from meetingctl.services.exports_views import (
    PARTICIPANT_CHOICES,
    AnnexResult,
    CalendarResult,
    InputCount,
    InputsImportResult,
    InputsSummary,
    ReportResult,
    RosterResult,
)

if TYPE_CHECKING:
    from meetingctl.context import AppContext

#: What the TUI can export -> the formats it can be written in (the first is the default).
EXPORT_FORMATS: dict[str, tuple[str, ...]] = {
    "annex": FORMATS,
    "report": ("docx",),
    "calendar": ("ics",),
    "roster": ("csv", "xlsx"),
}
SUFFIX_FORMATS = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".csv": "csv",
    ".xlsx": "xlsx",
}
DEFAULT_SECRETARIAT = MeetingDefaults.model_fields["secretariat_name"].default

Progress = Callable[[float], None]


def _quiet(_fraction: float) -> None:
    """No progress reporting."""


class ExportsService:
    """Annex, report, calendar feed, roster and stakeholder inputs."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # -- helpers ---------------------------------------------------------------------------
    def output_path(self, output: str | Path) -> Path:
        """The path as given; a relative one goes under [exports] output_dir when configured."""
        path = Path(output).expanduser()
        if not path.is_absolute() and self.ctx.config.exports.output_dir:
            path = Path(self.ctx.config.exports.output_dir).expanduser() / path
        return path

    def _participants(self, participants: str | None) -> str:
        counted = participants or self.ctx.config.exports.participants
        if counted not in PARTICIPANT_CHOICES:
            raise ValidationError(
                f"unknown participants choice {counted!r}: use one of "
                f"{', '.join(PARTICIPANT_CHOICES)}"
            )
        return counted

    def _author(self, meeting: Meeting) -> str:
        """Document author: [meeting] secretariat_name when configured, else the organizers."""
        name = self.ctx.config.meeting.secretariat_name.strip()
        if name and name != DEFAULT_SECRETARIAT:
            return name
        return ", ".join(str(o) for o in meeting.organizers or ()) or name

    def _annex_options(self) -> dict[str, Any]:
        """The configured secretariat and cover block ([exports] in the configuration)."""
        settings = self.ctx.config.exports
        return {
            "secretariat": tuple(settings.secretariat),
            "cover": CoverInfo(
                symbol=settings.document_symbol,
                day=settings.document_date,
                place=settings.document_place,
                original_language=settings.original_language,
            ),
        }

    # -- use cases -------------------------------------------------------------------------
    def annex(
        self,
        output: str | Path,
        *,
        fmt: str | None = None,
        lang: str | None = None,
        participants: str | None = None,
        force: bool = False,
        progress: Progress | None = None,
        excel: bool = False,
    ) -> AnnexResult:
        """Write annex (g) (organization of work and list of participants) to ``output``.

        The format comes from ``fmt`` or the file extension (they must agree); an existing file
        is only replaced with ``force``. Audited as ``export.annex``.
        """
        step = progress or _quiet
        path = self.output_path(output)
        fmt = format_for(path, fmt)
        check_output_path(path, force=force)
        if excel and fmt != "csv":
            raise ValidationError(
                f"--excel applies to CSV only, not {fmt}; drop it or write a .csv file"
            )
        lang = lang or self.ctx.config.meeting.default_language
        counted = self._participants(participants)
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            step(0.2)
            people = load_people(db)
            annex = build_annex(
                meeting,
                load_sessions(db, meeting),
                people,
                lang,
                counted,
                author=self._author(meeting),
                **self._annex_options(),
            )
            step(0.5)
            written = write_annex(annex, fmt, path, force=force, excel=excel)
            audit.record(
                db,
                self.ctx.actor,
                "export.annex",
                "meeting",
                meeting.id,
                format=fmt,
                lang=lang,
                participants=counted,
                listed=annex.participant_count,
                path=str(written),
            )
            count = Headcount(Attendance(counted), annex.participant_count, len(people))
            meeting_days, preparatory_days = annex.meeting_days, annex.preparatory_days
        step(1.0)
        return AnnexResult(
            path=written,
            fmt=fmt,
            lang=lang,
            participants=counted,
            meeting_days=meeting_days,
            preparatory_days=preparatory_days,
            headcount=count,
            warnings=headcount_warnings(count),
        )

    def report(
        self,
        output: str | Path,
        *,
        lang: str | None = None,
        participants: str | None = None,
        force: bool = False,
        progress: Progress | None = None,
    ) -> ReportResult:
        """Write the outcome report skeleton (sections a-g, annex filled in) as DOCX."""
        step = progress or _quiet
        path = self.output_path(output)
        format_for(path, "docx")
        lang = lang or self.ctx.config.meeting.default_language
        counted = self._participants(participants)
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            step(0.3)
            written = write_report(
                db,
                meeting,
                lang,
                path,
                participants=counted,
                force=force,
                author=self._author(meeting),
                **self._annex_options(),
            )
            audit.record(
                db,
                self.ctx.actor,
                "export.report",
                "meeting",
                meeting.id,
                lang=lang,
                participants=counted,
                path=str(written),
            )
            count = headcount(load_people(db), counted)
        step(1.0)
        return ReportResult(written, lang, counted, count, headcount_warnings(count))

    def calendar(
        self,
        output: str | Path,
        *,
        lang: str | None = None,
        utc: bool = False,
        force: bool = False,
        make_dirs: bool = False,
        as_given: bool = False,
        progress: Progress | None = None,
    ) -> CalendarResult:
        """Write the whole programme as an iCalendar feed (METHOD:PUBLISH, no attendees).

        Times are in the meeting's home zone (UTC with ``utc``); titles in ``lang``, default
        the meeting's language. An existing file is only replaced with ``force``; with
        ``make_dirs`` missing folders are created (once there is something to write); with
        ``as_given`` a relative ``output`` stays relative to the working directory instead of
        going under ``[exports] output_dir`` (``meetingctl export ics`` uses all three).
        Audited as ``export.ics``.
        """
        from meetingctl.delivery.building import organizer

        step = progress or _quiet
        target = Path(output).expanduser() if as_given else self.output_path(output)
        if not make_dirs:
            target = check_output_path(target, force=force)
        sender = organizer(self.ctx.config)
        now = utcnow()
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            language = lang or (
                meeting.default_language if meeting.default_language in ("en", "es") else "en"
            )
            view = meeting_view(meeting)
            sessions = load_sessions(db, meeting)
            if not sessions:
                raise ValidationError("the programme has no sessions yet; nothing to export")
            events = [
                calendar_event(view, session_view(s), [], sender, language=language, stamp=now)
                for s in sessions
            ]
            step(0.6)
            if make_dirs:
                target.parent.mkdir(parents=True, exist_ok=True)
                target = check_output_path(target, force=force)
            zone = None if utc else meeting.home_tz
            target.write_bytes(build_feed(events, view.title(language), zone, stamp=now))
            audit.record(
                db,
                self.ctx.actor,
                "export.ics",
                "meeting",
                meeting.id,
                lang=language,
                sessions=len(events),
                path=str(target),
            )
        step(1.0)
        return CalendarResult(target, language, len(events))

    def roster(
        self,
        output: str | Path,
        *,
        fmt: str | None = None,
        lang: str = "en",
        force: bool = False,
        progress: Progress | None = None,
    ) -> RosterResult:
        """Write everyone in the database as CSV (UTF-8 with BOM) or XLSX (cells escaped); the
        same roster as :meth:`meetingctl.services.people.PeopleService.export_roster`, with the
        export checks on ``output`` (existing file only with ``force``, folder must exist)."""
        step = progress or _quiet
        target = check_output_path(self.output_path(output), force=force)
        fmt = fmt or ("xlsx" if target.suffix.lower() == ".xlsx" else "csv")
        step(0.2)
        exported = self.ctx.services.people.export_roster(target, fmt, lang)
        step(1.0)
        return RosterResult(target, fmt, exported.count)

    def import_inputs(
        self, file: str, *, dry_run: bool = False, mapping: str | None = None
    ) -> InputsImportResult:
        """Read stakeholder inputs (organization, country, category, objectives, text) from a
        CSV or XLSX, plain or a questionnaire export (Qualtrics, Google Forms, SurveyMonkey,
        KoboToolbox), and store the new ones; ``mapping`` is a column mapping file; with
        ``dry_run`` only validate it."""
        records = read_inputs_csv(file, mapping=mapping, lang=self.ctx.config.ui.language)
        warnings = tuple(input_warnings(records, file))
        if dry_run:
            return InputsImportResult(file, len(records), True, warnings=warnings)
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            done = import_inputs(db, meeting, records, actor=self.ctx.actor, source=Path(file).name)
        return InputsImportResult(
            file, len(records), False, done.added, done.duplicates, warnings=warnings
        )

    def inputs(self, lang: str = "en") -> InputsSummary:
        """The inputs received per round table (titles in ``lang``), general ones, total."""
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            sessions = load_sessions(db, meeting)
            received = load_inputs(db, meeting)
            by_table = inputs_by_round_table(sessions, received)
            rows = tuple(
                InputCount(s.id, s.title(lang), len(by_table[s.id]))
                for s in sessions
                if s.id in by_table
            )
            general = len(general_inputs(sessions, received))
            return InputsSummary(rows, general, len(received))


def format_for(path: Path, fmt: str | None) -> str:
    """The annex format: ``fmt``, else from the extension; a mismatch is refused."""
    inferred = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        if inferred is None:
            raise ValidationError(
                f"cannot tell the format of {path.name!r} from its extension: add "
                f"--format ({', '.join(FORMATS)}) or use one of {', '.join(SUFFIX_FORMATS)}"
            )
        return inferred
    if inferred is not None and inferred != fmt:
        raise ValidationError(
            f"--format {fmt} does not match the file name {path.name!r} (a .{inferred} name); "
            f"rename the output or change --format"
        )
    return fmt
