"""The meetingctl command line. Each command group lives in its own module with ``register``."""

from __future__ import annotations

import importlib
import io
import sys

import click

from agenda.i18n.catalog import tr
from agenda.model.errors import MeetingctlError
from meetingctl.cli import i18n as cli_i18n
from meetingctl.context import AppContext
from meetingctl.db import describe_database_error
from meetingctl.secrets import install_log_redaction, redact

#: The context of the invocation being run by main(), to name its database in errors.
_current_app: list[AppContext] = []
#: The language main() chose for this invocation (meetingctl.cli.i18n.choose_language).
_language: list[str] = ["en"]

#: Modules under meetingctl.cli that add commands; each defines ``register(root)``.
COMMAND_MODULES = (
    "core",
    "video",
    "sessions",
    "agenda_cmds",
    "people_cmds",
    "balance",
    "export_cmds",
    "invite",
    "outbox_cmds",
    "scheduler_cmd",
    "attendance_cmds",
    "db_cmds",
    "replies_cmds",
)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="MEETINGCTL_CONFIG",
    help="Config file (default: $MEETINGCTL_CONFIG or the per-user config path).",
)
@click.option(
    "--db",
    "database_url",
    envvar="MEETINGCTL_DATABASE_URL",
    help="SQLAlchemy database URL (default: config, then the per-user SQLite file).",
)
@click.option("--meeting", "meeting_slug", help="Meeting slug when the database holds several.")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.option(
    "--lang",
    "language",
    type=click.Choice(cli_i18n.languages()),
    help="Language of help texts and messages (default: [ui] language, then LANG).",
)
@click.version_option(package_name="meetingctl")
@click.pass_context
def cli(
    ctx: click.Context,
    config_path: str | None,
    database_url: str | None,
    meeting_slug: str | None,
    debug: bool,
    language: str | None,
) -> None:
    """Build the programme of an intergovernmental review meeting, staff balanced panels,
    send calendar invitations with video links, and export the official annex.

    Without a command, opens the terminal app on the configured database.
    """
    app = AppContext(
        config_path=config_path, database_url=database_url, meeting_slug=meeting_slug, debug=debug
    )
    ctx.obj = app
    _current_app[:] = [app]
    chosen = language or _language[0]
    ctx.default_map = cli_i18n.default_languages(cli, chosen)
    ctx.call_on_close(app.close)
    app.config  # noqa: B018 - validate the configuration before anything starts
    if ctx.invoked_subcommand is None:
        from meetingctl.cli.core import open_tui

        open_tui(app)


def _register_all() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"meetingctl.cli.{name}")
        module.register(cli)


_register_all()


def main(argv: list[str] | None = None) -> int:
    """Console entry point: errors go to stderr, no traceback unless --debug."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    install_log_redaction()
    _language[0] = lang = cli_i18n.choose_language(args)
    cli_i18n.apply_language(cli, lang)
    try:
        return _run(args, lang, debug)
    finally:
        if lang != "en":  # the tree is shared: leave it in English for the next invocation
            cli_i18n.apply_language(cli, "en")
        _language[0] = "en"
        cli_i18n.forget_language()


def _run(args: list[str], lang: str, debug: bool) -> int:
    """main() once the language is chosen."""
    try:
        result = cli.main(args=args, prog_name="meetingctl", standalone_mode=False)
        if isinstance(result, int):  # ctx.exit(n) returns n when standalone_mode is off
            return result
    except click.exceptions.Abort:
        click.echo(tr(lang, "Aborted."), err=True)
        return 130
    except click.exceptions.Exit as exc:
        return int(exc.exit_code or 0)
    except click.ClickException as exc:
        shown = io.StringIO()
        exc.show(file=shown)
        click.echo(redact(shown.getvalue()), err=True, nl=False)
        return exc.exit_code
    except MeetingctlError as exc:
        if debug:
            raise
        click.echo(f"{tr(lang, 'Error:')} {redact(exc.message(lang))}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort, never a raw traceback
        if debug:
            raise
        database_error = describe_database_error(exc, _database_url())
        if database_error is not None:
            click.echo(f"{tr(lang, 'Error:')} {redact(database_error)}", err=True)
            return 2
        details = tr(lang, "run with --debug for details")
        click.echo(
            f"{tr(lang, 'Error:')} {type(exc).__name__}: {redact(exc)} ({details})", err=True
        )
        return 1
    return 0


def _database_url() -> str:
    """The database of the invocation being run, for error messages."""
    if not _current_app:
        return "(unknown)"
    try:
        return _current_app[0].database_url
    except Exception:  # noqa: BLE001 - the configuration itself failed: name no database
        return "(unknown)"
