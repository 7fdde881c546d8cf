"""`meetingctl people ...`: import, export, role assignments, statuses and substitutes."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import click
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from agenda.i18n.names import role_label
from agenda.model.errors import ValidationError
from agenda.model.orm import InvitationStatus, Person, Role, RoleAssignment, Session
from agenda.people import roster
from agenda.people.files import (
    DEFAULT_MAX_BYTES,
    ParseResult,
    PeopleFileError,
    RowError,
    export_roster,
    read_people_file,
    write_rejects_csv,
)
from agenda.people.importer import import_people
from agenda.programme.reading import status_label
from meetingctl.context import AppContext

pass_app = click.make_pass_decorator(AppContext)
ROLES = [role.value for role in Role]
STATUSES = [status.value for status in InvitationStatus]


def _read(path: Path, mapping: str | None, max_bytes: int, lang: str) -> ParseResult:
    words = _IMPORT_WORDS[lang]
    try:
        return read_people_file(path, mapping, max_bytes=max_bytes)
    except PeopleFileError as exc:
        raise ValidationError(f"{exc.message(lang).rstrip('.')}; {words['nothing']}") from None
    except OSError as exc:
        raise ValidationError(
            f"{path}: {words['cannot_read']}: {exc.strerror}; {words['nothing']}"
        ) from None


_IMPORT_WORDS = {
    "en": {
        "warning": "warning",
        "rejected": "rejected",
        "row": "row",
        "column": "column",
        "file": "file",
        "nothing": "nothing was imported",
        "cannot_read": "cannot read",
        "rejects_written": "{count} rejected line(s) written to {path}",
        "rejects_dry": "{count} rejected line(s) would be written to {path}",
        "refused": "{file}: {count} row(s) rejected; nothing was imported. Fix the rows listed "
        "in the rejects file, or use --skip-invalid to import the valid rows only",
        "dry_run": "dry run: nothing written",
    },
    "es": {
        "warning": "advertencia",
        "rejected": "rechazada",
        "row": "fila",
        "column": "columna",
        "file": "archivo",
        "nothing": "no se importó nada",
        "cannot_read": "no se puede leer",
        "rejects_written": "{count} línea(s) rechazada(s) escrita(s) en {path}",
        "rejects_dry": "se escribirían {count} línea(s) rechazada(s) en {path}",
        "refused": "{file}: {count} fila(s) rechazada(s); no se importó nada. Corrija las filas "
        "del archivo de rechazos o use --skip-invalid para importar solo las filas válidas",
        "dry_run": "simulación: no se escribió nada",
    },
}


def _where(file: Path, row: int, column: str | None, lang: str) -> str:
    words = _IMPORT_WORDS[lang]
    place = f"{words['row']} {row}" if row > 0 else words["file"]
    return f"{file.name}: {place}" + (f", {words['column']} {column!r}" if column else "")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False),
    help="TOML/JSON file mapping the file's column headers to fields.",
)
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option(
    "--skip-invalid", is_flag=True, help="Import the valid rows even when some rows are rejected."
)
@click.option(
    "--rejects",
    "rejects_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write rejected rows (default: FILE.rejects.csv).",
)
@click.option(
    "--on-duplicate",
    type=click.Choice(["merge", "flag"]),
    default="merge",
    show_default=True,
    help="A person with the same e-mail (any case) exists: update them, or reject the row.",
)
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the messages.")
@click.option(
    "--max-mb",
    type=click.FloatRange(0.001, 2000),
    default=DEFAULT_MAX_BYTES / 2**20,
    show_default=True,
    help="Refuse larger files.",
)
@pass_app
def people_import(
    app: AppContext,
    file: Path,
    mapping: str | None,
    dry_run: bool,
    skip_invalid: bool,
    rejects_path: Path | None,
    on_duplicate: str,
    lang: str | None,
    max_mb: float,
) -> None:
    """Import people from a CSV or XLSX file (English or Spanish headers) in one transaction.

    With any invalid row nothing is written unless --skip-invalid; every rejected row is
    listed (row, column, reason) and written to a rejects CSV.
    """
    lang = lang or app.config.ui.language
    words = _IMPORT_WORDS[lang]
    result = _read(file, mapping, int(max_mb * 2**20), lang)
    for warning in result.warnings:
        click.echo(
            f"{words['warning']}: {_where(file, warning.row, warning.column, lang)}: "
            f"{warning.message(lang)}",
            err=True,
        )
    rejects_path = rejects_path or file.with_name(file.name + ".rejects.csv")
    with app.transaction() as db:
        summary = import_people(
            db,
            result.rows,
            app.actor,
            on_duplicate=on_duplicate,  # type: ignore[arg-type]
            source=file.name,
        )
        errors = list(result.errors) + [
            RowError(f.row, "email", f.email, f.reason(lang)) for f in summary.flagged
        ]
        if errors:
            for error in errors:
                where = _where(file, error.row, error.column, lang)
                click.echo(f"{words['rejected']}: {where}: {error.message(lang)}", err=True)
            if dry_run:
                with tempfile.TemporaryDirectory() as scratch:
                    count = write_rejects_csv(errors, Path(scratch) / "rejects.csv", result, lang)
                click.echo(words["rejects_dry"].format(count=count, path=rejects_path), err=True)
            else:
                count = write_rejects_csv(errors, rejects_path, result, lang)
                click.echo(
                    words["rejects_written"].format(count=count, path=rejects_path), err=True
                )
            if not skip_invalid:
                db.rollback()
                if dry_run:
                    click.echo(words["dry_run"], err=True)
                raise ValidationError(
                    words["refused"].format(file=file, count=len({e.row for e in errors}))
                )
        if dry_run:
            db.rollback()
    counts = {
        "written": summary.written,
        "file": file.name,
        "created": len(summary.created),
        "updated": len(summary.updated),
        "unchanged": len(summary.unchanged),
        "orgs": len(summary.organizations_created),
        "rejected": len({e.row for e in errors}),
    }
    click.echo(_SUMMARY[lang][dry_run].format(**counts))
    if dry_run:
        click.echo(words["dry_run"])


_SUMMARY = {
    "en": {
        False: "Imported {written} people from {file} (created {created}, updated {updated}, "
        "unchanged {unchanged}); {orgs} organization(s) created; {rejected} row(s) rejected",
        True: "Would import {written} people from {file} (created {created}, updated {updated}, "
        "unchanged {unchanged}); {orgs} organization(s) created; {rejected} row(s) rejected",
    },
    "es": {
        False: "Se importaron {written} personas de {file} (nuevas {created}, actualizadas "
        "{updated}, sin cambios {unchanged}); {orgs} organización(es) creada(s); "
        "{rejected} fila(s) rechazada(s)",
        True: "Se importarían {written} personas de {file} (nuevas {created}, actualizadas "
        "{updated}, sin cambios {unchanged}); {orgs} organización(es) creada(s); "
        "{rejected} fila(s) rechazada(s)",
    },
}


@click.command("export")
@click.option(
    "-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), help="Default: from the file extension."
)
@click.option("--lang", type=click.Choice(["en", "es"]), default="en", show_default=True)
@pass_app
def people_export(app: AppContext, output: Path, fmt: str | None, lang: str) -> None:
    """Export the roster to CSV (UTF-8 with BOM) or XLSX; formula-like cells are escaped."""
    fmt = fmt or ("xlsx" if output.suffix.lower() == ".xlsx" else "csv")
    with app.transaction() as db:
        people = db.scalars(select(Person).order_by(Person.family_name, Person.given_name))
        records = [_record(person) for person in people]
    count = export_roster(records, output, fmt, lang)
    click.echo(f"Exported {count} people to {output}")


def _record(person: Person) -> dict[str, object]:
    return {
        "honorific": person.honorific,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "email": person.email or "",
        "email_key": person.email_key or "",
        "country": person.country,
        "gender": person.gender.value,
        "organization": person.organization.name if person.organization else "",
        "position": person.position,
        "category": person.category,
        "delegation": person.delegation,
        "head_of_delegation": person.head_of_delegation,
        "is_youth": person.is_youth,
        "languages": tuple(person.languages or ()),
        "timezone": person.timezone,
        "accessibility": person.accessibility,
    }


@click.command("assign")
@click.option("--session", "session_id", type=int, required=True)
@click.option("--person", "person_id", type=int, required=True)
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--minutes", type=int, help="Speaking minutes.")
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the messages.")
@pass_app
def people_assign(
    app: AppContext,
    session_id: int,
    person_id: int,
    role: str,
    minutes: int | None,
    lang: str | None,
) -> None:
    """Give a person a role in a session (status: nominated)."""
    lang = lang or app.config.ui.language
    with app.transaction() as db:
        assignment = roster.assign(db, session_id, person_id, role, app.actor, minutes)
        text = _ROSTER_WORDS[lang]["assigned"].format(
            id=assignment.id,
            name=assignment.person.full_name,
            role=_inline(role_label(role, lang, [assignment.person.gender])),
            session=session_id,
            status=status_label(assignment.status, lang),
        )
    click.echo(text)


def _inline(label: str) -> str:
    """A label inside a sentence: first letter in lower case."""
    return label[:1].lower() + label[1:]


_ROSTER_WORDS = {
    "en": {
        "assigned": "Assignment {id}: {name} as {role} in session {session} ({status})",
        "removed": "Assignment {id} removed",
        "no_substitute": "assignment {id} has no active substitute",
        "promoted": "Assignment {id} ({name}) now holds the role",
        "substitute": "Assignment {id}: {name} is substitute for assignment {holder}",
    },
    "es": {
        "assigned": "Asignación {id}: {name} como {role} en la sesión {session} ({status})",
        "removed": "Asignación {id} eliminada",
        "no_substitute": "la asignación {id} no tiene ninguna suplencia activa",
        "promoted": "Asignación {id} ({name}) ocupa ahora el cargo",
        "substitute": "Asignación {id}: {name} es suplente de la asignación {holder}",
    },
}


@click.command("unassign")
@click.option("--assignment", "assignment_id", type=int, required=True)
@click.option("--expected-version", type=int, help="Refuse if the assignment changed since.")
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the messages.")
@pass_app
def people_unassign(
    app: AppContext, assignment_id: int, expected_version: int | None, lang: str | None
) -> None:
    """Remove a role assignment."""
    lang = lang or app.config.ui.language
    with app.transaction() as db:
        roster.unassign(db, assignment_id, app.actor, expected_version)
    click.echo(_ROSTER_WORDS[lang]["removed"].format(id=assignment_id))


@click.command("status")
@click.option("--assignment", "assignment_id", type=int, required=True)
@click.option("--to", "target", type=click.Choice(STATUSES), required=True)
@click.option("--note", default="")
@click.option("--expected-version", type=int, help="Refuse if the assignment changed since.")
@click.option("--no-promote", is_flag=True, help="Do not promote a substitute on decline/withdraw.")
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the messages.")
@pass_app
def people_status(
    app: AppContext,
    assignment_id: int,
    target: str,
    note: str,
    expected_version: int | None,
    no_promote: bool,
    lang: str | None,
) -> None:
    """Move an assignment along nominated -> invited -> accepted|declined -> confirmed
    (withdrawn from any active state)."""
    lang = lang or app.config.ui.language
    with app.transaction() as db:
        current = roster.get_assignment(db, assignment_id).status
        _check_transition(current, InvitationStatus(target), lang)
        waiting = [sub.id for sub in roster.substitutes_of(db, assignment_id)]
        assignment = roster.change_status(
            db,
            assignment_id,
            target,
            app.actor,
            note=note,
            expected_version=expected_version,
            promote=not no_promote,
        )
        words = _STATUS_WORDS[lang]
        lines = [
            words["done"].format(
                id=assignment.id,
                old=status_label(current, lang),
                new=status_label(assignment.status, lang),
            )
        ]
        for sub_id in waiting:
            sub = db.get(RoleAssignment, sub_id)
            if sub is not None and sub.substitute_for_id is None:
                lines.append(words["promoted"].format(id=sub.id, name=sub.person.full_name))
    click.echo("\n".join(lines))


_STATUS_WORDS = {
    "en": {
        "done": "Assignment {id}: {old} -> {new}",
        "promoted": "Substitute promoted: assignment {id} ({name})",
        "refused": "cannot change the status of this assignment from {old} to {new}",
        "allowed": "allowed from {old}: {allowed}",
        "final": "{old} is final",
    },
    "es": {
        "done": "Asignación {id}: {old} -> {new}",
        "promoted": "Suplente promovida: asignación {id} ({name})",
        "refused": "no se puede cambiar el estado de esta asignación de {old} a {new}",
        "allowed": "desde {old} se permite: {allowed}",
        "final": "{old} es un estado final",
    },
}


def _check_transition(current: InvitationStatus, target: InvitationStatus, lang: str) -> None:
    """ValidationError in ``lang`` naming the statuses reachable from ``current``."""
    if target in roster.TRANSITIONS[current]:
        return
    words = _STATUS_WORDS[lang]
    old, new = status_label(current, lang), status_label(target, lang)
    allowed = ", ".join(status_label(s, lang) for s in roster.allowed_transitions(current))
    reason = (
        words["allowed"].format(old=old, allowed=allowed)
        if allowed
        else words["final"].format(old=old)
    )
    raise ValidationError(f"{words['refused'].format(old=old, new=new)}; {reason}")


@click.command("substitute")
@click.option(
    "--assignment", "assignment_id", type=int, required=True, help="The holder's assignment."
)
@click.option("--person", "person_id", type=int, help="Nominate this person as substitute.")
@click.option("--promote", is_flag=True, help="Promote the first substitute now.")
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the messages.")
@pass_app
def people_substitute(
    app: AppContext, assignment_id: int, person_id: int | None, promote: bool, lang: str | None
) -> None:
    """Nominate a substitute for a role holder, or promote the first one."""
    if (person_id is None) == (not promote):
        raise click.UsageError("give either --person ID (nominate) or --promote")
    words = _ROSTER_WORDS[lang or app.config.ui.language]
    with app.transaction() as db:
        if promote:
            promoted = roster.promote_substitute(db, assignment_id, app.actor)
            if promoted is None:
                raise ValidationError(words["no_substitute"].format(id=assignment_id))
            text = words["promoted"].format(id=promoted.id, name=promoted.person.full_name)
        else:
            created = roster.nominate_substitute(db, assignment_id, person_id, app.actor)  # type: ignore[arg-type]
            text = words["substitute"].format(
                id=created.id, name=created.person.full_name, holder=assignment_id
            )
    click.echo(text)


@click.command("roles")
@click.option("--session", "session_id", type=int, help="Only this session.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_app
def people_roles(app: AppContext, session_id: int | None, fmt: str) -> None:
    """List role assignments with their status and history."""
    with app.transaction() as db:
        meeting = app.meeting(db)
        query = (
            select(RoleAssignment)
            .join(Session)
            .where(Session.meeting_id == meeting.id)
            .options(selectinload(RoleAssignment.history))
            .order_by(Session.start, RoleAssignment.position, RoleAssignment.id)
        )
        if session_id is not None:
            query = query.where(Session.id == session_id)
        rows: list[dict[str, Any]] = [
            {
                "id": a.id,
                "session_id": a.session_id,
                "person_id": a.person_id,
                "person": a.person.full_name,
                "role": a.role.value,
                "status": a.status.value,
                "substitute_for": a.substitute_for_id,
                "version": a.version,
                "history": [
                    {
                        "from": h.old_status,
                        "to": h.new_status,
                        "at": h.at.isoformat(),
                        "actor": h.actor,
                        "note": h.note,
                    }
                    for h in a.history
                ],
            }
            for a in db.scalars(query)
        ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        sub = f" substitute for {r['substitute_for']}" if r["substitute_for"] else ""
        click.echo(
            f"{r['id']:>5}  session {r['session_id']:>4}  {r['person'][:30]:<30} "
            f"{r['role']:<16} {r['status']:<10}{sub}"
        )


def register(root: click.Group) -> None:
    """Add the people subcommands to the `people` group."""
    group = root.commands["people"]
    assert isinstance(group, click.Group)
    for command in (
        people_import,
        people_export,
        people_assign,
        people_unassign,
        people_status,
        people_substitute,
        people_roles,
    ):
        group.add_command(command)
