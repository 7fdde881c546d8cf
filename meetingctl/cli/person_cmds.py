"""`meetingctl people add` and `people edit`: one person, checked like a row of a people file."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from agenda.i18n.catalog import tr
from agenda.model.enums import Gender
from meetingctl.context import AppContext
from meetingctl.services.people_views import PersonFields, PersonSaved

pass_app = click.make_pass_decorator(AppContext)

_TEXT_OPTIONS: tuple[tuple[str, str], ...] = (
    ("--honorific", "H.E., Dr., Ms. ..."),
    ("--email", "E-mail address (must not belong to another person)."),
    ("--country", "ISO 3166 alpha-2 code or country name."),
    ("--category", "Stakeholder category key or label (default other)."),
    ("--organization", "Organization name (created when new)."),
    ("--organization-es", "The organization's name in Spanish (annex and report in Spanish)."),
    ("--position", "Position or title in English."),
    ("--position-es", "Position or title in Spanish (cargo)."),
    ("--delegation", "Delegation (a country code or name)."),
    ("--accessibility", "Accessibility needs."),
    ("--notes", "Internal notes."),
)


def _person_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The field options shared by `people add` and `people edit`."""
    decorators = [
        click.option("--family-name", help="Family name(s)."),
        *(click.option(flag, help=text) for flag, text in _TEXT_OPTIONS),
        click.option(
            "--gender",
            type=click.Choice([g.value for g in Gender]),
            help="Self-described gender (default unknown; never guessed).",
        ),
        click.option(
            "--head-of-delegation/--not-head-of-delegation",
            default=None,
            help="Heads the delegation.",
        ),
        click.option(
            "--rank",
            type=int,
            help="Precedence in the secretariat group of the annex (1 is listed first).",
        ),
        click.option(
            "--annex-group",
            help="Group of annex (g): MS, AM, OS, UN, FP, SA, IG, NG, SE, or 'auto' "
            "(from category and organization).",
        ),
        click.option(
            "--language",
            "languages",
            multiple=True,
            help="Working language, code or name (repeat, or 'es, en').",
        ),
        click.option("--timezone", "--zone", "timezone", help="IANA time zone, e.g. America/Lima."),
        click.option("--youth/--not-youth", "is_youth", default=None, help="Youth representative."),
        click.option(
            "--migrant/--not-migrant", "is_migrant", default=None, help="Migrant or diaspora."
        ),
        click.option(
            "--gov-sector",
            help="Government speakers: foreign_affairs, interior_migration, labour, "
            "social_development, health, justice or other.",
        ),
        click.option("--gov-level", help="Government speakers: national or local."),
        click.option("--birth-year", type=int, help="Year of birth (optional; sensitive)."),
        click.option(
            "--age-band",
            help="Age band instead of a year (15_17, 18_24, 25_35, 36_59, 60_plus).",
        ),
        click.option(
            "--self-id",
            "self_identification",
            multiple=True,
            help="Consented self-identification (repeat): indigenous, african_descent, "
            "disability, migrant_lived_experience; counted only with --self-id-consent.",
        ),
        click.option("--self-id-consent", help="Date (YYYY-MM-DD) the person gave consent."),
        click.option(
            "--format",
            "fmt",
            type=click.Choice(["text", "json"]),
            default="text",
            show_default=True,
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def _fields(options: dict[str, Any]) -> PersonFields:
    languages = options.pop("languages", ())
    self_identification = options.pop("self_identification", ())
    consent = options.pop("self_id_consent", None)
    return PersonFields(
        **options,
        languages=tuple(languages) or None,
        self_identification=tuple(self_identification) or None,
        self_id_consent_at=consent,
    )


def _show(saved: PersonSaved, fmt: str, message: str) -> None:
    if fmt == "json":
        record = {
            "id": saved.id,
            "version": saved.version,
            "name": saved.name,
            "email": saved.email or None,
            "organization": saved.organization,
        }
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    email_part = f" <{saved.email}>" if saved.email else ""
    click.echo(message.format(id=saved.id, name=saved.name) + email_part)


@click.command("add")
@click.option("--given-name", required=True, help="Given name(s).")
@_person_options
@pass_app
def people_add(app: AppContext, /, fmt: str, **options: Any) -> None:
    """Add one person to the roster (the same checks as `people import` and the edit form)."""
    saved = app.services.people.add_person(_fields(options))
    _show(saved, fmt, "Added person {id}: {name}")


@click.command("edit")
@click.option("--person", "person_id", type=int, required=True, help="The person's id.")
@click.option("--given-name", help="Given name(s).")
@click.option("--expected-version", type=int, help="Refuse if the person changed since.")
@click.option("--lang", type=click.Choice(["en", "es"]), default="en", help="Language of messages.")
@_person_options
@pass_app
def people_edit(
    app: AppContext,
    /,
    person_id: int,
    expected_version: int | None,
    lang: str,
    fmt: str,
    **options: Any,
) -> None:
    """Change the given fields of one person; fields not given stay as they are."""
    values = _fields(options)
    saved = app.services.people.edit_person(person_id, values, expected_version)
    _show(
        saved, fmt, tr(lang, "Updated person {id}: {name}")
    )  # es: Persona {id} actualizada: {name}
