"""Benchmark: building and sending invitations.

1. Building 5,000 invitations (ICS + MIME, via agenda.messaging.mime.build_invitation_email) vs the
floor:
   icalendar building and serializing the same 5,000 events (one VCALENDAR each, no MIME).
2. Sending 5,000 messages via SmtpTransport to a local aiosmtpd server vs the floor: a plain
   smtplib loop (sendmail) over one connection to the same server. The two clients take turns
   in chunks of 250 so that load from other processes affects both alike.

Sizes shrink with MEETINGCTL_BENCH_SCALE (float, default 1.0). Run:
    /work/venv/bin/python bench/bench_invitations.py
"""

from __future__ import annotations

import os
import smtplib
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from icalendar import Calendar, Event, vCalAddress  # noqa: E402

from agenda.i18n.invite import InviteKind  # noqa: E402
from agenda.messaging.mime import build_invitation_email  # noqa: E402
from agenda.messaging.types import (  # noqa: E402
    Attendee,
    AttendeeRole,
    CalendarEvent,
    CalendarMethod,
    OutgoingMessage,
    SendStatus,
)
from integrations.mail.smtp import SmtpTransport  # noqa: E402
from tests.integrations.smtp_server import running_smtp_server  # noqa: E402

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2021, 4, 2, 12, 0, tzinfo=UTC)
DEFAULT_COUNT = 5_000


def _count() -> int:
    scale = float(os.environ.get("MEETINGCTL_BENCH_SCALE", "1.0") or 1.0)
    return max(1, int(DEFAULT_COUNT * scale))


def _events(count: int) -> list[tuple[CalendarEvent, Attendee]]:
    """``count`` (session, recipient) pairs: 50 sessions over two days, one recipient each."""
    pairs = []
    for index in range(count):
        session = index % 50
        start = datetime(2021, 4, 26 + session // 25, 9, 0, tzinfo=SANTIAGO) + timedelta(
            minutes=30 * (session % 25)
        )
        recipient = Attendee(
            f"person{index}@example.org", f"Participante Nº {index}, Müller", AttendeeRole.REQUIRED
        )
        event = CalendarEvent(
            uid=f"session-{session}@example.org",
            sequence=0,
            method=CalendarMethod.REQUEST,
            summary=f"Sesión {session}: Niñez, migración; género",
            start=start,
            end=start + timedelta(minutes=90),
            organizer_email="secretariat@example.org",
            organizer_name="Secretaría técnica",
            attendees=(recipient,),
            description="Diálogo sobre los objetivos 1, 7 y 23.",
            url="https://teams.microsoft.com/l/meetup-join/bench",
            tzid="America/Santiago",
            is_teams_link=True,
            language="es" if index % 2 else "en",
        )
        pairs.append((event, recipient))
    return pairs


def _build_ours(pairs: list[tuple[CalendarEvent, Attendee]]) -> list[OutgoingMessage]:
    return [
        build_invitation_email(
            event,
            recipient,
            kind=InviteKind.INVITATION,
            language=event.language,
            recipient_tz="America/Mexico_City",
            home_tz="America/Santiago",
            meeting_title="Revisión regional del PMM",
            now=NOW,
            message_id_domain="example.org",
        )
        for event, recipient in pairs
    ]


def _build_floor(pairs: list[tuple[CalendarEvent, Attendee]]) -> list[bytes]:
    """icalendar alone: the same events as plain VCALENDARs (UTC times, no VTIMEZONE, no MIME)."""
    out = []
    for event, recipient in pairs:
        calendar = Calendar()
        calendar.add("PRODID", "-//bench//EN")
        calendar.add("VERSION", "2.0")
        calendar.add("METHOD", "REQUEST")
        vevent = Event()
        vevent.add("UID", event.uid)
        vevent.add("DTSTAMP", NOW)
        vevent.add("SEQUENCE", event.sequence)
        vevent.add("DTSTART", event.start.astimezone(UTC))
        vevent.add("DTEND", event.end.astimezone(UTC))
        vevent.add("SUMMARY", event.summary)
        vevent.add("DESCRIPTION", event.description)
        vevent.add("LOCATION", event.url)
        organizer = vCalAddress(f"mailto:{event.organizer_email}")
        organizer.params["CN"] = event.organizer_name
        vevent.add("ORGANIZER", organizer)
        attendee = vCalAddress(f"mailto:{recipient.email}")
        attendee.params["CN"] = recipient.name
        vevent.add("ATTENDEE", attendee)
        calendar.add_component(vevent)
        out.append(calendar.to_ical())
    return out


def _cpu_timed(function, *args):
    """(wall seconds, CPU seconds of this process, result); CPU time is steadier on busy hosts."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _send_interleaved(
    host: str, port: int, messages: list[OutgoingMessage], chunk: int = 250
) -> tuple[float, float]:
    """(SmtpTransport seconds, plain smtplib seconds) for all messages, each over one connection.

    Chunks alternate between the two clients so that a change of load on the host affects
    both alike; each client keeps its single connection for the whole run.
    """
    ours = floor = 0.0
    with (
        smtplib.SMTP(host, port, timeout=30) as conn,
        SmtpTransport(host, port, security="none", timeout=30) as transport,
    ):
        for start in range(0, len(messages), chunk):
            part = messages[start : start + chunk]
            began = time.perf_counter()
            for message in part:
                conn.sendmail(message.sender, list(message.recipients), message.mime)
            floor += time.perf_counter() - began
            began = time.perf_counter()
            results = transport.send_batch(part)
            ours += time.perf_counter() - began
            failed = [r for r in results if r.status != SendStatus.SENT]
            if failed:
                raise RuntimeError(f"{len(failed)} messages failed, first: {failed[0].error}")
    return ours, floor


def run() -> list[str]:
    """Run both comparisons and return printable lines with figures and ratios."""
    count = _count()
    pairs = _events(count)
    _build_ours(pairs[:20])  # warm caches (zones, Babel locale data) for both sides
    _build_floor(pairs[:20])
    floor_build, floor_cpu, _ = _cpu_timed(_build_floor, pairs)
    ours_build, ours_cpu, messages = _cpu_timed(_build_ours, pairs)
    average_kib = sum(len(m.mime) for m in messages) / len(messages) / 1024
    lines = [
        f"build {count} invitations (ICS+MIME): {ours_build:.3f} s wall, {ours_cpu:.3f} s CPU "
        f"({count / ours_build:,.0f}/s, {average_kib:.1f} KiB each)",
        f"floor icalendar serialize {count} events: {floor_build:.3f} s wall, "
        f"{floor_cpu:.3f} s CPU ({count / floor_build:,.0f}/s)",
        f"build ratio ours/floor: {ours_build / floor_build:.2f} (CPU: {ours_cpu / floor_cpu:.2f})",
    ]
    with running_smtp_server() as server:
        _send_interleaved(server.host, server.port, messages[:50])  # warm-up
        server.messages.clear()
        ours_send, floor_send = _send_interleaved(server.host, server.port, messages)
        delivered = len(server.messages)
    if delivered != 2 * count:
        raise RuntimeError(f"server received {delivered} messages, expected {2 * count}")
    lines += [
        f"send {count} via SmtpTransport: {ours_send:.3f} s ({count / ours_send:,.0f}/s)",
        f"floor smtplib loop, one connection: {floor_send:.3f} s ({count / floor_send:,.0f}/s)",
        f"send ratio ours/floor: {ours_send / floor_send:.2f}",
    ]
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
