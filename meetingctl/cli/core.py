"""Foundation commands: init, db, demo, people list, agenda show, and opening the TUI."""

from __future__ import annotations

import json
import shlex
import sys
from datetime import date
from typing import Any

import click

from agenda.model.enums import Modality
from agenda.model.errors import ValidationError
from agenda.programme.templates import TEMPLATES
from agenda.time.slots import parse_date
from meetingctl.context import AppContext
from meetingctl.services.meetings import NewMeeting

pass_app = click.make_pass_decorator(AppContext)


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value, "date")
    except ValidationError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@click.option(
    "--template", type=click.Choice(TEMPLATES), default="gcm-regional-review", show_default=True
)
@click.option("--title", required=True, help="Meeting title in English.")
@click.option("--title-es", default="", help="Meeting title in Spanish.")
@click.option("--start", required=True, callback=_parse_date, help="First meeting day, YYYY-MM-DD.")
@click.option("--days", type=click.IntRange(1, 14), default=2, show_default=True)
@click.option(
    "--tz", "home_tz", help="Home IANA time zone (default: config meeting.home_timezone)."
)
@click.option(
    "--modality",
    type=click.Choice([m.value for m in Modality]),
    default="virtual",
    show_default=True,
)
@click.option("--venue", default="")
@pass_app
def init(
    app: AppContext,
    template: str,
    title: str,
    title_es: str,
    start: date,
    days: int,
    home_tz: str | None,
    modality: str,
    venue: str,
) -> None:
    """Create the database schema (if needed) and a meeting from a template."""
    new = NewMeeting(
        template,
        title_en=title,
        title_es=title_es,
        start=start,
        days=days,
        home_tz=home_tz,
        modality=Modality(modality),
        venue=venue,
    )
    created = app.services.meetings.create_meeting(new)
    click.echo(
        f"Created meeting {created.slug!r} ({created.sessions} sessions, {created.template}) "
        f"in {created.database}"
    )


@click.group()
def db() -> None:
    """Database schema commands."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@pass_app
def db_upgrade(app: AppContext, revision: str) -> None:
    """Create or upgrade the schema with the packaged Alembic migrations."""
    upgraded = app.services.meetings.upgrade_schema(revision)
    click.echo(f"schema {upgraded.before or 'empty'} -> {upgraded.after}")


@db.command("current")
@pass_app
def db_current(app: AppContext) -> None:
    """Show the stored and the expected schema revision."""
    status = app.services.meetings.schema_status()
    click.echo(f"database: {status.database or 'empty'}; program: {status.program}")


@click.group()
def agenda() -> None:
    """Show, check, publish and compare the programme."""


@agenda.command("show")
@click.option("--tz", "tz", help="Display zone (IANA name); default the meeting's home zone.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the text output.")
@pass_app
def agenda_show(app: AppContext, tz: str | None, fmt: str, lang: str | None) -> None:
    """Print the programme in any time zone (JSON schema in the README)."""
    shown = app.services.programme.document(tz)
    if fmt == "json":
        click.echo(json.dumps(shown.document, ensure_ascii=False, indent=2))
    else:
        click.echo(shown.text(lang or app.config.ui.language), nl=False)


@click.group()
def people() -> None:
    """List, import and export people."""


@people.command("list")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--country", help="ISO 3166 alpha-2 code.")
@pass_app
def people_list(app: AppContext, fmt: str, country: str | None) -> None:
    """List people with country, gender, category and organization."""
    records: list[dict[str, Any]] = [
        {
            "id": p.id,
            "name": p.name,
            "honorific": p.honorific,
            "email": p.email or None,
            "country": p.country or None,
            "gender": p.gender,
            "category": p.category,
            "organization": p.organization,
            "position": p.position,
        }
        for p in app.services.people.list_people(country)
    ]
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for r in records:
        click.echo(
            f"{r['id']:>5}  {r['name'][:34]:<34} {r['country'] or '--':<3} "
            f"{r['gender']:<11} {r['category']:<20} {r['organization'][:30]}"
        )
    click.echo(f"{len(records)} people")


@click.group()
def export() -> None:
    """Export the annex, the report, the calendar feed and the roster."""


@click.command()
@click.option(
    "--print", "print_only", is_flag=True, help="Print the agenda instead of opening the app."
)
@click.option(
    "--people", "people_count", type=click.IntRange(10, 10000), default=150, show_default=True
)
@click.option("--seed", type=int, default=2021, show_default=True)
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    help="Date the demo in this year's late April (2021 reproduces the 2021 review); "
    "default: the next late April at least 30 days ahead.",
)
@pass_app
def demo(app: AppContext, print_only: bool, people_count: int, seed: int, year: int | None) -> None:
    """Create a self-contained demo database (a fictional two-day regional review in
    America/Santiago with ~150 people, dated in the future unless --year is given) and open
    the app on it, or print its agenda."""
    from meetingctl.demo import demo_database_url

    if not app.database_chosen:  # no database chosen: a fresh one
        app.use_database(demo_database_url(reset=True))
    created = app.services.meetings.create_demo(people_count, seed, year)
    app.meeting_slug = created.slug
    shown_url = created.database
    click.echo(f"Demo database: {shown_url}", err=True)
    click.echo(
        f"Use: meetingctl --db {shlex.quote(shown_url)} agenda show"
        "  (the same --db works with every other command)",
        err=True,
    )
    if print_only or not _interactive():
        click.echo(app.services.programme.document().text(app.config.ui.language), nl=False)
        return
    open_tui(app)


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def open_tui(app: AppContext) -> None:
    """Open the terminal app, or explain how to get the agenda when there is no terminal."""
    if not _interactive():
        click.echo(app.services.programme.document().text(app.config.ui.language), nl=False)
        return
    from meetingctl.tui.app import run_app  # imported late: Textual is slow to import

    code = run_app(app)
    if code:  # the app stopped on an unhandled exception: the shell must see a failure
        raise click.exceptions.Exit(code)


def register(root: click.Group) -> None:
    """Add the foundation commands to the root group."""
    for command in (init, db, agenda, people, export, demo):
        root.add_command(command)
