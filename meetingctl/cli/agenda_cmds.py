"""`meetingctl agenda check|publish|diff|versions|shift-day|best-time|local-times`.

JSON outputs are documented in docs/agenda-json.md.
"""

from __future__ import annotations

import json
from typing import Any

import click

from agenda.i18n.catalog import N_, NC_, NNP_, tr, tr_table, trnp
from agenda.i18n.labels import severity_label
from agenda.programme.checks import Finding
from agenda.programme.published import SnapshotSession
from agenda.programme.versions import CURRENT, AgendaDiff, SessionChange
from agenda.time.slots import parse_duration
from agenda.time.zones import to_zone, utc_offset_label
from meetingctl.cli.sessions import describe, parse_minutes, ui_lang
from meetingctl.context import AppContext

pass_app = click.make_pass_decorator(AppContext)
FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command("check")
@FORMAT
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings (and no errors).")
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the messages.")
@pass_app
@click.pass_context
def check(ctx: click.Context, app: AppContext, fmt: str, strict: bool, lang: str | None) -> None:
    """Check the programme. Exit 0 when clean, 2 on errors, 1 on warnings with --strict."""
    report = app.services.programme.check()
    counts = dict(report.counts)
    if fmt == "json":
        _emit_json(
            {
                "schema": 1,
                "meeting": report.meeting_slug,
                "summary": counts,
                "working_hours": report.working_hours,
                "findings": [f.to_dict() for f in report.findings],
            }
        )
    else:
        _print_findings(list(report.findings), counts, lang or app.config.ui.language)
    if counts["error"]:
        ctx.exit(2)
    if strict and counts["warning"]:
        ctx.exit(1)


def _print_findings(findings: list[Finding], counts: dict[str, int], lang: str) -> None:
    for finding in findings:
        severity = severity_label(lang, finding.severity)
        click.echo(f"{severity:<8}{finding.rule_id:<24}{finding.text(lang)}")
    click.echo(
        ", ".join(
            trnp(lang, "count", *pair, counts[key]).format(n=counts[key])
            for key, pair in (("error", _ERRORS), ("warning", _WARNINGS), ("info", _NOTES))
        )
    )


_ERRORS = NNP_("count", "{n} error", "{n} errors")
_WARNINGS = NNP_("count", "{n} warning", "{n} warnings")
_NOTES = NNP_("count", "{n} note", "{n} notes")


@click.command("publish")
@click.option("--note", default="", help="What changed, for the record.")
@click.option("--force", is_flag=True, help="Publish even when `agenda check` reports errors.")
@pass_app
def publish(app: AppContext, note: str, force: bool) -> None:
    """Store the programme as the next numbered, immutable version."""
    published = app.services.programme.publish(note, force=force)
    click.echo(f"Published version {published.number} ({published.sessions} sessions)")


@click.command("diff")
@click.argument("v1", required=False)
@click.argument("v2", required=False)
@FORMAT
@click.option("--tz", help="Zone for the times shown (default: home zone).")
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the text output.")
@pass_app
def diff(
    app: AppContext, v1: str | None, v2: str | None, fmt: str, tz: str | None, lang: str | None
) -> None:
    """Compare versions: no argument = previous vs latest; V1 = V1 vs latest; 'current' =
    the unpublished working state (e.g. `agenda diff 2 current`)."""
    lang = lang or ui_lang(app)
    result = app.services.programme.diff(v1, v2, tz=tz)
    if fmt == "json":
        changes = result.changes.to_dict()
        _emit_json({"schema": 1, "from": result.left, "to": result.right, **changes})
        return
    _print_diff(result.zone, result.left, result.right, result.changes, dict(result.names), lang)


_DIFF_MSGIDS = {
    "heading": N_("Changes from {left} to {right} (times in {zone}):"),
    "none": N_("  no changes"),
    "added": N_("added"),
    "removed": N_("removed"),
    "moved": N_("moved"),
    "changed": N_("changed"),
    "restaffed": N_("restaffed"),
    "was": N_("was"),
    "joined": N_("joined"),
    "left": N_("left"),
    "role": N_("new role"),
    "person": N_("person #{id}"),
}


_AFFECTED = NNP_("count", "{n} person affected", "{n} people affected")
#: The two sides of a diff that are not version numbers (shown as they are in English).
_VERSION_LABELS = {CURRENT: NC_("diff side", "current"), "nothing": NC_("diff side", "nothing")}
_FIELDS = {
    "title": NC_("session field", "title"),
    "video": NC_("session field", "video"),
    "track": NC_("session field", "track"),
    "room": NC_("session field", "room"),
    "objectives": NC_("session field", "objectives"),
    "kind": NC_("session field", "kind"),
    "description": NC_("session field", "description"),
}


def _print_diff(
    zone_name: str,
    left: str,
    right: str,
    changes: AgendaDiff,
    names: dict[int, str],
    lang: str = "en",
) -> None:
    words = tr_table(lang, _DIFF_MSGIDS)
    left, right = (tr(lang, _VERSION_LABELS.get(label, label)) for label in (left, right))
    click.echo(words["heading"].format(left=left, right=right, zone=zone_name))
    if changes.empty:
        click.echo(words["none"])
        return

    def when(entry: SnapshotSession | None) -> str:
        if entry is None:
            return "-"
        start, end = to_zone(entry.start, zone_name), to_zone(entry.end, zone_name)
        return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}"

    def title(entry: SnapshotSession | None, fallback: str) -> str:
        if lang == "es" and entry is not None and entry.title_es.strip():
            return entry.title_es
        return fallback

    def line(label: str, change: SessionChange, extra: str = "") -> None:
        count = len(changes.affected_people(change.uid))
        affected = trnp(lang, "count", *_AFFECTED, count).format(n=count)
        name = title(change.new or change.old, change.title_en)
        click.echo(f"  {words[label]:<10}#{change.session_id} {name}{extra} [{affected}]")

    def who(ids: list[int]) -> str:
        return ", ".join(names.get(pid) or words["person"].format(id=pid) for pid in ids)

    for change in changes.added:
        line("added", change, f" ({when(change.new)})")
    for change in changes.removed:
        line("removed", change, f" ({words['was']} {when(change.old)})")
    for change in changes.moved:
        line("moved", change, f": {when(change.old)} -> {when(change.new)}")
    for change in changes.changed:
        fields = [tr(lang, _FIELDS[f]) if f in _FIELDS else f for f in change.fields]
        line("changed", change, f" ({', '.join(fields)})")
    for uid, staffing in changes.restaffed.items():
        entry = changes.new_sessions[uid]
        parts = [
            f"{words[key]}: {who(ids)}"
            for key, ids in (
                ("joined", staffing.added),
                ("left", staffing.removed),
                ("role", staffing.role_changed),
            )
            if ids
        ]
        click.echo(
            f"  {words['restaffed']:<10}#{entry.id} {title(entry, entry.title_en)}: "
            + "; ".join(parts)
        )


@click.command("versions")
@pass_app
def versions(app: AppContext) -> None:
    """List the published versions."""
    rows = app.services.programme.versions()
    for v in rows:
        click.echo(
            f"v{v.number}  {v.published_at:%Y-%m-%d %H:%M} UTC  {v.actor}  {v.sessions} sessions"
            f"  {v.note}"
        )
    if not rows:
        click.echo("nothing published yet")


@click.command("shift-day")
@click.option("--day", type=int, required=True, help="Meeting day (1 = first day).")
@click.option("--by", "by", required=True, help="Signed amount: +30, -15, +1h.")
@click.option("--track", help="Only this track (default: all tracks).")
@pass_app
def shift_day(app: AppContext, day: int, by: str, track: str | None) -> None:
    """Move every session of a meeting day earlier or later."""
    moved = app.services.programme.shift_day(day, parse_minutes(by), track=track)
    lang = ui_lang(app)
    lines = [describe(moved.home_tz, s, lang=lang) for s in moved.sessions]
    moved_text = trnp(lang, "count", "Moved {n} session:", "Moved {n} sessions:", len(lines))
    click.echo(moved_text.format(n=len(lines)))
    for text in lines:
        click.echo(f"  {text}")


@click.command("best-time")
@click.option("--day", type=int, required=True, help="Meeting day (1 = first day).")
@click.option("--duration", required=True, help="Length of the session, e.g. 90m, 3h.")
@click.option(
    "--session",
    "session_id",
    type=int,
    help="Count only this session's people (default: everyone with a role).",
)
@click.option("--step", default="15m", show_default=True, help="Distance between candidates.")
@click.option("--top", type=click.IntRange(1, 200), default=10, show_default=True)
@click.option("--any-hour", is_flag=True, help="Also propose starts outside home working hours.")
@click.option("--tz", help="Zone for the times shown (default: home zone).")
@FORMAT
@pass_app
def best_time(
    app: AppContext,
    day: int,
    duration: str,
    session_id: int | None,
    step: str,
    top: int,
    any_hour: bool,
    tz: str | None,
    fmt: str,
) -> None:
    """Rank start times of a day by how many invited people would be out of hours."""
    result = app.services.programme.best_time(
        day,
        parse_duration(duration),
        session_id=session_id,
        step=parse_duration(step),
        top=top,
        any_hour=any_hour,
        tz=tz,
    )
    zone_name = result.zone
    rows = [
        {
            "start": to_zone(c.start, zone_name).isoformat(),
            "end": to_zone(c.end, zone_name).isoformat(),
            "out_of_hours": c.out_of_hours,
            "minutes_outside": c.minutes_outside,
            "person_ids": list(c.person_ids),
            "names": list(c.names),
        }
        for c in result.candidates
    ]
    if fmt == "json":
        _emit_json(
            {
                "schema": 1,
                "timezone": zone_name,
                "day": day,
                "people": result.people,
                "working_hours": result.working_hours,
                "candidates": rows,
            }
        )
        return
    click.echo(
        f"Day {day}, {duration}, {result.people} people, working hours "
        f"{result.working_hours} local; times in {zone_name}:"
    )
    for row, candidate in zip(rows, result.candidates, strict=True):
        start = to_zone(candidate.start, zone_name)
        names = ", ".join(candidate.names[:4]) + (" ..." if len(candidate.names) > 4 else "")
        click.echo(
            f"  {start:%H:%M}-{to_zone(candidate.end, zone_name):%H:%M} "
            f"({utc_offset_label(start, zone_name)})  out of hours: "
            f"{row['out_of_hours']}{'  ' + names if names else ''}"
        )


@click.command("local-times")
@click.option("--session", "session_id", type=int, required=True)
@FORMAT
@pass_app
def local_times(app: AppContext, session_id: int, fmt: str) -> None:
    """Show the session's start and end on each invited person's own clock."""
    result = app.services.programme.local_times(session_id)
    rows: list[dict[str, Any]] = [
        {
            "person_id": p.person_id,
            "name": p.name,
            "role": p.role,
            "status": p.status,
            "timezone": p.timezone,
            "local_start": p.local_start.isoformat(),
            "local_end": p.local_end.isoformat(),
            "in_working_hours": p.in_working_hours,
        }
        for p in result.people
    ]
    if fmt == "json":
        _emit_json(
            {
                "schema": 1,
                "session_id": session_id,
                "day": result.session.day,
                "working_hours": result.working_hours,
                "people": rows,
            }
        )
        return
    click.echo(describe(result.home_tz, result.session, lang=ui_lang(app)))
    for row in rows:
        flag = "" if row["in_working_hours"] else "  OUT OF HOURS"
        click.echo(
            f"  {row['local_start'][11:16]}-{row['local_end'][11:16]} "
            f"{row['timezone']:<24} {row['name']} ({row['role']}){flag}"
        )


def register(root: click.Group) -> None:
    """Add the agenda subcommands to the foundation's `agenda` group."""
    group = root.commands["agenda"]
    assert isinstance(group, click.Group)
    for command in (check, publish, diff, versions, shift_day, best_time, local_times):
        group.add_command(command)


__all__ = ["register"]
