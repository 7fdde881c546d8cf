"""Benchmark: annex (g) for 5,000 participants in DOCX and PDF (issue 9).

The floor is writing the same list as one plain table with python-docx directly (no grouping,
no headings, no sorting). Run: ``python -m bench annex`` (MEETINGCTL_BENCH_SCALE=0.1 shrinks it).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from datetime import date
from pathlib import Path

from docx import Document

from agenda import reference
from agenda.annex.document import build_annex
from agenda.annex.exporters.docx import write_annex_docx
from agenda.annex.exporters.pdf import write_annex_pdf
from agenda.annex.exporters.tables import participant_rows
from agenda.model.enums import Attendance, Gender
from agenda.model.orm import Organization, Person
from agenda.programme.templates import build_meeting

DEFAULT_PARTICIPANTS = 5_000
GIVEN = ["María", "José", "Lucía", "Ñeco", "Åsa", "Zoë", "Inés", "Óscar", "Ana", "Luis"]
FAMILY = [
    "Álvarez",
    "Ñúñez",
    "Núñez",
    "Østergaard",
    "Peña",
    "Silva",
    "Campbell",
    "Zúñiga",
    "Baptiste",
    "Gonçalves",
    "Quispe",
    "Muñoz",
]
CATEGORIES = ["member_state"] * 6 + [
    "un_system",
    "igo",
    "civil_society",
    "academia",
    "migrant_diaspora_org",
    "trade_unions",
    "associate_member",
]


def _scale() -> float:
    return float(os.environ.get("MEETINGCTL_BENCH_SCALE", "1.0") or 1.0)


def sample_people(count: int, seed: int = 9) -> list[Person]:
    """``count`` confirmed participants across all groups (transient objects, no database)."""
    rng = random.Random(seed)
    members = [c.iso2 for c in reference.countries() if c.eclac_status == reference.ECLAC_MEMBER]
    associates = [
        c.iso2 for c in reference.countries() if c.eclac_status == reference.ECLAC_ASSOCIATE
    ]
    organizations = {
        category: [
            Organization(name=f"{category.replace('_', ' ').title()} {n}", category=category)
            for n in range(12)
        ]
        for category in set(CATEGORIES)
    }
    heads: set[str] = set()
    people = []
    for index in range(count):
        category = rng.choice(CATEGORIES)
        country = rng.choice(associates if category == "associate_member" else members)
        governmental = category in ("member_state", "associate_member")
        people.append(
            Person(
                id=index + 1,
                given_name=rng.choice(GIVEN),
                family_name=rng.choice(FAMILY),
                honorific=rng.choice(["Sra.", "Sr.", "Ms.", "Mr."]),
                gender=rng.choice(list(Gender)),
                country=country,
                category=category,
                organization=rng.choice(organizations[category]),
                position=rng.choice(["Minister", "Director", "Adviser", "Coordinator"]),
                delegation=country if governmental else "",
                head_of_delegation=governmental and country not in heads,
                attendance=Attendance.CONFIRMED,
            )
        )
        if governmental:
            heads.add(country)
    return people


def floor_docx(rows: list[list[str]], path: Path) -> None:
    """The same list as one python-docx table written directly through the public API (the
    table is created with all its rows at once, which is faster than ``add_row`` per person)."""
    document = Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for table_row, row in zip(table.rows, rows, strict=True):
        for cell, value in zip(table_row.cells, row, strict=True):
            cell.text = value
    document.save(str(path))


def _timed(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run() -> list[str]:
    """Time annex assembly, DOCX and PDF writing, and the python-docx floor."""
    count = max(50, int(DEFAULT_PARTICIPANTS * _scale()))
    meeting = build_meeting(
        "gcm-regional-review",
        title_en="Regional review (bench)",
        title_es="Examen regional (bench)",
        start=date(2021, 4, 26),
        days=2,
        home_tz="America/Santiago",
        uid_domain="bench.invalid",
    )
    people = sample_people(count)
    annex_holder: dict[str, object] = {}
    build = _timed(
        lambda: annex_holder.setdefault(
            "annex", build_annex(meeting, meeting.sessions, people, "es", "confirmed")
        )
    )
    annex = annex_holder["annex"]
    rows = participant_rows(annex)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        floor = _timed(lambda: floor_docx(rows, here / "floor.docx"))
        docx_time = _timed(lambda: write_annex_docx(annex, here / "annex.docx"))  # type: ignore[arg-type]
        pdf_time = _timed(lambda: write_annex_pdf(annex, here / "annex.pdf"))  # type: ignore[arg-type]
        sizes = {name: (here / name).stat().st_size // 1024 for name in ("annex.docx", "annex.pdf")}
    return [
        f"participants: {count} ({len(rows)} listed, {len(annex.groups)} groups)",  # type: ignore[attr-defined]
        f"assemble annex (group, collate, translate): {build:.2f} s",
        f"floor: python-docx table written directly: {floor:.2f} s",
        f"annex DOCX: {docx_time:.2f} s ({sizes['annex.docx']} KiB), "
        f"ratio to floor {docx_time / floor:.2f}x "
        f"(with assembly {(docx_time + build) / floor:.2f}x)",
        f"annex PDF: {pdf_time:.2f} s ({sizes['annex.pdf']} KiB), "
        f"ratio to floor {pdf_time / floor:.2f}x",
    ]


if __name__ == "__main__":
    for line in run():
        print(line)
