"""Columns of an inputs file or questionnaire export: known headers in English and Spanish,
words of questionnaire questions, and the column mapping file (``inputs import --mapping``)."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from agenda.inputs.layouts import Table
from agenda.inputs.layouts import fold as _fold
from agenda.model.errors import ValidationError

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "organization": ("organization", "organisation", "organizacion", "org", "entity", "entidad"),
    "country": ("country", "pais"),
    "category": ("category", "stakeholder category", "categoria", "tipo de actor"),
    "objectives": (
        "objectives",
        "objectives addressed",
        "gcm objectives",
        "objetivos",
        "objetivos abordados",
    ),
    "text": ("text", "input", "contribution", "texto", "contribucion", "aporte"),
    "language": ("language", "idioma", "lang"),
}
REQUIRED = ("organization", "objectives", "text")


#: Words found in questionnaire questions ("Nombre de la organización", "¿Qué objetivos del
#: Pacto aborda?"): a header that is no exact alias takes the field whose word comes first.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "organization": (
        "organizacion", "organization", "organisation", "institucion", "institution", "entidad",
        "entity",
    ),
    "country": ("pais", "country", "nacionalidad"),
    "category": (
        "tipo de actor",
        "tipo actor",
        "type of stakeholder",
        "tipo de parte interesada", "tipo de organizacion", "tipo de institucion", "categoria",
        "category", "stakeholder type", "type of organization", "type of organisation",
        "sector",
    ),
    "objectives": ("objetivo", "objective"),
    "text": ("contribucion", "contribution", "aporte", "input", "texto"),
    "language": ("idioma", "language", "lengua"),
}  # fmt: skip
FIELDS = tuple(HEADER_ALIASES)
IGNORE = "ignore"


def _keyword_field(header: str) -> str | None:
    folded = _fold(header)
    best: tuple[int, int, str] | None = None
    for key, words in HEADER_WORDS.items():
        for word in words:
            at = folded.find(word)
            if at >= 0 and (best is None or (at, -len(word)) < best[:2]):
                best = (at, -len(word), key)
    return best[2] if best else None


def columns_of(
    table: Table, source: str, mapping: Mapping[str, str] | None = None
) -> dict[str, list[int]]:
    """Field -> column positions: the mapping first (by header, id or ImportId), then the
    known headers, then words in the question. Several columns may be mapped to ``text``
    (their answers are joined)."""
    overrides = {_fold(name): key for name, key in (mapping or {}).items()}
    positions: dict[str, list[int]] = {}
    taken: set[int] = set()
    names = [[_fold(name) for name in table.names(i)] for i in range(len(table.header))]
    unused = set(overrides)
    for position, known in enumerate(names):
        for name in known:
            if name in overrides:
                unused.discard(name)
                mapped = overrides[name]
                taken.add(position)
                if mapped != IGNORE and (mapped == "text" or mapped not in positions):
                    positions.setdefault(mapped, []).append(position)
                break
    if unused:
        raise ValidationError(
            f"{source}: the mapping names column(s) {', '.join(sorted(map(repr, unused)))} "
            f"that the file does not have; its columns are "
            f"{', '.join(repr(h) for h in table.header) or 'none'}"
        )
    for rule in ("alias", "words"):
        for position, known in enumerate(names):
            if position in taken:
                continue
            found: str | None = None
            if rule == "alias":
                found = next(
                    (k for name in known for k, al in HEADER_ALIASES.items() if name in al), None
                )
            elif table.header[position].strip():
                found = _keyword_field(table.header[position])
            if found is not None and found not in positions:
                positions[found] = [position]
                taken.add(position)
    missing = [key for key in REQUIRED if key not in positions]
    if missing:
        raise ValidationError(
            f"{source}: missing column(s) {', '.join(missing)}; the header row has "
            f"{', '.join(repr(n) for n in table.header) or 'no columns'}. Expected columns: "
            "organization, country, category, objectives, text (Spanish headers work too; "
            "map a questionnaire's columns with --mapping FILE)"
        )
    return positions


def load_inputs_mapping(path: str | os.PathLike[str]) -> dict[str, str]:
    """A column mapping file for ``inputs import`` (TOML, or JSON): ``"question" = "field"``
    pairs at top level or under ``[columns]``; fields are organization, country, category,
    objectives, text, language or ``ignore``. Raises ValidationError naming the file."""
    file = Path(path)
    try:
        text = file.read_bytes().decode("utf-8-sig")
        data = json.loads(text) if file.suffix.lower() == ".json" else tomllib.loads(text)
    except OSError as exc:
        raise ValidationError(f"mapping file {file}: {exc.strerror}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(f"mapping file {file} is not valid TOML/JSON: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("columns"), dict):
        data = data["columns"]
    if not isinstance(data, dict):
        raise ValidationError(f"mapping file {file}: expected a table of column = field pairs")
    valid = (*FIELDS, IGNORE)
    for column, key in data.items():
        if key not in valid:
            raise ValidationError(
                f"mapping file {file}: column {column!r} is mapped to {key!r}; use one of "
                f"{', '.join(valid)}"
            )
    return {str(column): str(key) for column, key in data.items()}
