"""The 23 GCM objectives, the five thematic areas and the four IMRF 2022 round tables."""

from __future__ import annotations

from functools import cache

from agenda.reference._files import int_tuple, read_csv
from agenda.reference.models import Objective, RoundTable, ThematicArea


@cache
def objectives() -> tuple[Objective, ...]:
    """The 23 objectives of the Global Compact for Migration, ordered by number."""
    return tuple(
        Objective(
            number=int(row["number"]),
            title_en=row["title_en"],
            title_es=row["title_es"],
            short_en=row["short_label_en"],
            short_es=row["short_label_es"],
            thematic_areas=int_tuple(row["thematic_areas"]),
            imrf_round_table=int(row["imrf_2022_round_table"]),
        )
        for row in read_csv("gcm_objectives.csv")
    )


def objective(number: int) -> Objective:
    """Objective ``number`` (1-23); raises KeyError naming the valid range otherwise."""
    for item in objectives():
        if item.number == number:
            return item
    raise KeyError(f"GCM objective {number!r} does not exist: objectives are numbered 1 to 23")


@cache
def thematic_areas() -> tuple[ThematicArea, ...]:
    """The five thematic areas of concept note annex 1 (objective 23 belongs to all five)."""
    return tuple(
        ThematicArea(
            number=int(row["number"]),
            title_en=row["title_en"],
            title_es=row["title_es"],
            objectives=int_tuple(row["objectives"]),
        )
        for row in read_csv("thematic_areas.csv")
    )


def thematic_area(number: int) -> ThematicArea:
    """Thematic area ``number`` (1-5); raises KeyError otherwise."""
    for item in thematic_areas():
        if item.number == number:
            return item
    raise KeyError(f"thematic area {number!r} does not exist: areas are numbered 1 to 5")


@cache
def imrf_round_tables() -> tuple[RoundTable, ...]:
    """The four IMRF 2022 round tables, with the objectives each one covered."""
    by_table: dict[int, list[int]] = {}
    for item in objectives():
        by_table.setdefault(item.imrf_round_table, []).append(item.number)
    return tuple(
        RoundTable(
            number=int(row["number"]),
            title_en=row["title_en"],
            title_es=row["title_es"],
            objectives=tuple(sorted(by_table.get(int(row["number"]), []))),
        )
        for row in read_csv("imrf_round_tables.csv")
    )
