"""`meetingctl export annex|report` and `meetingctl inputs import|list`."""

from __future__ import annotations

import click

from agenda.annex.exporters import FORMATS
from agenda.annex.headcount import HeadcountWarning
from agenda.i18n.export import label
from meetingctl.context import AppContext
from meetingctl.services.exports import PARTICIPANT_CHOICES
from meetingctl.services.exports_views import AnnexResult

pass_app = click.make_pass_decorator(AppContext)


def _summary(result: AnnexResult) -> str:
    """'2 meeting days (+1 preparatory day), 60 participants'."""
    days = f"{result.meeting_days} meeting day{'s' if result.meeting_days != 1 else ''}"
    if result.preparatory_days:
        extra = result.preparatory_days
        days += f" (+{extra} preparatory day{'s' if extra != 1 else ''})"
    people = result.headcount.listed
    return f"{days}, {people} participant{'s' if people != 1 else ''}"


def _warn(warnings: tuple[HeadcountWarning, ...]) -> None:
    for warning in warnings:
        click.echo(f"Warning: {warning.message('en')}", err=True)


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
@click.option(
    "--excel",
    is_flag=True,
    help="CSV for Excel in a Spanish (comma-decimal) locale: semicolons, UTF-8 with BOM.",
)
@pass_app
def export_annex(
    app: AppContext,
    lang: str | None,
    fmt: str | None,
    output: str,
    participants: str | None,
    force: bool,
    excel: bool,
) -> None:
    """Write annex (g): the organization of work and the list of participants (ECLAC layout)."""
    result = app.services.exports.annex(
        output, fmt=fmt, lang=lang, participants=participants, force=force, excel=excel
    )
    _warn(result.warnings)
    click.echo(
        f"Wrote {result.path} ({result.fmt}, {result.lang}): {_summary(result)} "
        f"({result.participants})"
    )


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
    result = app.services.exports.report(output, lang=lang, participants=participants, force=force)
    _warn(result.warnings)
    click.echo(
        f"Wrote {result.path} (report skeleton, {result.lang}, participants: {result.participants})"
    )


@click.group()
def inputs() -> None:
    """Stakeholder inputs (e.g. the online questionnaire) for the report."""


@inputs.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Validate the file without storing anything.")
@pass_app
def inputs_import(app: AppContext, file: str, dry_run: bool) -> None:
    """Import a CSV with columns organization, country, category, objectives, text."""
    result = app.services.exports.import_inputs(file, dry_run=dry_run)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if result.dry_run:
        click.echo(f"{file}: {result.valid} valid inputs (dry run, nothing stored)")
        return
    click.echo(
        f"Imported {result.added} inputs from {file} ({result.duplicates} already present, skipped)"
    )


@inputs.command("list")
@pass_app
def inputs_list(app: AppContext) -> None:
    """Count the inputs received per round table."""
    lang = app.config.ui.language
    summary = app.services.exports.inputs(lang)
    for row in summary.round_tables:
        click.echo(f"{row.count:>4}  {row.title}")
    if summary.general:
        click.echo(f"{summary.general:>4}  {label('general_inputs', lang)}")
    click.echo(f"{summary.total} inputs in total")


def register(root: click.Group) -> None:
    """Add `export annex`, `export report` and the `inputs` group."""
    export_group = root.commands["export"]
    assert isinstance(export_group, click.Group)
    export_group.add_command(export_annex)
    export_group.add_command(export_report)
    root.add_command(inputs)
