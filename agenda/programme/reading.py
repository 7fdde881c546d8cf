"""Reading the programme: loading sessions with their people, and the agenda document
(the JSON schema of `agenda show --format json`, documented in docs/agenda-json.md) with its
text form."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from agenda.i18n import labels
from agenda.i18n.export import long_date
from agenda.model.enums import InvitationStatus, Role, SessionKind
from agenda.model.orm import Meeting, RoleAssignment, Session
from agenda.time.policy import person_zone
from agenda.time.zones import to_zone, utc_offset_label, validate_zone

SCHEMA_VERSION = 1

#: Shown before a Spanish text that is missing and replaced by the English one.
FALLBACK_MARK = "[EN] "


def role_label(role: Role | str, lang: str = "en") -> str:
    """A role as words inside a sentence ('keynote speaker' / 'orador/a principal')."""
    return labels.role_label(lang, role, lower=True)


def status_label(status: InvitationStatus | str, lang: str = "en") -> str:
    """An invitation status inside a sentence (Spanish refers to *la persona*: 'aceptada')."""
    return labels.status_label(lang, status, lower=True)


def localized(texts: dict[str, str], lang: str = "en") -> str:
    """``texts[lang]``, or the English text marked ``[EN]`` when the translation is missing."""
    text = texts.get(lang) or ""
    if text.strip():
        return text
    english = texts.get("en") or ""
    return f"{FALLBACK_MARK}{english}" if lang != "en" and english else english


def kind_label(kind: SessionKind, lang: str = "en") -> str:
    """The human label of a session kind ('Round table' / 'Mesa redonda')."""
    return labels.kind_label(lang, kind)


def load_sessions(db: DbSession, meeting: Meeting) -> list[Session]:
    """All sessions of ``meeting`` in start order, with assignments and people loaded."""
    query = (
        select(Session)
        .where(Session.meeting_id == meeting.id)
        .options(selectinload(Session.assignments).selectinload(RoleAssignment.person))
        .order_by(Session.start, Session.track, Session.id)
    )
    return list(db.scalars(query))


def meeting_day(meeting: Meeting, moment: datetime) -> int:
    """1-based meeting day of ``moment`` in the home zone (0 or negative: before the meeting)."""
    local = to_zone(moment, meeting.home_tz).date()
    return (local - meeting.start_date).days + 1


def agenda_document(
    meeting: Meeting, sessions: list[Session], tz: str | None = None
) -> dict[str, Any]:
    """The programme as a JSON-ready dict; times are ISO 8601 with the offset of ``tz``."""
    zone_name = validate_zone(tz) if tz else meeting.home_tz
    return {
        "schema": SCHEMA_VERSION,
        "meeting": {
            "id": meeting.id,
            "slug": meeting.slug,
            "title": {"en": meeting.title_en, "es": meeting.title_es},
            "home_timezone": meeting.home_tz,
            "start_date": meeting.start_date.isoformat(),
            "days": meeting.days,
            "modality": meeting.modality.value,
        },
        "timezone": zone_name,
        "sessions": [_session_entry(meeting, s, zone_name) for s in sessions],
    }


def _session_entry(meeting: Meeting, session: Session, zone_name: str) -> dict[str, Any]:
    return {
        "id": session.id,
        "uid": session.uid,
        "kind": session.kind.value,
        "title": {"en": session.title_en, "es": session.title_es},
        "day": meeting_day(meeting, session.start),
        "start": to_zone(session.start, zone_name).isoformat(),
        "end": to_zone(session.end, zone_name).isoformat(),
        "track": session.track,
        "thematic_area": session.thematic_area,
        "objectives": session.objectives,
        "video_url": session.video_url,
        "version": session.version,
        "roles": [
            {
                "assignment_id": a.id,
                "role": a.role.value,
                "person_id": a.person_id,
                "name": a.person.full_name,
                "country": a.person.country,
                "status": a.status.value,
                **_local(
                    session, person_zone(a.person.timezone, a.person.country, meeting.home_tz)
                ),
            }
            for a in session.assignments
        ],
    }


def _local(session: Session, zone_name: str) -> dict[str, str]:
    """The person's zone and the session's start and end on their own clock."""
    return {
        "timezone": zone_name,
        "local_start": to_zone(session.start, zone_name).isoformat(),
        "local_end": to_zone(session.end, zone_name).isoformat(),
    }


def render_text(document: dict[str, Any], lang: str = "en") -> str:
    """A plain-text agenda grouped by day, for terminals and pipes."""
    meeting = document["meeting"]
    zone_name = document["timezone"]
    title = localized(meeting["title"], lang)
    lines = [title, f"{'Times in' if lang == 'en' else 'Horas en'} {zone_name}", ""]
    current_day: int | None = None
    for entry in document["sessions"]:
        start = datetime.fromisoformat(entry["start"])
        end = datetime.fromisoformat(entry["end"])
        if entry["day"] != current_day:
            current_day = entry["day"]
            label = (
                ("Day" if lang == "en" else "Día")
                if current_day >= 1
                else ("Before the meeting" if lang == "en" else "Antes de la reunión")
            )
            heading = f"{label} {current_day}" if current_day >= 1 else label
            day_name = long_date(start.date(), lang, weekday=True)
            lines += ["", f"{heading} - {day_name} ({utc_offset_label(start, zone_name)})"]
        session_title = localized(entry["title"], lang)
        track = f" [{entry['track']}]" if entry["track"] else ""
        lines.append(f"  {start:%H:%M}-{end:%H:%M}{track}  {session_title}  (#{entry['id']})")
        if entry["objectives"]:
            label = "Objectives" if lang == "en" else "Objetivos"
            lines.append(f"      {label}: {', '.join(str(n) for n in entry['objectives'])}")
        if entry["video_url"]:
            lines.append(f"      {'Video' if lang == 'en' else 'Vídeo'}: {entry['video_url']}")
        for role in entry["roles"]:
            lines.append(
                f"      {role_label(role['role'], lang)}: {role['name']} "
                f"({role['country'] or '-'}) [{status_label(role['status'], lang)}]"
            )
    return "\n".join(lines).strip() + "\n"
