"""`meetingctl replies import|fetch|list|resolve`: the answers to the invitations (issue 14)."""

from __future__ import annotations

import json
from datetime import datetime

import click

from agenda.i18n.catalog import tr
from meetingctl.context import AppContext
from meetingctl.services.replies_views import ReplyReport, StoredReply

pass_app = click.make_pass_decorator(AppContext)


def describe_reason(lang: str, reason: str) -> str:
    """Why a reply waits for review, in words (imported when a command runs: the reply rules
    load icalendar, which `meetingctl --help` must not)."""
    from agenda.messaging.reply_rules import describe_reason as describe

    return describe(lang, reason)


@click.group("replies")
def replies_group() -> None:
    """Read the answers to the invitations (iTIP replies) and show the review queue."""


def _lang(app: AppContext, lang: str | None) -> str:
    return lang or app.config.ui.language


def _summary(report: ReplyReport, lang: str) -> str:
    line = tr(
        lang,
        "{messages} message(s) read: {applied} applied, {stale} recorded only (older answer), "
        "{review} to review, {duplicate} already recorded, {ignored} without a reply",
    )  # es: {messages} mensaje(s) leídos: {applied} aplicadas, {stale} solo registradas
    # (respuesta anterior), {review} para revisar, {duplicate} ya registradas, {ignored} sin
    # respuesta
    return line.format(
        messages=report.messages,
        applied=report.count("applied"),
        stale=report.count("stale"),
        review=report.count("review"),
        duplicate=report.count("duplicate"),
        ignored=report.ignored,
    )


def _echo_report(report: ReplyReport, lang: str) -> None:
    for result in report.results:
        if result.outcome == "duplicate":
            continue
        who = result.person or result.attendee
        if result.outcome == "applied":
            click.echo(f"  {who}: {result.status} ({result.session})")
        else:
            why = describe_reason(lang, result.reason)
            click.echo(f"  {who}: {result.outcome} ({why}) {result.detail}".rstrip())
    for problem in report.problems:
        click.echo(f"  ! {problem}", err=True)
    click.echo(_summary(report, lang))
    if report.moved:
        moved = tr(lang, "{n} message(s) moved to the processed folder")
        # es: {n} mensaje(s) movidos a la carpeta de procesados
        click.echo(moved.format(n=report.moved))


@replies_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the output.")
@pass_app
def replies_import(app: AppContext, files: tuple[str, ...], lang: str | None) -> None:
    """Apply the replies in saved .eml or .mbox files (a mailbox exported by hand)."""
    report = app.services.replies.import_files(list(files))
    _echo_report(report, _lang(app, lang))


@replies_group.command("fetch")
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the output.")
@pass_app
def replies_fetch(app: AppContext, lang: str | None) -> None:
    """Read the [replies] IMAP folder once, apply its replies, move them to processed_folder."""
    report = app.services.replies.fetch()
    _echo_report(report, _lang(app, lang))


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "-"


def _row(reply: StoredReply) -> dict[str, object]:
    return {
        "id": reply.id,
        "received_at": reply.received_at.isoformat(),
        "attendee": reply.attendee,
        "sender": reply.sender,
        "method": reply.method,
        "uid": reply.uid,
        "sequence": reply.sequence,
        "dtstamp": reply.dtstamp.isoformat() if reply.dtstamp else None,
        "partstat": reply.partstat,
        "outcome": reply.outcome,
        "reason": reply.reason,
        "detail": reply.detail,
        "comment": reply.comment,
        "person_id": reply.person_id,
        "session_id": reply.session_id,
        "message_id": reply.message_id,
    }


@replies_group.command("list")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the output.")
@pass_app
def replies_list(app: AppContext, limit: int, fmt: str, lang: str | None) -> None:
    """The review queue (replies never applied on their own) and the most recent replies."""
    listing = app.services.replies.listing(limit=limit)
    if fmt == "json":
        document = {
            "review_queue": [_row(r) for r in listing.queue],
            "recent": [_row(r) for r in listing.recent],
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    language = _lang(app, lang)
    click.echo(tr(language, "Review queue"))  # es: Cola de revisión
    if not listing.queue:
        click.echo("  " + tr(language, "nothing to review"))  # es: nada que revisar
    for reply in listing.queue:
        click.echo(
            f"  #{reply.id} {_when(reply.received_at)} {reply.attendee} {reply.method} "
            f"{reply.partstat} ({describe_reason(language, reply.reason)}) {reply.detail} "
            f"uid={reply.uid}".rstrip()
        )
    click.echo(tr(language, "Recent replies"))  # es: Respuestas recientes
    for reply in listing.recent:
        who = reply.person or reply.attendee
        click.echo(
            f"  #{reply.id} {_when(reply.received_at)} {who} {reply.partstat} -> "
            f"{reply.outcome} {reply.reason} {reply.session}".rstrip()
        )


@replies_group.command("resolve")
@click.argument("reply_id", type=int)
@pass_app
def replies_resolve(app: AppContext, reply_id: int) -> None:
    """Take a reply off the review queue once it has been handled by hand."""
    reply = app.services.replies.resolve(reply_id)
    click.echo(f"#{reply.id} resolved")


def register(root: click.Group) -> None:
    """Add the ``replies`` group to the command line."""
    root.add_command(replies_group)
