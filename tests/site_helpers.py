"""A published 2025 meeting for the site tests: people on a round table, inputs, a video link,
and balance data that must never reach the site."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from agenda.model.enums import Attendance, Gender, InvitationStatus, Role, SessionKind
from agenda.model.orm import (
    Organization,
    Person,
    RoleAssignment,
    Session,
    StakeholderInput,
)
from agenda.programme.templates import build_meeting
from meetingctl.context import AppContext

#: Texts of people's private fields: none may appear anywhere in the site.
SECRETS = ("SECRET-NOTE-7781", "SECRET-ACCESS-5512")
VIDEO_URL = "https://meet.example.org/rt1-secret-room"
INPUT_TEXT = "Cities need data on returnees <b>now</b>"
UNPUBLISHED_TITLE = "Edited after publication, not published"


def build_published_meeting(ctx: AppContext, *, publish: bool = True) -> None:
    """A 2025 review in America/Santiago; round table 1 staffed; version 1 published, then an
    unpublished edit to round table 1's title."""
    with ctx.transaction() as db:
        meeting = build_meeting(
            "gcm-regional-review",
            title_en="Regional review 2025",
            title_es="Examen regional 2025",
            start=date(2025, 4, 28),
            days=2,
            home_tz="America/Santiago",
            uid_domain="site.invalid",
        )
        db.add(meeting)
        db.flush()
        org = Organization(name="Fundación Puentes", category="civil_society", country="MX")
        ministry = Organization(
            name="Ministry of Foreign Affairs of Haiti", category="member_state"
        )
        db.add_all([org, ministry])
        people = [
            Person(
                given_name="Ana",
                family_name="Moderadora-Test",
                gender=Gender.WOMAN,
                honorific="Ms.",
                country="MX",
                organization=org,
                category="civil_society",
                email="ana@example.org",
                is_youth=True,
                is_migrant=True,
                notes=SECRETS[0],
                accessibility=SECRETS[1],
                attendance=Attendance.CONFIRMED,
            ),
            Person(
                given_name="Jean",
                family_name="Baptiste",
                gender=Gender.MAN,
                country="HT",
                organization=ministry,
                category="member_state",
                delegation="HT",
                head_of_delegation=True,
                email="jean@example.org",
                attendance=Attendance.CONFIRMED,
            ),
            Person(
                given_name="Lia",
                family_name="Souza",
                gender=Gender.OTHER,
                country="BR",
                category="academia",
                attendance=Attendance.CONFIRMED,
            ),
        ]
        db.add_all(people)
        db.flush()
        table = next(s for s in meeting.sessions if s.kind == SessionKind.ROUND_TABLE)
        table.video_url = VIDEO_URL
        for person, role in zip(
            people, (Role.KEYNOTE_SPEAKER, Role.PANELLIST, Role.MODERATOR), strict=True
        ):
            db.add(
                RoleAssignment(
                    session_id=table.id,
                    person_id=person.id,
                    role=role,
                    status=InvitationStatus.CONFIRMED,
                )
            )
        db.add(
            StakeholderInput(
                meeting_id=meeting.id,
                organization="Red de Ciudades",
                country="CL",
                category="local_authorities",
                objectives=[1],
                text=INPUT_TEXT,
            )
        )
    if publish:
        ctx.services.programme.publish("v1", force=True)
        with ctx.transaction() as db:
            edited = db.scalars(select(Session).where(Session.kind == SessionKind.ROUND_TABLE))
            first = min(edited, key=lambda s: s.start)
            first.title_en = UNPUBLISHED_TITLE


def site_text(folder: Path) -> str:
    """Every file of the site as one text (for "never appears" checks)."""
    return "\n".join(
        p.read_text("utf-8", errors="replace") for p in sorted(folder.rglob("*")) if p.is_file()
    )
