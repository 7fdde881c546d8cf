"""What the exports use cases return (frozen views, no ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agenda.annex.headcount import Headcount, HeadcountWarning
from agenda.model.enums import Attendance

#: Who counts as a participant in the annex (``[exports] participants``, ``--participants``).
PARTICIPANT_CHOICES = tuple(a.value for a in Attendance)


@dataclass(frozen=True)
class AnnexResult:
    """An annex written: where, how, and who is in its list of participants."""

    path: Path
    fmt: str
    lang: str
    participants: str
    meeting_days: int
    preparatory_days: int
    headcount: Headcount
    warnings: tuple[HeadcountWarning, ...] = ()


@dataclass(frozen=True)
class ReportResult:
    """A report skeleton written (its annex counts ``participants``)."""

    path: Path
    lang: str
    participants: str
    headcount: Headcount
    warnings: tuple[HeadcountWarning, ...] = ()


@dataclass(frozen=True)
class CalendarResult:
    """The programme written as an iCalendar feed."""

    path: Path
    lang: str
    sessions: int
    warnings: tuple[HeadcountWarning, ...] = ()


@dataclass(frozen=True)
class RosterResult:
    """Everyone in the database written as CSV or XLSX."""

    path: Path
    fmt: str
    count: int
    warnings: tuple[HeadcountWarning, ...] = ()


@dataclass(frozen=True)
class InputsImportResult:
    """An inputs file read (and stored unless ``dry_run``)."""

    file: str
    valid: int
    dry_run: bool
    added: int = 0
    duplicates: int = 0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class InputCount:
    """How many inputs address one round table."""

    session_id: int
    title: str
    count: int


@dataclass(frozen=True)
class InputsSummary:
    """The inputs received, per round table (programme order), general ones, and in total."""

    round_tables: tuple[InputCount, ...]
    general: int
    total: int


@dataclass(frozen=True)
class SiteResult:
    """A site written: where, which version, what it holds."""

    path: Path
    version: int
    languages: tuple[str, ...]
    pages: int
    feeds: int
    size: int
    removed: int = 0
    base_url: str | None = None
    warnings: tuple[str, ...] = ()
