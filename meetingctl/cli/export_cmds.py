"""`meetingctl export annex|report|site` and `meetingctl inputs import|list`."""

from __future__ import annotations

import click

from agenda.annex.exporters import FORMATS
from agenda.annex.headcount import HeadcountWarning
from agenda.i18n.catalog import tr
from agenda.i18n.export import label
from meetingctl.context import AppContext
from meetingctl.services.exports_views import PARTICIPANT_CHOICES, AnnexResult

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


@click.command("site")
@click.option(
    "-o", "--output", required=True, type=click.Path(file_okay=False), help="Folder to write."
)
@click.option(
    "--lang",
    "languages",
    default="en,es",
    show_default=True,
    help="Languages of the site, comma-separated (en, es).",
)
@click.option(
    "--base-url",
    help="Where the folder will be served (https://...), for webcal: links "
    "(default: config [site] base_url).",
)
@click.option("--force", is_flag=True, help="Write into a non-empty folder of other files.")
@pass_app
def export_site(
    app: AppContext, output: str, languages: str, base_url: str | None, force: bool
) -> None:
    """Write the static programme site of the latest published version (pages and .ics)."""
    result = app.services.site.export(output, languages=languages, base_url=base_url, force=force)
    lang = app.config.ui.language
    # es: Escrito {path} (versión {version}, {languages}): {pages} páginas, {feeds} calendarios
    # (.ics), {size} KiB
    done = tr(
        lang,
        "Wrote {path} (version {version}, {languages}): {pages} pages, {feeds} calendar "
        "feeds, {size} KiB",
    ).format(
        path=result.path,
        version=result.version,
        languages=",".join(result.languages),
        pages=result.pages,
        feeds=result.feeds,
        size=round(result.size / 1024),
    )
    if result.removed:
        # es: {count} archivos obsoletos eliminados
        done += "; " + tr(lang, "{count} stale files removed").format(count=result.removed)
    click.echo(done)
    if not result.base_url:
        # es: Nota: sin --base-url ni [site] base_url, las páginas ofrecen descargas .ics pero
        # no enlaces de suscripción webcal:
        note = tr(
            lang,
            "Note: no --base-url or [site] base_url, so the pages offer .ics downloads but no "
            "webcal: subscription links",
        )
        click.echo(note, err=True)


@click.group()
def inputs() -> None:
    """Stakeholder inputs (e.g. the online questionnaire) for the report."""


@inputs.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False),
    help="TOML/JSON file mapping the export's columns (question text, Qualtrics id or "
    "ImportId) to organization, country, category, objectives, text, language or ignore.",
)
@click.option("--dry-run", is_flag=True, help="Validate the file without storing anything.")
@pass_app
def inputs_import(app: AppContext, file: str, dry_run: bool, mapping: str | None) -> None:
    """Import inputs: a CSV/XLSX with columns organization, country, category, objectives,
    text, or a questionnaire export (Qualtrics, Google Forms, SurveyMonkey, KoboToolbox)."""
    result = app.services.exports.import_inputs(file, dry_run=dry_run, mapping=mapping)
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
    export_group.add_command(export_site)
    root.add_command(inputs)
