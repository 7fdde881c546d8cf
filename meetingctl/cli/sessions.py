"""`meetingctl session add|edit|move|resize|delete|duplicate|swap`: edit the programme.

Times are wall-clock times in the meeting's home zone (or ``--tz``): ``--day N`` (1 = first
meeting day; 0 or less = before the meeting) or ``--date YYYY-MM-DD``, ``--start HH:MM`` and
``--end HH:MM`` or ``--duration 90m``. A time that does not exist or happens twice on a DST
change is refused with an explanation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from agenda.i18n.catalog import NC_, tr
from agenda.model.enums import SessionKind
from agenda.model.errors import ValidationError
from agenda.programme.reading import kind_label
from agenda.time.slots import parse_clock, parse_date, parse_duration
from agenda.time.zones import to_zone, utc_offset_label, validate_zone
from meetingctl.cli import i18n as cli_i18n
from meetingctl.context import AppContext
from meetingctl.services.programme_views import (
    NewSession,
    SessionChanges,
    SessionsChanged,
    SessionView,
    Slot,
)

pass_app = click.make_pass_decorator(AppContext)
KINDS = [k.value for k in SessionKind]


def parse_minutes(text: str) -> int:
    """'+30', '-15', '-1h', '+1h30m' -> signed minutes."""
    raw = (text or "").strip()
    sign = -1 if raw.startswith("-") else 1
    minutes = int(parse_duration(raw.lstrip("+-")).total_seconds() // 60)
    return sign * minutes


def _objectives(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.replace(",", " ").split())
    except ValueError:
        raise ValidationError(
            f"--objectives {text!r}: give objective numbers separated by commas, e.g. 1,3,23"
        ) from None


def _when(day: int | None, on: str | None) -> int | date:
    if (day is None) == (on is None):
        raise ValidationError(
            "give the day as --day N (1 = first meeting day) or --date YYYY-MM-DD"
        )
    if on is not None:
        return parse_date(on, "--date")
    assert day is not None
    return day


def _day_or_none(day: int | None, on: str | None) -> int | date | None:
    """--day/--date when given (both: refused), else None (the session's own day)."""
    return _when(day, on) if (day is not None or on) else None


def slot_options(func: Any) -> Any:
    """--day/--date, --start, --end/--duration and --tz options."""
    for option in reversed(
        [
            click.option("--day", type=int, help="Meeting day (1 = first day; 0 or less: before)."),
            click.option("--date", "on", help="Calendar date YYYY-MM-DD instead of --day."),
            click.option("--start", help="Local start time HH:MM."),
            click.option("--end", help="Local end time HH:MM."),
            click.option("--duration", help="Length instead of --end, e.g. 90m, 1h30m, 3h."),
            click.option(
                "--tz", help="Zone of the times given (default: the meeting's home zone)."
            ),
        ]
    ):
        func = option(func)
    return func


def parse_slot(
    day: int | None,
    on: str | None,
    start: str | None,
    end: str | None,
    duration: str | None,
    tz: str | None,
) -> Slot:
    """The slot options as a :class:`Slot` (the service turns it into UTC)."""
    if not start:
        raise ValidationError("give the local start time with --start HH:MM")
    when = _when(day, on)
    return Slot(
        when,
        parse_clock(start),
        end=parse_clock(end) if end else None,
        duration=parse_duration(duration) if duration else None,
        tz=tz,
    )


VERBS = {
    "Added": NC_("session verb", "Added"),
    "Edited": NC_("session verb", "Edited"),
    "Moved": NC_("session verb", "Moved"),
    "Resized": NC_("session verb", "Resized"),
    "Deleted": NC_("session verb", "Deleted"),
    "Swapped": NC_("session verb", "Swapped"),
    "Delete": NC_("session verb", "Delete"),
}


def ui_lang(app: AppContext) -> str:
    """The language of this invocation (--lang, [ui] language, LANG; see meetingctl.cli.i18n)."""
    return cli_i18n.current_language() or app.config.ui.language


def verb(word: str, lang: str) -> str:
    """A confirmation verb in the UI language."""
    return tr(lang, VERBS[word]) if word in VERBS else word


def describe(home_tz: str, session: SessionView, tz: str | None = None, lang: str = "en") -> str:
    """'#12 v3 [Round table] 2021-04-26 10:15-11:45 America/Santiago (UTC-04:00) day 1: title'."""
    zone_name = validate_zone(tz) if tz else home_tz
    start, end = to_zone(session.start, zone_name), to_zone(session.end, zone_name)
    es = lang == "es"
    track = f" {'línea' if es else 'track'} {session.track}" if session.track else ""
    title = (session.title_es if es else session.title_en) or session.title_en
    return (
        f"#{session.id} v{session.version} [{kind_label(session.kind, lang)}] "
        f"{start:%Y-%m-%d %H:%M}-{end:%H:%M} {zone_name} ({utc_offset_label(start, zone_name)})"
        f" {'día' if es else 'day'} {session.day}{track}: {title}"
    )


def _echo(app: AppContext, word: str, result: SessionsChanged, tz: str | None = None) -> None:
    lang = ui_lang(app)
    click.echo(f"{verb(word, lang)} {describe(result.home_tz, result.session, tz, lang=lang)}")


@click.group()
def session() -> None:
    """Add, edit, move, resize, delete, duplicate and swap programme sessions."""


@session.command("add")
@click.option("--kind", type=click.Choice(KINDS), required=True)
@click.option("--title", required=True, help="Title in English.")
@click.option("--title-es", default="", help="Title in Spanish.")
@slot_options
@click.option("--track", default="", help="Parallel track name (empty = main track).")
@click.option("--objectives", default="", help="GCM objective numbers, e.g. 1,3,23.")
@click.option("--area", type=click.IntRange(1, 5), help="Thematic area 1-5.")
@click.option("--track-es", default="", help="The track's name in Spanish.")
@click.option("--room", default="", help="Room (in English).")
@click.option("--room-es", default="", help="Room in Spanish.")
@click.option("--description", default="", help="Description in English.")
@click.option("--description-es", default="", help="Description in Spanish.")
@pass_app
def add(
    app: AppContext,
    kind: str,
    title: str,
    title_es: str,
    day: int | None,
    on: str | None,
    start: str | None,
    end: str | None,
    duration: str | None,
    tz: str | None,
    track: str,
    objectives: str,
    area: int | None,
    track_es: str,
    room: str,
    room_es: str,
    description: str,
    description_es: str,
) -> None:
    """Add a session (or a break: --kind break)."""
    new = NewSession(
        kind=kind,
        title_en=title,
        title_es=title_es,
        slot=parse_slot(day, on, start, end, duration, tz),
        track=track,
        objectives=_objectives(objectives),
        thematic_area=area,
        room=room,
        description_en=description,
        description_es=description_es,
        track_es=track_es,
        room_es=room_es,
    )
    _echo(app, "Added", app.services.programme.add_session(new), tz)


@session.command("edit")
@click.argument("session_id", type=int)
@click.option("--title", help="Title in English.")
@click.option("--title-es", help="Title in Spanish.")
@click.option("--kind", type=click.Choice(KINDS))
@click.option("--track", help="Parallel track ('' = main track).")
@click.option("--objectives", help="Replace the objectives, e.g. 1,3,23 ('' = none).")
@click.option("--area", type=click.IntRange(0, 5), help="Thematic area 1-5 (0 = none).")
@click.option("--track-es", help="The track's name in Spanish.")
@click.option("--room", help="Room (in English).")
@click.option("--room-es", help="Room in Spanish.")
@click.option("--description", help="Description in English.")
@click.option("--description-es", help="Description in Spanish.")
@click.option("--video-url", help="Join link of the video meeting.")
@click.option("--if-version", type=int, help="Refuse if the session changed since this version.")
@pass_app
def edit(
    app: AppContext,
    session_id: int,
    title: str | None,
    title_es: str | None,
    kind: str | None,
    track: str | None,
    objectives: str | None,
    area: int | None,
    track_es: str | None,
    room: str | None,
    room_es: str | None,
    description: str | None,
    description_es: str | None,
    video_url: str | None,
    if_version: int | None,
) -> None:
    """Change a session's titles, kind, track, objectives, area, room or description."""
    changes = SessionChanges(
        title_en=title,
        title_es=title_es,
        kind=kind,
        track=track,
        objectives=None if objectives is None else _objectives(objectives),
        thematic_area=area,
        room=room,
        description_en=description,
        description_es=description_es,
        video_url=video_url,
        track_es=track_es,
        room_es=room_es,
    )
    edited = app.services.programme.edit_session(session_id, changes, expected_version=if_version)
    _echo(app, "Edited", edited)


@session.command("move")
@click.argument("session_id", type=int)
@click.option("--day", type=int, help="Meeting day (1 = first day).")
@click.option("--date", "on", help="Calendar date YYYY-MM-DD instead of --day.")
@click.option("--start", help="New local start time HH:MM (the length is kept).")
@click.option("--by", "by", help="Shift instead by a signed amount: +15, -5, +1h.")
@click.option("--tz", help="Zone of the times given (default: home zone).")
@click.option("--if-version", type=int, help="Refuse if the session changed since this version.")
@pass_app
def move(
    app: AppContext,
    session_id: int,
    day: int | None,
    on: str | None,
    start: str | None,
    by: str | None,
    tz: str | None,
    if_version: int | None,
) -> None:
    """Move a session to a new start (--day/--date and --start) or by minutes (--by)."""
    programme = app.services.programme
    if by is not None:
        if start or day is not None or on:
            raise ValidationError("use either --by or --day/--start, not both")
        moved = programme.shift_session(session_id, parse_minutes(by), expected_version=if_version)
    else:
        if not start:
            raise ValidationError("give --start HH:MM (with --day N) or --by MINUTES")
        moved = programme.move_session(
            session_id,
            parse_clock(start),
            day=_day_or_none(day, on),
            tz=tz,
            expected_version=if_version,
        )
    _echo(app, "Moved", moved, tz)


@session.command("resize")
@click.argument("session_id", type=int)
@click.option("--end", help="New local end time HH:MM (same day as the start).")
@click.option("--duration", help="New length, e.g. 90m, 2h.")
@click.option("--tz", help="Zone of --end (default: home zone).")
@click.option("--if-version", type=int, help="Refuse if the session changed since this version.")
@pass_app
def resize(
    app: AppContext,
    session_id: int,
    end: str | None,
    duration: str | None,
    tz: str | None,
    if_version: int | None,
) -> None:
    """Give a session a new end time or a new length."""
    resized = app.services.programme.resize_session(
        session_id,
        end=parse_clock(end) if end else None,
        duration=parse_duration(duration) if duration else None,
        tz=tz,
        expected_version=if_version,
    )
    _echo(app, "Resized", resized, tz)


@session.command("delete")
@click.argument("session_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--if-version", type=int, help="Refuse if the session changed since this version.")
@pass_app
def delete(app: AppContext, session_id: int, yes: bool, if_version: int | None) -> None:
    """Delete a session and its role assignments (published ones get cancellations)."""
    programme = app.services.programme
    current = programme.session(session_id)
    text = describe(current.home_tz, current.session, lang=ui_lang(app))
    if not yes and not click.confirm(f"{verb('Delete', ui_lang(app))} {text}?", default=False):
        raise click.exceptions.Abort()
    programme.delete_session(session_id, expected_version=if_version)
    click.echo(f"{verb('Deleted', ui_lang(app))} {text}")


@session.command("duplicate")
@click.argument("session_id", type=int)
@click.option("--day", type=int, help="Day of the copy (default: right after the original).")
@click.option("--date", "on", help="Calendar date YYYY-MM-DD instead of --day.")
@click.option("--start", help="Local start HH:MM of the copy.")
@click.option("--track", help="Track of the copy (default: the original's).")
@click.option("--tz", help="Zone of the times given (default: home zone).")
@pass_app
def duplicate(
    app: AppContext,
    session_id: int,
    day: int | None,
    on: str | None,
    start: str | None,
    track: str | None,
    tz: str | None,
) -> None:
    """Copy a session without its people (by default it follows the original)."""
    copy = app.services.programme.duplicate_session(
        session_id,
        start=parse_clock(start) if start else None,
        day=_day_or_none(day, on) if start else None,
        track=track,
        tz=tz,
    )
    _echo(app, "Added", copy, tz)


@session.command("swap")
@click.argument("first_id", type=int)
@click.argument("second_id", type=int)
@pass_app
def swap(app: AppContext, first_id: int, second_id: int) -> None:
    """Exchange the time slots (and tracks) of two sessions."""
    swapped = app.services.programme.swap_sessions(first_id, second_id)
    lang = ui_lang(app)
    one, two = (describe(swapped.home_tz, s, lang=lang) for s in swapped.sessions)
    click.echo(f"{verb('Swapped', lang)}\n  {one}\n  {two}")


def register(root: click.Group) -> None:
    """Add the `session` group."""
    root.add_command(session)


__all__ = ["describe", "parse_minutes", "parse_slot", "register", "session"]
