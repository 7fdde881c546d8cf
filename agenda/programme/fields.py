"""Validation of session fields typed by organizers (shared by the programme operations).

Each function returns the cleaned value or raises :class:`agenda.model.errors.ValidationError` with
a
message that says what to change.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta

from agenda.model.enums import SessionKind
from agenda.model.errors import ValidationError
from agenda.time.zones import check_unambiguous, to_zone, utc_offset_label

MAX_SESSION = timedelta(hours=12)


def check_times(start: datetime, end: datetime, zone_name: str = "UTC") -> None:
    """Aware times, end after start, at most 12 hours, neither on a wall-clock time that happens
    twice in ``zone_name`` (the home zone's feed could not tell which); messages show times in
    ``zone_name``."""
    for label, value in (("start", start), ("end", end)):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValidationError(f"session {label} {value!r} has no time zone: give aware times")
    if end <= start:
        local_start, local_end = to_zone(start, zone_name), to_zone(end, zone_name)
        raise ValidationError(
            f"a session must end after it starts (start {local_start:%Y-%m-%d %H:%M}, "
            f"end {local_end:%Y-%m-%d %H:%M} {zone_name}, {utc_offset_label(start, zone_name)}); "
            "give a later end or a positive duration"
        )
    if end - start > MAX_SESSION:
        raise ValidationError("a session cannot last more than 12 hours; split it into sessions")
    check_unambiguous(start, zone_name, "the session start", "choose another start time")
    check_unambiguous(
        end, zone_name, "the session end", "choose another end time or duration for the session"
    )


def kind(kind: SessionKind | str) -> SessionKind:
    """A SessionKind from its value ('round_table', 'round-table' and 'round table' work)."""
    try:
        return SessionKind(str(kind).strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        choices = ", ".join(k.value for k in SessionKind)
        raise ValidationError(f"unknown session kind {kind!r}: choose one of {choices}") from None


def title(title: str, field: str = "title_en") -> str:
    """A non-empty one-line English title of at most 300 characters."""
    cleaned = (title or "").strip()
    if not cleaned:
        raise ValidationError("a session needs an English title (title_en)")
    if len(cleaned) > 300:
        raise ValidationError("the title is longer than 300 characters; shorten it")
    return one_line(cleaned, field)


def title_es(title: str) -> str:
    """The Spanish title: one line, may be empty ('' = shown in English)."""
    return one_line((title or "").strip(), "title_es")


def one_line(text: str, field: str) -> str:
    """``text`` unchanged when it has no control character (line breaks, tabs...); otherwise
    ValidationError naming ``field``, the character and its position."""
    for position, char in enumerate(text, start=1):
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "control character")
            raise ValidationError(
                f"{field} contains a control character ({name}, U+{ord(char):04X}) at "
                f"position {position}: a title is one line of text; remove it"
            )
    return text


_CONTROL_NAMES = {
    "\n": "line feed",
    "\r": "carriage return",
    "\t": "tab",
    "\x00": "NUL",
}


def track(track: str) -> str:
    """A track name of at most 60 characters ('' = main track)."""
    cleaned = (track or "").strip()
    if len(cleaned) > 60:
        raise ValidationError("a track name has at most 60 characters")
    return cleaned


def area(area: int | None) -> int | None:
    """A thematic area 1-5, or None."""
    if area is not None and not 1 <= int(area) <= 5:
        raise ValidationError(f"thematic area {area} does not exist: areas are numbered 1 to 5")
    return None if area is None else int(area)


def objectives(numbers: Iterable[int]) -> list[int]:
    """GCM objective numbers 1-23, sorted, without duplicates."""
    result = sorted({int(n) for n in numbers})
    wrong = [n for n in result if not 1 <= n <= 23]
    if wrong:
        raise ValidationError(
            f"objective(s) {', '.join(map(str, wrong))} do not exist: GCM objectives are 1 to 23"
        )
    return result
