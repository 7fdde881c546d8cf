"""The outcome report skeleton (DOCX): sections (a) to (g) of the concept note, (g) filled in.

(a) Introduction carries the participation figures (by country, region, gender and stakeholder
category: a table each, and bar charts); (c) Key findings has a heading per round table with its
objectives, chair and speakers, room for the rapporteur's text and the stakeholder inputs
received on its objectives; (g) is the annex (organization of work and list of participants).
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from sqlalchemy.orm import Session as DbSession

from agenda import reference
from agenda.annex.cover import CoverInfo
from agenda.annex.document import Annex, agenda_item, build_annex, load_people
from agenda.annex.exporters import check_output_path, write_output
from agenda.annex.exporters.chart import bar_chart_png
from agenda.annex.exporters.docx import (
    StyleCache,
    add_annex,
    add_cover,
    add_row,
    new_document,
    page_break,
    repeat_header,
)
from agenda.annex.groups import DEFAULT_SECRETARIAT
from agenda.annex.inputs import general_inputs, inputs_by_round_table, load_inputs, round_tables
from agenda.annex.participants import country_name
from agenda.i18n.catalog import tr
from agenda.i18n.export import collation_key, label, localized
from agenda.model.enums import Attendance, Gender
from agenda.model.orm import Meeting, Person, Session, StakeholderInput
from agenda.programme.reading import load_sessions

SECTIONS: tuple[str, ...] = ("a", "b", "c", "d", "e", "f", "g")


@dataclass(frozen=True)
class Breakdown:
    """Participants counted by one dimension: (label, count) rows, largest first."""

    title: str
    rows: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        """Sum of the rows."""
        return sum(count for _, count in self.rows)


def _region_label(person: Person, lang: str) -> str:
    if not person.country:
        return label("no_country", lang)
    try:
        item = reference.country(person.country)
    except KeyError:
        return label("no_country", lang)
    if item.region in reference.LAC_REGIONS:
        return reference.region(item.region).name(lang)
    return label("outside_region", lang)


def _category_label(person: Person, lang: str) -> str:
    try:
        return reference.category(person.category).label(lang)
    except KeyError:
        return reference.category("other").label(lang)


def _rows(counter: Counter[str], lang: str) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], collation_key(kv[0], lang))))


def participation(people: Sequence[Person], lang: str) -> list[Breakdown]:
    """Participants by country, region, gender and stakeholder category, in ``lang``."""
    gender_order = [g.value for g in Gender]
    genders = Counter(Gender(p.gender or Gender.UNKNOWN).value for p in people)
    return [
        Breakdown(
            label("by_country", lang),
            _rows(Counter(country_name(p.country, lang) for p in people), lang),
        ),
        Breakdown(
            label("by_region", lang), _rows(Counter(_region_label(p, lang) for p in people), lang)
        ),
        Breakdown(
            label("by_gender", lang),
            tuple((label(f"gender_{g}", lang), genders[g]) for g in gender_order if genders[g]),
        ),
        Breakdown(
            label("by_category", lang),
            _rows(Counter(_category_label(p, lang) for p in people), lang),
        ),
    ]


def _placeholder(styles: StyleCache, key: str, lang: str) -> None:
    styles.add(label(key, lang)).runs[0].italic = True


def _add_breakdown(
    styles: StyleCache, breakdown: Breakdown, lang: str, figure: int, source: str
) -> None:
    """A table of the breakdown and, when ``figure`` > 0, its chart as "Figure N" with the
    title above and the source below, as ECLAC documents print figures."""
    styles.add(breakdown.title, styles.heading[3])
    table = styles.table(1, 2)
    header = table.rows[0].cells
    header[0].text, header[1].text = breakdown.title, label("count", lang)
    for name, count in breakdown.rows:
        cells = add_row(table)
        cells[0].text, cells[1].text = name, str(count)
    cells = add_row(table)
    cells[0].text, cells[1].text = label("total", lang), str(breakdown.total)
    repeat_header(table)
    if figure and breakdown.rows:
        caption = styles.add(tr(lang, "Figure {number}").format(number=figure))  # es: Gráfico
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.paragraph_format.keep_with_next = True
        title = styles.add(breakdown.title)
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.runs[0].bold = True
        title.paragraph_format.keep_with_next = True
        image = bar_chart_png("", [r[0] for r in breakdown.rows], [r[1] for r in breakdown.rows])
        styles.document.add_picture(io.BytesIO(image), width=Cm(15))
        styles.document.paragraphs[-1].paragraph_format.keep_with_next = True
        # es: Fuente: {source}
        styles.add(tr(lang, "Source: {source}").format(source=source)).runs[0].font.size = Pt(8)


def _add_round_table(
    styles: StyleCache,
    meeting: Meeting,
    session: Session,
    inputs: Iterable[StakeholderInput],
    lang: str,
) -> None:
    item = agenda_item(meeting, session, lang)
    styles.add(item.title, styles.heading[2])
    for line in item.detail_lines:
        styles.add(line)
    _placeholder(styles, "rapporteur_placeholder", lang)
    styles.add(label("inputs_received", lang), styles.heading[3])
    _add_inputs(styles, inputs, lang)


def _add_inputs(styles: StyleCache, inputs: Iterable[StakeholderInput], lang: str) -> None:
    """One bullet per input: organization, country, category, objectives, then the text."""
    received = list(inputs)
    if not received:
        _placeholder(styles, "no_inputs", lang)
    for entry in received:
        where = ", ".join(
            x
            for x in (
                country_name(entry.country, lang) if entry.country else "",
                _input_category(entry, lang),
            )
            if x
        )
        numbers = sorted(entry.objectives or [])
        objectives = ", ".join(str(n) for n in numbers)
        heading = label("objective_one" if len(numbers) == 1 else "objectives", lang)
        about = "; ".join(x for x in (where, f"{heading} {objectives}" if numbers else "") if x)
        paragraph = styles.add(style_id=styles.ids["List Bullet"])
        paragraph.add_run(f"{entry.organization} ({about}): ").bold = True
        paragraph.add_run(entry.text)


def _input_category(entry: StakeholderInput, lang: str) -> str:
    try:
        return reference.category(entry.category).label(lang)
    except KeyError:
        return entry.category


def build_report(
    meeting: Meeting,
    sessions: Sequence[Session],
    annex: Annex,
    inputs: Sequence[StakeholderInput],
    *,
    charts: bool = True,
) -> DocxDocument:
    """The report skeleton as a python-docx Document in the annex's language."""
    lang = annex.lang
    title = localized(meeting.title_en, meeting.title_es, lang)
    document = new_document(lang, f"{label('report_title', lang)} – {title}")
    document.core_properties.author = annex.author
    document.core_properties.subject = label("report_title", lang)
    styles = StyleCache(document, 1)
    add_cover(document, annex.cover)
    styles.add(title, styles.ids["Title"])
    styles.add(label("report_title", lang), styles.ids["Subtitle"])
    by_session = inputs_by_round_table(sessions, inputs)
    for letter in SECTIONS:
        if letter == "g":
            page_break(document)  # the annex starts on a new page
        styles.add(label(f"section_{letter}", lang), styles.heading[1])
        if letter == "g":
            add_annex(document, annex, base_level=1, title=False)
            continue
        _placeholder(styles, "placeholder", lang)
        if letter == "a":
            styles.add(label("participation", lang), styles.heading[2])
            styles.add(annex.counted_note)
            styles.add(label("total_participants", lang, count=len(annex.people)))
            source = tr(lang, "{organizers}, on the basis of the registration records.").format(
                organizers=annex.author or title
            )  # es: {organizers}, sobre la base de los registros de inscripción.
            for number, breakdown in enumerate(participation(annex.people, lang), start=1):
                _add_breakdown(styles, breakdown, lang, number if charts else 0, source)
        if letter == "c":
            for session in round_tables(sessions):
                _add_round_table(styles, meeting, session, by_session.get(session.id, []), lang)
            general = general_inputs(sessions, inputs)
            if general:
                styles.add(label("general_inputs", lang), styles.heading[2])
                _add_inputs(styles, general, lang)
    return document


def write_report(
    db: DbSession,
    meeting: Meeting,
    lang: str,
    path: str | os.PathLike[str],
    *,
    participants: Attendance | str = Attendance.CONFIRMED,
    force: bool = False,
    author: str = "",
    secretariat: tuple[str, ...] = DEFAULT_SECRETARIAT,
    cover: CoverInfo | None = None,
) -> Path:
    """Load everything for ``meeting`` and write the report skeleton DOCX to ``path``."""
    check_output_path(path, force=force)
    sessions = load_sessions(db, meeting)
    annex = build_annex(
        meeting,
        sessions,
        load_people(db),
        lang,
        participants,
        author=author,
        secretariat=secretariat,
        cover=cover,
    )
    inputs = load_inputs(db, meeting)
    return write_output(
        path,
        lambda temp: build_report(meeting, sessions, annex, inputs).save(str(temp)),
        force=force,
    )
