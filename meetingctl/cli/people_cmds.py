"""`meetingctl people ...`: import, export, role assignments, statuses and substitutes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from agenda.i18n.catalog import N_, tr_table, trn
from agenda.i18n.names import role_label
from agenda.model.enums import InvitationStatus, Role
from agenda.people.files import DEFAULT_MAX_BYTES
from agenda.programme.reading import status_label
from meetingctl.cli import people_mapping
from meetingctl.cli.person_cmds import people_add, people_edit
from meetingctl.context import AppContext
from meetingctl.services.backup import LARGE_CHANGE_ROWS
from meetingctl.services.people_import import ImportRefused, ImportRequest, ImportResult

pass_app = click.make_pass_decorator(AppContext)
ROLES = [role.value for role in Role]
STATUSES = [status.value for status in InvitationStatus]


_IMPORT_MSGIDS = {
    "warning": N_("warning"),
    "rejected": N_("rejected"),
    "row": N_("row"),
    "column": N_("column"),
    "file": N_("file"),
    "rejects_written": N_("{count} rejected line(s) written to {path}"),
    "rejects_dry": N_("{count} rejected line(s) would be written to {path}"),
    "dry_run": N_("dry run: nothing written"),
    "backup_hint": N_(
        "Hint: this import changes {count} people; take a backup first (`meetingctl db "
        "backup FILE`, or `people import --backup FILE`)"
    ),
}


def _where(file: Path, row: int, column: str | None, lang: str) -> str:
    words = tr_table(lang, _IMPORT_MSGIDS)
    place = f"{words['row']} {row}" if row > 0 else words["file"]
    return f"{file.name}: {place}" + (f", {words['column']} {column!r}" if column else "")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False),
    help="TOML/JSON file mapping the file's column headers to fields.",
)
@click.option(
    "--write-mapping",
    "write_mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the values that cannot be read (grouped, with counts) to this TOML file to "
    "map each once; then import with --mapping FILE. Nothing is imported.",
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
@click.option(
    "--backup",
    "backup_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Back up the database to this file first (see `meetingctl db backup`).",
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
    backup_path: Path | None,
    write_mapping: Path | None = None,
) -> None:
    """Import people from a CSV or XLSX file (English or Spanish headers) in one transaction.

    With any invalid row nothing is written unless --skip-invalid; every rejected row is
    listed (row, column, reason) and written to a rejects CSV.
    """
    lang = lang or app.config.ui.language
    request = ImportRequest(
        file,
        Path(mapping) if mapping else None,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        rejects_path=rejects_path,
        on_duplicate=on_duplicate,  # type: ignore[arg-type]
        max_bytes=int(max_mb * 2**20),
        lang=lang,
        write_mapping=write_mapping,
    )
    if write_mapping is not None:
        people_mapping.write_mapping(app, request, lang)
        return
    if backup_path is not None and not dry_run:
        app.services.backup.backup(backup_path)
        click.echo(f"Backed up the database to {backup_path} before the import", err=True)
    try:
        result = app.services.people.import_file(request)
    except ImportRefused as refused:
        _report_rows(refused.result, lang)
        people_mapping.report_unknowns(refused.result, lang)
        if dry_run:
            click.echo(tr_table(lang, _IMPORT_MSGIDS)["dry_run"], err=True)
        raise
    _report_rows(result, lang)
    people_mapping.report_unknowns(result, lang)
    counts = {
        "written": result.written,
        "file": result.file,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "orgs": result.organizations_created,
        "rejected": result.rejected_rows,
    }
    click.echo(tr_table(lang, _SUMMARY)[dry_run].format(**counts))
    if result.mappings_stored:
        stored = trn(
            lang,
            "{n} value mapping stored for this meeting (reused by the next import)",
            "{n} value mappings stored for this meeting (reused by the next import)",
            result.mappings_stored,
        )
        click.echo(stored.format(n=result.mappings_stored))
    changed = result.created + result.updated
    if backup_path is None and changed > LARGE_CHANGE_ROWS:
        click.echo(tr_table(lang, _IMPORT_MSGIDS)["backup_hint"].format(count=changed), err=True)
    if dry_run:
        click.echo(tr_table(lang, _IMPORT_MSGIDS)["dry_run"])


def _report_rows(result: ImportResult, lang: str) -> None:
    """Warnings, rejected rows and the rejects file, on stderr."""
    words = tr_table(lang, _IMPORT_MSGIDS)
    for warning in result.warnings:
        where = _where(result.path, warning.row, warning.column, lang)
        click.echo(f"{words['warning']}: {where}: {warning.message}", err=True)
    for error in result.errors:
        where = _where(result.path, error.row, error.column, lang)
        click.echo(f"{words['rejected']}: {where}: {error.message}", err=True)
    if result.rejects_path is not None:
        key = "rejects_written" if result.rejects_written else "rejects_dry"
        line = words[key].format(count=result.rejects_count, path=result.rejects_path)
        click.echo(line, err=True)


_SUMMARY = {
    False: N_(
        "Imported {written} people from {file} (created {created}, updated {updated}, "
        "unchanged {unchanged}); {orgs} organization(s) created; {rejected} row(s) rejected"
    ),
    True: N_(
        "Would import {written} people from {file} (created {created}, updated {updated}, "
        "unchanged {unchanged}); {orgs} organization(s) created; {rejected} row(s) rejected"
    ),
}


@click.command("export")
@click.option(
    "-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), help="Default: from the file extension."
)
@click.option("--lang", type=click.Choice(["en", "es"]), default="en", show_default=True)
@click.option(
    "--include-sensitive",
    is_flag=True,
    help="Also export year of birth, age band and consented self-identification "
    "(left out by default).",
)
@pass_app
def people_export(
    app: AppContext, output: Path, fmt: str | None, lang: str, include_sensitive: bool
) -> None:
    """Export the roster to CSV (UTF-8 with BOM) or XLSX; formula-like cells are escaped."""
    exported = app.services.people.export_roster(output, fmt, lang, include_sensitive)
    click.echo(f"Exported {exported.count} people to {exported.path}")


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
    done = app.services.people.assign(person_id, session_id, Role(role), minutes)
    text = tr_table(lang, _ROSTER_MSGIDS)["assigned"].format(
        id=done.assignment_id,
        name=done.person_name,
        role=_inline(role_label(done.role, lang, [done.person_gender])),
        session=done.session_id,
        status=status_label(done.status, lang),
    )
    click.echo(text)


def _inline(label: str) -> str:
    """A label inside a sentence: first letter in lower case."""
    return label[:1].lower() + label[1:]


_ROSTER_MSGIDS = {
    "assigned": N_("Assignment {id}: {name} as {role} in session {session} ({status})"),
    "removed": N_("Assignment {id} removed"),
    "promoted": N_("Assignment {id} ({name}) now holds the role"),
    "substitute": N_("Assignment {id}: {name} is substitute for assignment {holder}"),
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
    app.services.people.unassign(assignment_id, expected_version)
    click.echo(tr_table(lang, _ROSTER_MSGIDS)["removed"].format(id=assignment_id))


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
    changed = app.services.people.change_status(
        assignment_id,
        InvitationStatus(target),
        note=note,
        expected_version=expected_version,
        promote=not no_promote,
        lang=lang,
    )
    words = tr_table(lang, _STATUS_MSGIDS)
    lines = [
        words["done"].format(
            id=changed.assignment_id,
            old=status_label(changed.old, lang),
            new=status_label(changed.new, lang),
        )
    ]
    lines += [words["promoted"].format(id=p.assignment_id, name=p.name) for p in changed.promoted]
    click.echo("\n".join(lines))


_STATUS_MSGIDS = {
    "done": N_("Assignment {id}: {old} -> {new}"),
    "promoted": N_("Substitute promoted: assignment {id} ({name})"),
}


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
    lang = lang or app.config.ui.language
    words = tr_table(lang, _ROSTER_MSGIDS)
    people = app.services.people
    if promote:
        promoted = people.promote_substitute(assignment_id, lang)
        text = words["promoted"].format(id=promoted.assignment_id, name=promoted.name)
    else:
        assert person_id is not None
        created = people.nominate_substitute(assignment_id, person_id)
        text = words["substitute"].format(
            id=created.assignment_id, name=created.name, holder=created.holder_id
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
    rows: list[dict[str, Any]] = [
        {
            "id": a.id,
            "session_id": a.session_id,
            "person_id": a.person_id,
            "person": a.person,
            "role": a.role,
            "status": a.status,
            "substitute_for": a.substitute_for,
            "version": a.version,
            "history": [
                {
                    "from": h.old,
                    "to": h.new,
                    "at": h.at.isoformat(),
                    "actor": h.actor,
                    "note": h.note,
                }
                for h in a.history
            ],
        }
        for a in app.services.people.roles(session_id)
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
        people_add,
        people_edit,
    ):
        group.add_command(command)
