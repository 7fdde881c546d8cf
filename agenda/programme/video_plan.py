"""Which video meetings the programme needs, and what a sync must do to get there (pure).

One meeting per session (scope "session") or per meeting day (scope "day"). A fingerprint of
what the platform shows (title, times, agenda, interpretation) tells whether an update is due.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from agenda import reference
from agenda.model.enums import Modality, SessionKind
from agenda.model.orm import Meeting, Session
from agenda.programme.reading import meeting_day

Scope = Literal["session", "day"]
ActionKind = Literal["create", "update", "delete", "keep", "resume"]


@dataclass(frozen=True, slots=True)
class WantedMeeting:
    """A video meeting the programme needs."""

    scope_key: str
    title: str
    agenda: str
    start: datetime
    end: datetime
    session_ids: tuple[int, ...]
    interpretation_languages: tuple[str, ...] = ()

    @property
    def fingerprint(self) -> str:
        """Hash of everything the platform shows; a change means an update is due."""
        text = "|".join(
            [
                self.title,
                self.agenda,
                self.start.isoformat(),
                self.end.isoformat(),
                ",".join(self.interpretation_languages),
            ]
        )
        return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class ExistingLink:
    """A stored VideoLink, reduced to what planning needs."""

    id: int
    scope_key: str
    external_id: str
    fingerprint: str
    state: str


@dataclass(frozen=True, slots=True)
class SyncAction:
    """One step of a sync."""

    kind: ActionKind
    scope_key: str
    wanted: WantedMeeting | None = None
    existing: ExistingLink | None = None
    reasons: tuple[str, ...] = field(default=())


def needs_video(session: Session, meeting: Meeting) -> bool:
    """Breaks never get a link; in-person meetings get none."""
    return session.kind != SessionKind.BREAK and meeting.modality != Modality.IN_PERSON


def wanted_meetings(meeting: Meeting, sessions: list[Session], scope: Scope) -> list[WantedMeeting]:
    """The meetings the programme needs, in start order."""
    languages = tuple(
        dict.fromkeys(
            [*meeting.interpretation_languages, *meeting.optional_interpretation_languages]
        )
    )
    lang = meeting.default_language
    chosen = [s for s in sessions if needs_video(s, meeting)]
    if scope == "session":
        return [
            WantedMeeting(
                scope_key=s.uid,
                title=s.title(lang),
                agenda=_agenda(s, lang),
                start=s.start,
                end=s.end,
                session_ids=(s.id,),
                interpretation_languages=languages,
            )
            for s in sorted(chosen, key=lambda s: (s.start, s.id))
        ]
    by_day: dict[int, list[Session]] = {}
    for session in chosen:
        by_day.setdefault(meeting_day(meeting, session.start), []).append(session)
    wanted = []
    for day, items in sorted(by_day.items()):
        items.sort(key=lambda s: (s.start, s.id))
        label = (
            (f"Día {day}" if lang == "es" else f"Day {day}") if day >= 1 else items[0].title(lang)
        )
        wanted.append(
            WantedMeeting(
                scope_key=f"{meeting.slug}/day/{day}",
                title=f"{meeting.title(lang)} - {label}",
                agenda="\n".join(f"{s.title(lang)}" for s in items),
                start=min(s.start for s in items),
                end=max(s.end for s in items),
                session_ids=tuple(s.id for s in items),
                interpretation_languages=languages,
            )
        )
    return wanted


def _agenda(session: Session, lang: str) -> str:
    parts = [session.description_es if lang == "es" else session.description_en]
    if session.objectives:
        label = "Objetivos del Pacto Mundial" if lang == "es" else "Global Compact objectives"
        titles = "; ".join(f"{n}. {reference.objective(n).short(lang)}" for n in session.objectives)
        parts.append(f"{label}: {titles}")
    return "\n".join(p for p in parts if p)


def plan_sync(wanted: list[WantedMeeting], existing: list[ExistingLink]) -> list[SyncAction]:
    """Create what is missing, update what changed, delete what is no longer wanted."""
    by_key = {link.scope_key: link for link in existing}
    actions: list[SyncAction] = []
    for item in wanted:
        link = by_key.pop(item.scope_key, None)
        if link is None:
            actions.append(SyncAction("create", item.scope_key, wanted=item))
        elif link.state == "creating":
            actions.append(
                SyncAction(
                    "resume",
                    item.scope_key,
                    wanted=item,
                    existing=link,
                    reasons=("an earlier create did not finish",),
                )
            )
        elif link.fingerprint != item.fingerprint:
            actions.append(
                SyncAction(
                    "update",
                    item.scope_key,
                    wanted=item,
                    existing=link,
                    reasons=("time, title or agenda changed",),
                )
            )
        else:
            actions.append(SyncAction("keep", item.scope_key, wanted=item, existing=link))
    for link in by_key.values():
        actions.append(
            SyncAction(
                "delete", link.scope_key, existing=link, reasons=("no longer in the programme",)
            )
        )
    return actions
