"""Applying 5,000 iTIP replies fetched from a real IMAP server (Dovecot on loopback): fetch,
parse and apply (``ReplyService.fetch``: one transaction per message, status changes audited,
messages moved to the processed folder), against the floor of parsing the same messages with
the email package and icalendar alone. Interleaved pairs; median and min-max of the ratio.

Uses the server exported by ``.ci/run`` (``MEETINGCTL_TEST_IMAP_*``) or starts one
(``apt-get install -y dovecot-imapd``). ``MEETINGCTL_BENCH_SCALE`` scales the 5,000."""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar
from sqlalchemy import insert

from agenda.messaging.reply_build import reply_message
from agenda.model.enums import InvitationStatus, Role, SessionKind
from agenda.model.orm import Meeting, Person, RoleAssignment, Session
from agenda.model.uow import transaction
from integrations.mail.imap import ImapMailbox, ImapSettings
from meetingctl.config import parse_config
from meetingctl.context import AppContext
from meetingctl.db import make_engine, make_session_factory, upgrade
from meetingctl.secrets import Secrets
from tests.imap_server import ImapServer, start, stop

DEFAULT_REPLIES = 5000
ROUNDS = 3
PER_SESSION = 100
SECRET = "BENCH_IMAP_PASSWORD"


def _database(path: Path, count: int) -> None:
    """A meeting with ``count`` invited people spread over sessions of PER_SESSION."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    factory = make_session_factory(engine)
    start_at = datetime(2027, 4, 26, 14, tzinfo=UTC)
    with transaction(factory) as db:
        meeting = Meeting(
            slug="b", title_en="B", home_tz="America/Santiago", start_date=date(2027, 4, 26)
        )
        db.add(meeting)
        db.flush()
        sessions = (count + PER_SESSION - 1) // PER_SESSION
        db.execute(
            insert(Session),
            [
                {
                    "meeting_id": meeting.id,
                    "uid": f"s{n}@bench.invalid",
                    "kind": SessionKind.ROUND_TABLE,
                    "title_en": f"Round table {n}",
                    "start": start_at + timedelta(hours=n),
                    "end": start_at + timedelta(hours=n, minutes=50),
                }
                for n in range(sessions)
            ],
        )
        db.execute(
            insert(Person),
            [
                {
                    "given_name": f"P{n}",
                    "email": f"p{n}@bench.invalid",
                    "email_key": f"p{n}@bench.invalid",
                }
                for n in range(count)
            ],
        )
        ids = {s.uid: s.id for s in db.query(Session)}
        people = {p.email: p.id for p in db.query(Person)}
        db.execute(
            insert(RoleAssignment),
            [
                {
                    "session_id": ids[f"s{n // PER_SESSION}@bench.invalid"],
                    "person_id": people[f"p{n}@bench.invalid"],
                    "role": Role.PANELLIST,
                    "status": InvitationStatus.INVITED,
                    "position": n % PER_SESSION,
                }
                for n in range(count)
            ],
        )
    engine.dispose()


def _messages(count: int) -> list[bytes]:
    stamp = datetime(2026, 12, 1, 12, tzinfo=UTC)
    answers = ("ACCEPTED", "DECLINED", "TENTATIVE", "ACCEPTED")
    return [
        reply_message(
            uid=f"s{n // PER_SESSION}@bench.invalid",
            attendee=f"p{n}@bench.invalid",
            partstat=answers[n % 4],
            stamp=stamp + timedelta(seconds=n),
            comment="Gracias por la invitación" if n % 3 == 0 else "",
            subject=f"Aceptado: Mesa redonda {n // PER_SESSION}",
        )
        for n in range(count)
    ]


def _floor(messages: list[bytes]) -> int:
    """Parse with the email package and icalendar alone; returns the ATTENDEEs seen."""
    seen = 0
    for raw in messages:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                calendar = Calendar.from_ical(part.get_payload(decode=True))
                for event in calendar.walk("VEVENT"):
                    seen += 1 if event.get("ATTENDEE") is not None else 0
    return seen


def _settings(server: ImapServer, folder: str) -> ImapSettings:
    return ImapSettings(
        host=server.host,
        port=server.tls_port,
        username=server.user,
        password=server.password,
        folder=folder,
        processed_folder=f"{folder}-done",
        ca_bundle=server.ca_file,
    )


def _context(server: ImapServer, folder: str, url: str) -> AppContext:
    config = parse_config(
        {
            "replies": {
                "host": server.host,
                "port": server.tls_port,
                "username": server.user,
                "password_secret": SECRET,
                "folder": folder,
                "processed_folder": f"{folder}-done",
                "ca_bundle": server.ca_file,
            }
        }
    )
    context = AppContext(database_url=url)
    context.__dict__["config"] = config
    context.__dict__["secrets"] = Secrets({SECRET: server.password}, env={})
    return context


def _full(
    server: ImapServer, messages: list[bytes], template: Path, work: Path
) -> tuple[float, int]:
    folder = f"bench-{uuid.uuid4().hex[:8]}"
    with ImapMailbox(_settings(server, "INBOX")) as box:  # delivery is set-up, not timed
        box.ensure_folder(folder)
        for raw in messages:
            box.append(raw, folder)
    database = work / f"{folder}.sqlite"
    shutil.copy(template, database)
    context = _context(server, folder, f"sqlite:///{database}")
    try:
        started = time.perf_counter()
        report = context.services.replies.fetch()
        elapsed = time.perf_counter() - started
    finally:
        context.close()
    return elapsed, report.count("applied")


def run() -> list[str]:
    """Printable lines: fetch+parse+apply time, the parse-only floor, and their ratio."""
    scale = float(os.environ.get("MEETINGCTL_BENCH_SCALE", "1.0"))
    count = max(100, int(DEFAULT_REPLIES * scale))
    messages = _messages(count)
    with tempfile.TemporaryDirectory(prefix="meetingctl-bench-") as tmp:
        work = Path(tmp)
        template = work / "template.sqlite"
        _database(template, count)
        server, started_here = ImapServer.from_env(), None
        if server is None:
            # its own directory under /tmp: the mail processes must reach it (not under ``tmp``)
            started_here = Path(tempfile.mkdtemp(prefix="meetingctl-imap-"))
            server = start(started_here)
        try:
            fulls, floors, ratios = [], [], []
            for _ in range(ROUNDS):
                elapsed, applied = _full(server, messages, template, work)
                if applied != count:
                    raise RuntimeError(f"{applied} of {count} replies applied")
                t0 = time.perf_counter()
                if _floor(messages) != count:
                    raise RuntimeError("the floor did not see every reply")
                floor = time.perf_counter() - t0
                fulls.append(elapsed)
                floors.append(floor)
                ratios.append(elapsed / floor)
        finally:
            if started_here is not None:
                stop(started_here)
                shutil.rmtree(started_here, ignore_errors=True)
    return [
        f"{count} replies, {ROUNDS} interleaved pairs (SQLite, Dovecot over TLS on loopback)",
        f"fetch + parse + apply: median {statistics.median(fulls):.2f} s "
        f"({count / statistics.median(fulls):.0f} replies/s)",
        f"email + icalendar parse only: median {statistics.median(floors):.2f} s "
        f"({count / statistics.median(floors):.0f} replies/s)",
        f"ratio: median {statistics.median(ratios):.1f}x (min {min(ratios):.1f}x, "
        f"max {max(ratios):.1f}x)",
    ]
