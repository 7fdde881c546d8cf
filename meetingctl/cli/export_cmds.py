"""`meetingctl export annex|report` and `meetingctl inputs import|list`."""

from __future__ import annotations

from pathlib import Path

import click

from agenda.annex.document import Annex, load_annex
from agenda.annex.exporters import FORMATS, check_output_path, write_annex
from agenda.annex.inputs import (
    general_inputs,
    import_inputs,
    input_warnings,
    inputs_by_round_table,
    load_inputs,
    read_inputs_csv,
)
from agenda.annex.report import write_report
from agenda.i18n.export import label
from agenda.model import audit
from agenda.model.errors import ValidationError
from agenda.model.orm import Meeting
from agenda.programme.reading import load_sessions
from meetingctl.config import MeetingDefaults
from meetingctl.context import AppContext

pass_app = click.make_pass_decorator(AppContext)

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
PARTICIPANT_CHOICES = ("registered", "confirmed", "attended")
DEFAULT_SECRETARIAT = MeetingDefaults.model_fields["secretariat_name"].default


def _output_path(app: AppContext, output: str) -> Path:
    """-o as given; a relative path goes under [exports] output_dir when that is configured."""
    path = Path(output).expanduser()
    if not path.is_absolute() and app.config.exports.output_dir:
        path = Path(app.config.exports.output_dir).expanduser() / path
    return path


def _format_for(path: Path, fmt: str | None) -> str:
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


def _author(app: AppContext, meeting: Meeting) -> str:
    """Document author: [meeting] secretariat_name when configured, else the organizers."""
    name = app.config.meeting.secretariat_name.strip()
    if name and name != DEFAULT_SECRETARIAT:
        return name
    return ", ".join(str(o) for o in meeting.organizers or ()) or name


def _summary(annex: Annex) -> str:
    """'2 meeting days (+1 preparatory day), 60 participants'."""
    days = f"{annex.meeting_days} meeting day{'s' if annex.meeting_days != 1 else ''}"
    if annex.preparatory_days:
        extra = annex.preparatory_days
        days += f" (+{extra} preparatory day{'s' if extra != 1 else ''})"
    people = annex.participant_count
    return f"{days}, {people} participant{'s' if people != 1 else ''}"


lang_option = click.option(
    "--lang",
    type=click.Choice(["en", "es"]),
    help="Language (default: config meeting.default_language).",
)
participants_option = click.option(
    "--participants",
    type=click.Choice(PARTICIPANT_CHOICES),
    help="Who is listed (default: config [exports] participants).",
)
force_option = click.option("--force", is_flag=True, help="Overwrite an existing file.")


@click.command("annex")
@lang_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format (default: from the file extension).",
)
@click.option("-o", "--output", required=True, type=click.Path(), help="File to write.")
@participants_option
@force_option
@pass_app
def export_annex(
    app: AppContext,
    lang: str | None,
    fmt: str | None,
    output: str,
    participants: str | None,
    force: bool,
) -> None:
    """Write annex (g): the organization of work and the list of participants (ECLAC layout)."""
    path = _output_path(app, output)
    fmt = _format_for(path, fmt)
    check_output_path(path, force=force)
    lang = lang or app.config.meeting.default_language
    counted = participants or app.config.exports.participants
    with app.transaction() as db:
        meeting = app.meeting(db)
        annex = load_annex(db, meeting, lang, counted, author=_author(app, meeting))
        written = write_annex(annex, fmt, path, force=force)
        audit.record(
            db,
            app.actor,
            "export.annex",
            "meeting",
            meeting.id,
            format=fmt,
            lang=lang,
            participants=counted,
            listed=annex.participant_count,
            path=str(written),
        )
    click.echo(f"Wrote {written} ({fmt}, {lang}): {_summary(annex)} ({counted})")


@click.command("report")
@lang_option
@click.option("-o", "--output", required=True, type=click.Path(), help="DOCX file to write.")
@participants_option
@force_option
@pass_app
def export_report(
    app: AppContext, lang: str | None, output: str, participants: str | None, force: bool
) -> None:
    """Write the outcome report skeleton (sections a-g, annex filled in) as DOCX."""
    path = _output_path(app, output)
    _format_for(path, "docx")
    lang = lang or app.config.meeting.default_language
    counted = participants or app.config.exports.participants
    with app.transaction() as db:
        meeting = app.meeting(db)
        written = write_report(
            db,
            meeting,
            lang,
            path,
            participants=counted,
            force=force,
            author=_author(app, meeting),
        )
        audit.record(
            db,
            app.actor,
            "export.report",
            "meeting",
            meeting.id,
            lang=lang,
            participants=counted,
            path=str(written),
        )
    click.echo(f"Wrote {written} (report skeleton, {lang}, participants: {counted})")


@click.group()
def inputs() -> None:
    """Stakeholder inputs (e.g. the online questionnaire) for the report."""


@inputs.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Validate the file without storing anything.")
@pass_app
def inputs_import(app: AppContext, file: str, dry_run: bool) -> None:
    """Import a CSV with columns organization, country, category, objectives, text."""
    records = read_inputs_csv(file)
    for warning in input_warnings(records, file):
        click.echo(f"Warning: {warning}", err=True)
    if dry_run:
        click.echo(f"{file}: {len(records)} valid inputs (dry run, nothing stored)")
        return
    with app.transaction() as db:
        meeting = app.meeting(db)
        result = import_inputs(db, meeting, records, actor=app.actor, source=Path(file).name)
    click.echo(
        f"Imported {result.added} inputs from {file} ({result.duplicates} already present, skipped)"
    )


@inputs.command("list")
@pass_app
def inputs_list(app: AppContext) -> None:
    """Count the inputs received per round table."""
    with app.transaction() as db:
        meeting = app.meeting(db)
        sessions = load_sessions(db, meeting)
        received = load_inputs(db, meeting)
        by_table = inputs_by_round_table(sessions, received)
        lines = [
            f"{len(by_table[s.id]):>4}  {s.title(app.config.ui.language)}"
            for s in sessions
            if s.id in by_table
        ]
        general = len(general_inputs(sessions, received))
        if general:
            lines.append(f"{general:>4}  {label('general_inputs', app.config.ui.language)}")
    for line in lines:
        click.echo(line)
    click.echo(f"{len(received)} inputs in total")


def register(root: click.Group) -> None:
    """Add `export annex`, `export report` and the `inputs` group."""
    export_group = root.commands["export"]
    assert isinstance(export_group, click.Group)
    export_group.add_command(export_annex)
    export_group.add_command(export_report)
    root.add_command(inputs)
