"""`meetingctl people add`: one person, checked like a row of a people file."""

from __future__ import annotations

import json

import click

from agenda.model.enums import Gender
from meetingctl.context import AppContext
from meetingctl.services.people_views import PersonFields

pass_app = click.make_pass_decorator(AppContext)


@click.command("add")
@click.option("--given-name", required=True, help="Given name(s).")
@click.option("--family-name", help="Family name(s).")
@click.option("--honorific", help="H.E., Dr., Ms. ...")
@click.option("--email", help="E-mail address (must not belong to another person).")
@click.option("--country", help="ISO 3166 alpha-2 code or country name.")
@click.option(
    "--gender",
    type=click.Choice([g.value for g in Gender]),
    help="Self-described gender (default unknown; never guessed).",
)
@click.option("--category", help="Stakeholder category key or label (default other).")
@click.option("--organization", help="Organization name (created when new).")
@click.option("--position", help="Position or title in the organization.")
@click.option("--delegation", help="Delegation (a country code or name).")
@click.option("--head-of-delegation", is_flag=True, default=None, help="Heads the delegation.")
@click.option(
    "--language",
    "languages",
    multiple=True,
    help="Working language, code or name (repeat, or 'es, en').",
)
@click.option("--timezone", "--zone", "timezone", help="IANA time zone, e.g. America/Lima.")
@click.option("--youth", "is_youth", is_flag=True, default=None, help="Youth representative.")
@click.option("--migrant", "is_migrant", is_flag=True, default=None, help="Migrant or diaspora.")
@click.option("--accessibility", help="Accessibility needs.")
@click.option("--notes", help="Internal notes.")
@click.option(
    "--gov-sector",
    help="Government speakers: foreign_affairs, interior_migration, labour, social_development, "
    "health, justice or other.",
)
@click.option("--gov-level", help="Government speakers: national or local.")
@click.option("--birth-year", type=int, help="Year of birth (optional; sensitive).")
@click.option(
    "--age-band", help="Age band instead of a year (15_17, 18_24, 25_35, 36_59, 60_plus)."
)
@click.option(
    "--self-id",
    "self_identification",
    multiple=True,
    help="Consented self-identification (repeat): indigenous, african_descent, disability, "
    "migrant_lived_experience; counted only with --self-id-consent.",
)
@click.option("--self-id-consent", help="Date (YYYY-MM-DD) the person gave consent.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_app
def people_add(
    app: AppContext,
    given_name: str,
    family_name: str | None,
    honorific: str | None,
    email: str | None,
    country: str | None,
    gender: str | None,
    category: str | None,
    organization: str | None,
    position: str | None,
    delegation: str | None,
    head_of_delegation: bool | None,
    languages: tuple[str, ...],
    timezone: str | None,
    is_youth: bool | None,
    is_migrant: bool | None,
    accessibility: str | None,
    notes: str | None,
    gov_sector: str | None,
    gov_level: str | None,
    birth_year: int | None,
    age_band: str | None,
    self_identification: tuple[str, ...],
    self_id_consent: str | None,
    fmt: str,
) -> None:
    """Add one person to the roster (the same checks as `people import` and the edit form)."""
    values = PersonFields(
        given_name=given_name,
        family_name=family_name,
        honorific=honorific,
        email=email,
        country=country,
        gender=gender,
        category=category,
        organization=organization,
        position=position,
        delegation=delegation,
        head_of_delegation=head_of_delegation,
        languages=languages or None,
        timezone=timezone,
        is_youth=is_youth,
        is_migrant=is_migrant,
        accessibility=accessibility,
        notes=notes,
        gov_sector=gov_sector,
        gov_level=gov_level,
        birth_year=birth_year,
        age_band=age_band,
        self_identification=self_identification or None,
        self_id_consent_at=self_id_consent,
    )
    saved = app.services.people.add_person(values)
    if fmt == "json":
        record = {
            "id": saved.id,
            "name": saved.name,
            "email": saved.email or None,
            "organization": saved.organization,
        }
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    email_part = f" <{saved.email}>" if saved.email else ""
    click.echo(f"Added person {saved.id}: {saved.name}{email_part}")
