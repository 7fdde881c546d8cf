"""Access to the CSV/JSON files packaged in ``agenda/data``."""

from __future__ import annotations

import csv
import json
from importlib import resources
from typing import Any


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of the packaged CSV ``agenda/data/<name>`` as dictionaries."""
    text = resources.files("agenda").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def read_json(name: str) -> Any:
    """Parsed content of the packaged JSON ``agenda/data/<name>``."""
    text = resources.files("agenda").joinpath("data", name).read_text(encoding="utf-8")
    return json.loads(text)


def int_tuple(text: str) -> tuple[int, ...]:
    """Parse a space-separated list of integers ("1 3 17 23")."""
    return tuple(int(part) for part in text.split())
