"""Vocabularies of the balance fields of a person (issue 16), shared by the balance rules and
the people editing layer: government sectors and levels, age bands, self-identification."""

from __future__ import annotations

from typing import Final

SECTORS: Final = (
    "foreign_affairs",
    "interior_migration",
    "labour",
    "social_development",
    "health",
    "justice",
    "other",
)
LEVELS: Final = ("national", "local")
#: Age bands, chosen so that both youth definitions (15-24, 18-35) fall on band boundaries.
AGE_BANDS: Final = ("under_15", "15_17", "18_24", "25_35", "36_59", "60_plus")
SELF_IDENTIFICATION: Final = (
    "indigenous",
    "african_descent",
    "disability",
    "migrant_lived_experience",
)
