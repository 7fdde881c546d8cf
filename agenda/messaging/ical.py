"""iCalendar (RFC 5545) objects for iTIP (RFC 5546) invitations and the programme feed.

Pure: no clock reads (DTSTAMP comes from the event or a parameter), no I/O. Built on the
``icalendar`` library, which escapes TEXT values (commas, semicolons, backslashes, newlines)
and folds lines; this module additionally cleans what the library cannot know is unsafe:
control characters in text, and DQUOTE/CR/LF in parameter values such as CN.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vCalAddress, vDuration, vText

from agenda.i18n.invite import label
from agenda.messaging.types import Attendee, CalendarEvent, CalendarMethod
from agenda.time.zones import zone

PRODID = "-//meetingctl//meetingctl invitations 1.0//EN"
PUBLISH = "PUBLISH"
_TEAMS_HOSTS = ("teams.microsoft.com", "teams.live.com", "teams.microsoft.us")
# C0 controls except TAB and LF are not allowed in iCalendar TEXT (RFC 5545 3.3.11).
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PARAM_UNSAFE = re.compile(r"[\x00-\x1f\x7f]+")


class _Text(vText):
    """TEXT with plain RFC 5545 escaping (backslash, semicolon, comma, newline).

    icalendar's own escaping first turns a literal backslash-N into a line break, which would
    change text like a Windows path or a name; this one escapes exactly and only what
    RFC 5545 3.3.11 requires. Input is already normalised by ``clean_text`` (LF newlines).
    """

    def to_ical(self) -> bytes:
        escaped = (
            str(self)
            .replace("\\", "\\\\")
            .replace(";", "\\;")
            .replace(",", "\\,")
            .replace("\n", "\\n")
        )
        return escaped.encode("utf-8")


class ICalendarError(ValueError):
    """An event cannot be turned into a valid iCalendar object; the message says why."""


def is_teams_url(url: str) -> bool:
    """True when the link is a Microsoft Teams meeting link."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return any(host == h or host.endswith("." + h) for h in _TEAMS_HOSTS)


def clean_text(text: str) -> str:
    """Normalise newlines and drop control characters that iCalendar TEXT may not contain."""
    return _TEXT_CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_param(value: str) -> str:
    """Make a value safe as a parameter (e.g. CN): no CR/LF/controls, no DQUOTE.

    RFC 5545 parameter values cannot contain DQUOTE, and many clients (Outlook) do not
    implement RFC 6868 escapes, so double quotes become single quotes, a caret (which
    RFC 6868 would escape as ``^^``) becomes a single quote, a backslash (which some parsers
    read as an escape) becomes a slash, and runs of control characters become one space.
    """
    cleaned = _PARAM_UNSAFE.sub(" ", value).strip()
    return cleaned.replace('"', "'").replace("^", "'").replace("\\", "/")


def _mailto(email: str) -> str:
    address = email.strip()
    if not address or _PARAM_UNSAFE.search(address) or " " in address or "@" not in address:
        raise ICalendarError(f"Invalid email address {email!r} for a calendar entry.")
    return f"mailto:{address}"


def _cal_address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(_mailto(email))
    # CN is always present; a blank name (after cleaning) falls back to the address itself.
    address.params["CN"] = clean_param(name) or email.strip()
    return address


def attendee_property(attendee: Attendee, *, rsvp: bool = True) -> vCalAddress:
    """ATTENDEE with CUTYPE, ROLE, PARTSTAT=NEEDS-ACTION, CN, and RSVP=TRUE when an answer
    is wanted (REQUEST); a CANCEL asks for no reply, so it carries RSVP=FALSE."""
    address = _cal_address(attendee.email, attendee.name)
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["ROLE"] = str(attendee.role)
    address.params["PARTSTAT"] = "NEEDS-ACTION"
    address.params["RSVP"] = "TRUE" if rsvp else "FALSE"
    return address


def _utc(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None:
        raise ICalendarError(f"{what} must be an aware datetime (with a time zone).")
    return moment.astimezone(UTC)


def _in_zone(moment: datetime, tzid: str | None, what: str) -> datetime:
    if moment.tzinfo is None:
        raise ICalendarError(f"{what} must be an aware datetime (with a time zone).")
    if tzid is None:
        return moment.astimezone(UTC)
    return moment.astimezone(zone(tzid))


def _video_url(event: CalendarEvent) -> str:
    """The event's link, stripped; a link with whitespace or control characters is refused."""
    url = event.url.strip()
    if url and re.search(r"[\s\x00-\x1f\x7f]", url):
        raise ICalendarError(
            f"Event {event.uid}: the video link {url!r} contains spaces or line breaks; "
            "correct the link before sending."
        )
    return url


def _location_and_description(event: CalendarEvent) -> tuple[str, str]:
    location = clean_text(event.location).strip()
    description = clean_text(event.description).strip()
    url = _video_url(event)
    if url:
        if url not in location:
            location = f"{location} ({url})" if location else url
        if url not in description:
            join = f"{label(event.language, 'join')}: {url}"
            description = f"{description}\n\n{join}" if description else join
    return location, description


def event_to_ical(
    event: CalendarEvent,
    *,
    stamp: datetime | None = None,
    include_attendees: bool = True,
    status: str | None = None,
) -> Event:
    """Turn one CalendarEvent into an icalendar VEVENT.

    DTSTAMP is ``event.stamp`` or else ``stamp`` (one of them is required: this module never
    reads the clock). DTSTART/DTEND are in UTC when ``event.tzid`` is None, otherwise in that
    zone with a TZID parameter (the calendar builders add the matching VTIMEZONE).
    ``status`` overrides STATUS (default CANCELLED for CANCEL, CONFIRMED otherwise).
    """
    if not event.uid or _PARAM_UNSAFE.search(event.uid):
        raise ICalendarError(f"Event UID {event.uid!r} is empty or contains control characters.")
    if event.sequence < 0:
        raise ICalendarError(f"Event {event.uid}: SEQUENCE cannot be negative.")
    dtstamp = event.stamp or stamp
    if dtstamp is None:
        raise ICalendarError(f"Event {event.uid}: pass a DTSTAMP (event.stamp or stamp=...).")
    if event.end <= event.start:
        raise ICalendarError(f"Event {event.uid}: the end must be after the start.")
    vevent = Event()
    vevent.add("UID", event.uid)
    vevent.add("DTSTAMP", _utc(dtstamp, "DTSTAMP"))
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("DTSTART", _in_zone(event.start, event.tzid, "start"))
    vevent.add("DTEND", _in_zone(event.end, event.tzid, "end"))
    vevent.add("SUMMARY", _Text(clean_text(event.summary)))
    location, description = _location_and_description(event)
    if location:
        vevent.add("LOCATION", _Text(location))
    if description:
        vevent.add("DESCRIPTION", _Text(description))
    url = _video_url(event)
    if url:
        vevent.add("URL", url)
        if event.is_teams_link or is_teams_url(url):
            vevent.add("X-MICROSOFT-SKYPETEAMSMEETINGURL", url)
    vevent.add("ORGANIZER", _cal_address(event.organizer_email, event.organizer_name))
    if include_attendees:
        for attendee in event.attendees:
            rsvp = event.method != CalendarMethod.CANCEL
            vevent.add("ATTENDEE", attendee_property(attendee, rsvp=rsvp))
    if status is None:
        status = "CANCELLED" if event.method == CalendarMethod.CANCEL else "CONFIRMED"
    vevent.add("STATUS", status)
    vevent.add("TRANSP", "OPAQUE")
    return vevent


def zone_transitions(tzid: str, first: datetime, last: datetime) -> list[datetime]:
    """UTC instants in [first, last) at which the zone's UTC offset or name changes.

    Found from zoneinfo itself: a daily scan, then a bisection to the second.
    """
    tz = zone(tzid)

    def state(moment: datetime) -> tuple[object, object]:
        local = moment.astimezone(tz)
        return local.utcoffset(), local.tzname()

    found: list[datetime] = []
    cursor = first
    while cursor < last:
        step = min(cursor + timedelta(days=1), last)
        if state(cursor) != state(step):
            low, high = cursor, step  # state(low) != state(high): bisect to one second
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if middle <= low:
                    break
                if state(middle) == state(low):
                    low = middle
                else:
                    high = middle
            found.append(high)
        cursor = step
    return found


def _offset_text(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


@lru_cache(maxsize=128)
def _vtimezone_bytes(tzid: str, first_year: int, last_year: int) -> bytes:
    """Serialized VTIMEZONE built from zoneinfo's own transitions, once per zone and years.

    Each observance's DTSTART is the transition's UTC instant written in the local time
    *before* it (TZOFFSETFROM), as RFC 5545 3.6.5 requires: Santiago's spring-forward at
    04:00Z is DTSTART ...T000000 with TZOFFSETFROM:-0400. (icalendar's
    ``Timezone.from_tzinfo`` writes the post-transition wall time for zones that change at
    midnight, which moves the transition by an hour.)
    """
    tz = zone(tzid)
    first = datetime(first_year, 1, 1, tzinfo=UTC)
    last = datetime(last_year, 1, 1, tzinfo=UTC)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]

    def observance(instant: datetime, before: timedelta) -> None:
        local = instant.astimezone(tz)
        after = local.utcoffset() or timedelta(0)
        kind = "DAYLIGHT" if local.dst() else "STANDARD"
        start = (instant + before).replace(tzinfo=None)
        lines.extend(
            [
                f"BEGIN:{kind}",
                f"DTSTART:{start:%Y%m%dT%H%M%S}",
                f"TZNAME:{clean_param(local.tzname() or tzid)}",
                f"TZOFFSETFROM:{_offset_text(before)}",
                f"TZOFFSETTO:{_offset_text(after)}",
                f"END:{kind}",
            ]
        )

    # The offset in force at the start of the range, then one observance per transition.
    observance(first, first.astimezone(tz).utcoffset() or timedelta(0))
    for instant in zone_transitions(tzid, first, last):
        observance(
            instant, (instant - timedelta(seconds=1)).astimezone(tz).utcoffset() or timedelta(0)
        )
    lines.append("END:VTIMEZONE")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _timezones_block(events: Sequence[CalendarEvent], extra_tzid: str | None) -> bytes:
    """One VTIMEZONE per TZID used, covering the events' years (-1/+2) deterministically."""
    tzids = sorted({e.tzid for e in events if e.tzid} | ({extra_tzid} if extra_tzid else set()))
    if not tzids:
        return b""
    years = [e.start.astimezone(UTC).year for e in events] or [2000]
    first, last = min(years) - 1, max(years) + 2
    return b"".join(_vtimezone_bytes(tzid, first, last) for tzid in tzids)


def _serialize(calendar: Calendar, timezones: bytes) -> bytes:
    """Serialize, placing the VTIMEZONEs before the first component that may reference them."""
    body: bytes = calendar.to_ical()
    if not timezones:
        return body
    marker = b"BEGIN:VEVENT\r\n" if b"BEGIN:VEVENT\r\n" in body else b"END:VCALENDAR\r\n"
    head, tail = body.split(marker, 1)
    return head + timezones + marker + tail


def _new_calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", method)
    return calendar


def build_calendar(
    events: Sequence[CalendarEvent],
    method: CalendarMethod | str | None = None,
    *,
    stamp: datetime | None = None,
) -> bytes:
    """Serialize events into one iTIP VCALENDAR (METHOD REQUEST or CANCEL) as bytes.

    Every event must carry the same method (the calendar's METHOD); ``method`` defaults to it.
    Each session is its own VEVENT (no RRULE). VTIMEZONEs for the TZIDs used come first.
    """
    if not events:
        raise ICalendarError("build_calendar needs at least one event.")
    wanted = CalendarMethod(method) if method is not None else events[0].method
    for event in events:
        if event.method != wanted:
            raise ICalendarError(
                f"Event {event.uid} has method {event.method} but the calendar is {wanted}: "
                "build REQUEST and CANCEL messages separately."
            )
        if not event.attendees:
            raise ICalendarError(
                f"Event {event.uid}: an iTIP {wanted} needs at least one ATTENDEE."
            )
    calendar = _new_calendar(str(wanted))
    for event in events:
        calendar.add_component(event_to_ical(event, stamp=stamp))
    return _serialize(calendar, _timezones_block(events, None))


def build_feed(
    events: Sequence[CalendarEvent],
    name: str,
    tz: str | None = None,
    *,
    stamp: datetime | None = None,
    refresh: timedelta | None = None,
) -> bytes:
    """The whole-programme calendar feed (METHOD:PUBLISH, no attendees).

    ``tz`` (IANA name) expresses the times in the meeting's zone with a VTIMEZONE; None means UTC.
    Cancelled sessions (method CANCEL) stay in the feed with STATUS:CANCELLED so subscribers
    drop them. ``refresh`` asks subscribed clients to poll that often (RFC 7986
    REFRESH-INTERVAL, and X-PUBLISHED-TTL for Outlook and Apple Calendar).
    """
    if tz is not None:
        zone(tz)  # validate early with a clear message
    calendar = _new_calendar(PUBLISH)
    clean_name = clean_text(name).replace("\n", " ").strip()
    if clean_name:
        calendar.add("NAME", _Text(clean_name))
        calendar.add("X-WR-CALNAME", _Text(clean_name))
    if tz:
        calendar.add("X-WR-TIMEZONE", tz)
    if refresh is not None:
        calendar.add("REFRESH-INTERVAL", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", vDuration(refresh))
    localized = [_with_tzid(e, tz) for e in events]
    for event in localized:
        calendar.add_component(event_to_ical(event, stamp=stamp, include_attendees=False))
    return _serialize(calendar, _timezones_block(localized, tz if localized else None))


def _with_tzid(event: CalendarEvent, tz: str | None) -> CalendarEvent:
    return replace(event, tzid=tz)
