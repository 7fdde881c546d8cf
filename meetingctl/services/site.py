"""The static programme site (`meetingctl export site`): the latest PUBLISHED version only.

Loads the published snapshot (never the unpublished edits), the people it names, the
stakeholder inputs and, when ``[site] show_participants``, the people who count as
participants; :func:`agenda.site.render.build_site` turns them into files, which are written
into the folder only once everything rendered. A folder written before by this command is
updated in place (files of sessions no longer published are removed, the feed URLs stay the
same); any other non-empty folder is refused unless ``force``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from agenda import reference
from agenda.annex.document import load_people
from agenda.annex.inputs import load_inputs
from agenda.model import audit
from agenda.model.enums import Modality
from agenda.model.errors import ValidationError
from agenda.model.orm import Meeting
from agenda.people.attendance import counts_as_participant
from agenda.programme.published import ProgrammeSnapshot
from agenda.programme.versions import get_version
from agenda.site import paths
from agenda.site.model import MeetingInfo, SiteOptions, SiteSource
from meetingctl.services.exports_views import SiteResult

if TYPE_CHECKING:
    from meetingctl.context import AppContext

#: The file listing what the last export wrote (so a re-export can remove stale pages).
MANIFEST = ".meetingctl-site"

Progress = Callable[[float], None]


def parse_languages(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"en,es"`` (or a sequence) as site languages; unknown or empty ones are refused."""
    if value is None:
        return paths.SITE_LANGUAGES
    items = value.split(",") if isinstance(value, str) else list(value)
    wanted = tuple(dict.fromkeys(item.strip().lower() for item in items if item.strip()))
    unknown = [lang for lang in wanted if lang not in paths.SITE_LANGUAGES]
    if unknown or not wanted:
        raise ValidationError(
            f"--lang {','.join(items) if items else '(empty)'}: the site is written in "
            f"{' and/or '.join(paths.SITE_LANGUAGES)} (e.g. --lang en,es)"
        )
    return wanted


def region_zones(home_tz: str) -> tuple[str, ...]:
    """The zones the visitor can pick: the home zone and every zone of the region's countries."""
    zones = {zone for country in reference.lac_countries() for zone in country.zones}
    return tuple(sorted(zones | {home_tz}))


def _meeting_info(meeting: Meeting, recorded: object) -> MeetingInfo:
    """The meeting as the version recorded it; keys an older snapshot lacks come from now."""
    data = recorded if isinstance(recorded, dict) else {}
    start = data.get("start_date")
    return MeetingInfo(
        title_en=str(data.get("title_en") or meeting.title_en),
        title_es=str(data.get("title_es") or meeting.title_es or ""),
        home_tz=str(data.get("home_tz") or meeting.home_tz),
        start_date=date.fromisoformat(str(start)) if start else meeting.start_date,
        days=int(str(data.get("days") or meeting.days)),
        modality=Modality(str(data.get("modality") or meeting.modality.value)),
        venue=meeting.venue or "",
    )


def _check_folder(folder: Path, *, force: bool) -> set[str]:
    """The folder must be new, empty, a previous site (its manifest) or ``force``d; returns
    the files the previous export wrote."""
    if folder.exists() and not folder.is_dir():
        raise ValidationError(f"{folder} is a file, not a folder: choose a folder for the site")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise ValidationError(
                f"{folder.parent} does not exist: create it first or choose another -o FOLDER"
            )
        return set()
    manifest = folder / MANIFEST
    if manifest.is_file():
        return {line for line in manifest.read_text("utf-8").splitlines() if line.strip()}
    if any(folder.iterdir()) and not force:
        raise ValidationError(
            f"{folder} is not empty and was not written by `meetingctl export site`: choose an "
            "empty or new folder, or pass --force to write into it"
        )
    return set()


def _safe_member(folder: Path, name: str) -> Path | None:
    """A manifest entry as a path inside ``folder`` (None when it points elsewhere)."""
    target = (folder / name).resolve()
    return target if target.is_relative_to(folder.resolve()) else None


class SiteService:
    """The static programme site."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def export(
        self,
        output: str | Path,
        *,
        languages: str | Sequence[str] | None = None,
        base_url: str | None = None,
        force: bool = False,
        progress: Progress | None = None,
    ) -> SiteResult:
        """Write the site of the latest published version into the folder ``output``.

        Languages default to English and Spanish; ``base_url`` (else ``[site] base_url``) gives
        absolute ``webcal:`` links. What it shows of people follows ``[site]``. Audited as
        ``export.site``.
        """
        from agenda.site.render import FeedContext, build_site
        from meetingctl.delivery.building import organizer

        step = progress or (lambda _fraction: None)
        wanted = parse_languages(languages)
        url = base_url if base_url is not None else self.ctx.config.site.base_url
        if url:
            try:
                url = paths.check_base_url(url)
            except ValueError as exc:
                raise ValidationError(f"--base-url: {exc}") from None
        folder = self.ctx.services.exports.output_path(output)
        previous = _check_folder(folder, force=force)
        settings = self.ctx.config.site
        options = SiteOptions(
            languages=wanted,
            base_url=url or None,
            show_participants=settings.show_participants,
            show_video_links=settings.show_video_links,
            show_emails=settings.show_emails,
        )
        counted = self.ctx.config.exports.participants
        with self.ctx.transaction() as db:
            meeting = self.ctx.meeting(db)
            version = get_version(db, meeting)
            step(0.1)
            people = load_people(db)
            info = _meeting_info(meeting, version.snapshot.get("meeting"))
            source = SiteSource(
                meeting=info,
                programme=ProgrammeSnapshot.parse(version.snapshot),
                version=version.number,
                people={p.id: p for p in people},
                inputs=tuple(load_inputs(db, meeting)),
                participants=tuple(p for p in people if counts_as_participant(p, counted))
                if options.show_participants
                else (),
                zones=region_zones(info.home_tz),
            )
            files = build_site(
                source,
                options,
                FeedContext(organizer(self.ctx.config), version.published_at),
                progress=lambda f: step(0.1 + 0.7 * f),
            )
            removed = self._write(folder, files, previous)
            audit.record(
                db,
                self.ctx.actor,
                "export.site",
                "meeting",
                meeting.id,
                version=version.number,
                languages=list(wanted),
                files=len(files),
                path=str(folder),
            )
            number = version.number
        step(1.0)
        return SiteResult(
            path=folder,
            version=number,
            languages=wanted,
            pages=sum(1 for name in files if name.endswith(".html")),
            feeds=sum(1 for name in files if name.endswith(".ics")),
            size=sum(len(data) for data in files.values()),
            removed=removed,
            base_url=options.base_url,
        )

    @staticmethod
    def _write(folder: Path, files: dict[str, bytes], previous: set[str]) -> int:
        """Write every file (through a temporary name, then rename), drop stale ones."""
        folder.mkdir(exist_ok=True)
        for name, data in sorted(files.items()):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(target.name + ".tmp")
            temporary.write_bytes(data)
            temporary.replace(target)
        removed = 0
        for name in sorted(previous - set(files)):
            stale = _safe_member(folder, name)
            if stale is not None and stale.is_file():
                stale.unlink()
                removed += 1
        (folder / MANIFEST).write_text("\n".join(sorted(files)) + "\n", encoding="utf-8")
        return removed
