"""`meetingctl video sync|list|forget`: join links created through the platforms' APIs."""

from __future__ import annotations

import json

import click
from sqlalchemy import select

from agenda.model.orm import VideoLink
from meetingctl.context import AppContext
from meetingctl.video_sync import forget_link, sync_video

pass_app = click.make_pass_decorator(AppContext)
PLATFORM_CHOICE = click.Choice(["jitsi", "zoom", "teams", "webex"])


@click.group()
def video() -> None:
    """Create and keep in sync the video meetings of the sessions."""


@video.command("sync")
@click.option("--platform", type=PLATFORM_CHOICE, help="Override [video] platform.")
@click.option("--dry-run", is_flag=True, help="Show what would change, change nothing.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_app
def video_sync(app: AppContext, platform: str | None, dry_run: bool, fmt: str) -> None:
    """Create missing meetings, update moved ones, delete removed ones (idempotent)."""
    with app.transaction() as db:
        meeting_id = app.meeting(db).id
    client = app.video_platform(platform)
    try:
        report = sync_video(
            app.session_factory, meeting_id, client, app.config, actor=app.actor, dry_run=dry_run
        )
    finally:
        client.close()
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "platform": report.platform,
                    "dry_run": dry_run,
                    "actions": [
                        {
                            "kind": a.kind,
                            "scope": a.scope_key,
                            "title": a.wanted.title if a.wanted else None,
                            "reasons": list(a.reasons),
                        }
                        for a in report.actions
                    ],
                    "done": [{"kind": k, "scope": s} for k, s in report.done],
                    "warnings": report.warnings,
                    "errors": report.errors,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for action in report.actions:
            if action.kind == "keep":
                continue
            title = action.wanted.title if action.wanted else action.scope_key
            marker = "would " if dry_run else ""
            click.echo(f"{marker}{action.kind}: {title}")
        for warning in summarize_warnings(report.warnings):
            click.echo(f"Warning: {warning}", err=True)
        for error in report.errors:
            click.echo(f"Error: {error}", err=True)
        kept = sum(1 for a in report.actions if a.kind == "keep")
        verb = "would change" if dry_run else "changed"
        click.echo(f"{report.platform}: {verb} {report.changed}, unchanged {kept}")
    if report.errors:
        raise SystemExit(1)


@video.command("list")
@pass_app
def video_list(app: AppContext) -> None:
    """List the stored video meetings (host links are not shown)."""
    with app.transaction() as db:
        meeting = app.meeting(db)
        links = list(
            db.scalars(
                select(VideoLink).where(VideoLink.meeting_id == meeting.id).order_by(VideoLink.id)
            )
        )
        for link in links:
            click.echo(f"{link.platform:<6} {link.state:<9} {link.scope_key}  {link.join_url}")
        click.echo(f"{len(links)} video meetings")


@video.command("forget")
@click.argument("scope_key")
@click.option("--platform", type=PLATFORM_CHOICE, help="Default: [video] platform.")
@pass_app
def video_forget(app: AppContext, scope_key: str, platform: str | None) -> None:
    """Drop the local record of a meeting (after checking the platform by hand)."""
    name = platform or app.config.video.platform
    if not forget_link(app.session_factory, name, scope_key, app.actor):
        raise click.ClickException(f"no {name} meeting recorded for {scope_key!r}")
    click.echo(f"forgot {name} meeting {scope_key}")


def summarize_warnings(warnings: list[str]) -> list[str]:
    """One line per kind of repeated warning (interpretation missing on many meetings)."""
    interpretation = [w for w in warnings if "interpretation was requested" in w]
    others = [w for w in warnings if w not in interpretation]
    if len(interpretation) <= 2:
        return others + interpretation
    platform = interpretation[0].split(":", 1)[0]
    return others + [
        f"{platform}: interpretation was requested but is not enabled on {len(interpretation)} "
        f"meetings; set it up on the platform or change plan. / {platform}: se solicitó "
        f"interpretación pero no está activada en {len(interpretation)} reuniones."
    ]


def register(root: click.Group) -> None:
    """Add the `video` group."""
    root.add_command(video)
