"""`meetingctl db backup|restore`, `meetingctl export meeting` and `meetingctl import meeting`:
the CLI of :class:`meetingctl.services.backup.BackupService` (parse, call, print)."""

from __future__ import annotations

from pathlib import Path

import click

from meetingctl.context import AppContext
from meetingctl.services.backup import PgDumpCommand

pass_app = click.make_pass_decorator(AppContext)

_FILE = click.Path(dir_okay=False, path_type=Path)


@click.command("backup")
@click.argument("file", type=_FILE)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@pass_app
def db_backup(app: AppContext, file: Path, force: bool) -> None:
    """Back up the whole database to FILE (SQLite: online, while the scheduler runs;
    PostgreSQL: prints the pg_dump command to run)."""
    made = app.services.backup.backup(file, force=force)
    if isinstance(made, PgDumpCommand):
        click.echo(made.command)
        click.echo(
            "Run the command above (the password comes from PGPASSWORD or ~/.pgpass); "
            f"restore with: {made.restore_command}",
            err=True,
        )
        if made.pg_dump is None:
            click.echo(f"Error: pg_dump is not on PATH: {made.install_hint}", err=True)
            raise click.exceptions.Exit(2)
        return
    click.echo(
        f"Backed up {made.database} (schema {made.revision or 'empty'}) to {made.path} "
        f"({made.size} bytes); integrity check ok"
    )


@click.command("restore")
@click.argument("file", type=_FILE)
@click.option("--force", is_flag=True, help="Replace a database that is not empty.")
@pass_app
def db_restore(app: AppContext, file: Path, force: bool) -> None:
    """Replace the SQLite database with the backup FILE (checked first)."""
    restored = app.services.backup.restore(file, force=force)
    click.echo(f"Restored {restored.path} (schema {restored.revision}) into {restored.database}")
    if restored.revision != restored.program:
        click.echo(
            f"The backup's schema is older than this program's ({restored.program}): "
            "run `meetingctl db upgrade`",
            err=True,
        )


def _counts(counts: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(
        f"{count} {key.replace('_', ' ')}" for key, count in counts if key != "meeting"
    )


@click.command("meeting")
@click.option("-o", "--output", "output", type=_FILE, required=True, help="The JSON file.")
@pass_app
def export_meeting(app: AppContext, output: Path) -> None:
    """Export the whole meeting (programme, people, roles, history, versions, video links,
    inputs, audit log) to one JSON file that `import meeting` reads back."""
    exported = app.services.backup.export_meeting(output)
    click.echo(f"Exported meeting {exported.slug!r} to {exported.path}: {_counts(exported.counts)}")


@click.group("import")
def import_group() -> None:
    """Import a whole meeting exported with `export meeting`."""


@import_group.command("meeting")
@click.argument("file", type=_FILE)
@pass_app
def import_meeting(app: AppContext, file: Path) -> None:
    """Import the meeting JSON FILE into an empty database (checked first; all or nothing)."""
    imported = app.services.backup.import_meeting(file)
    click.echo(
        f"Imported meeting {imported.slug!r} into {imported.database}: {_counts(imported.counts)}"
    )


def register(root: click.Group) -> None:
    """Add `db backup`, `db restore`, `export meeting` and the `import` group."""
    for group_name, command in (("db", db_backup), ("db", db_restore), ("export", export_meeting)):
        group = root.commands[group_name]
        assert isinstance(group, click.Group)
        group.add_command(command)
    root.add_command(import_group)
