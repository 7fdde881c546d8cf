"""Values an import could not read, grouped by distinct value, and the value mapping that
resolves each of them once ("Autoridades municipales" x 14 -> local_authorities).

A value mapping is ``{field: {folded value: key}}`` for the fields ``country`` (ISO alpha-2),
``category`` (stakeholder category key) and ``gender``. It is read from the ``[values.<field>]``
tables of a mapping file (the same TOML file as the ``[columns]`` mapping), written by
:func:`write_mapping_file` with one line per unknown value, and stored per meeting by the
application (``value_mapping`` table) so the next import reuses it.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path

from agenda.i18n.catalog import N_, tr
from agenda.people.messages import PeopleFileError
from agenda.people.normalize import (
    GENDERS,
    fold_key,
    normalize_category,
    normalize_country,
    read_gender,
    suggest_countries,
)
from agenda.people.records import ParseResult, RowError

MAPPABLE_FIELDS: tuple[str, ...] = ("country", "category", "gender")
ValueMap = dict[str, dict[str, str]]
#: Row error / warning codes of agenda.people.messages -> the field whose value was unreadable.
_CODES = {
    "country": "country",
    "country_suggest": "country",
    "category": "category",
    "gender_unknown": "gender",
}
_ROWS_KEPT = 20


class ValueMappingError(PeopleFileError):
    """A value mapping that cannot be used (unknown field, or a target that is not a key)."""

    def __init__(self, source: object, template: str, **params: object) -> None:
        self.template = template
        super().__init__("mapping_invalid", source, **params)

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``, prefixed with the file name."""
        return f"{self.source}: {tr(lang, self.template).format(**self.params)}"


@dataclass
class UnknownValue:
    """One distinct unreadable value: its field, the text as first seen, how many rows hold
    it, the first of those rows, and close matches (countries: "Name (CODE)")."""

    field: str
    value: str
    count: int = 0
    rows: list[int] = dc_field(default_factory=list)
    suggestions: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The folded value: what a mapping is keyed on."""
        return fold_key(self.value)


def _value_of(error: RowError) -> str:
    params = dict(error.params)
    return str(params.get("value", error.value))


def group_unknowns(parsed: ParseResult, lang: str = "en") -> list[UnknownValue]:
    """The unreadable country, category and gender values of ``parsed``, one entry per
    distinct (folded) value, most frequent first; rejected rows spooled to disk count too."""
    found: dict[tuple[str, str], UnknownValue] = {}
    problems: Iterable[RowError] = [error for error, _ in parsed.rejects()]
    for error in [*problems, *parsed.warnings]:
        name = _CODES.get(error.code)
        if name is None:
            continue
        value = _value_of(error)
        item = found.setdefault((name, fold_key(value)), UnknownValue(name, value))
        item.count += 1
        if len(item.rows) < _ROWS_KEPT:
            item.rows.append(error.row)
    for item in found.values():
        if item.field == "country":
            item.suggestions = tuple(suggest_countries(item.value, lang=lang))
    return sorted(found.values(), key=lambda item: (-item.count, item.field, item.key))


def resolve_target(name: str, target: str) -> str | None:
    """The stored key for a mapping target: an ISO code or country name, a category key or
    label, a gender value or label; None when ``target`` means nothing for ``name``."""
    if name == "country":
        return normalize_country(target)
    if name == "category":
        return normalize_category(target)
    if name == "gender":
        value = read_gender(target, "en").value
        return value if value != "unknown" or target.strip() == "unknown" else None
    return None


def validate_value_map(data: Mapping[str, object], source: str) -> ValueMap:
    """Check a ``{field: {value: target}}`` table (blank targets are skipped: still unknown);
    return it keyed by folded value. Raises ValueMappingError naming the field and value."""
    clean: ValueMap = {}
    for name, table in data.items():
        if name not in MAPPABLE_FIELDS or not isinstance(table, Mapping):
            raise ValueMappingError(
                source,
                N_("[values.{field}]: not a table of a known field; use {valid}"),
                field=name,
                valid=", ".join(f"[values.{item}]" for item in MAPPABLE_FIELDS),
            )
        for value, target in table.items():
            if not isinstance(target, str):
                target = ""
            if not target.strip():
                continue
            key = resolve_target(name, target)
            if key is None:
                raise ValueMappingError(
                    source,
                    N_(
                        "[values.{field}] {value!r} = {target!r}: {target!r} is not a {field} "
                        "key; write one of: {valid}"
                    ),
                    field=name,
                    value=value,
                    target=target,
                    valid=_valid_keys(name),
                )
            clean.setdefault(name, {})[fold_key(str(value))] = key
    return clean


def _valid_keys(name: str) -> str:
    if name == "country":
        return "an ISO code such as DO, or a country name"
    if name == "gender":
        return ", ".join(GENDERS)
    from agenda.reference import stakeholder_categories

    return ", ".join(item.key for item in stakeholder_categories())


def load_value_map(path: str | Path) -> ValueMap:
    """The ``[values.<field>]`` tables of a TOML (or JSON ``{"values": ...}``) mapping file;
    an empty map when the file has none. Raises PeopleFileError naming the file."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except OSError as exc:
        raise PeopleFileError("mapping_unreadable", path, reason=exc.strerror) from None
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PeopleFileError("mapping_invalid", path, reason=str(exc)) from None
    values = data.get("values") if isinstance(data, dict) else None
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise PeopleFileError("mapping_shape", path)
    return validate_value_map(values, str(path))


def value_texts(path: str | Path) -> dict[tuple[str, str], str]:
    """(field, folded value) -> the value as written in the mapping file (to show stored
    mappings as the organizer typed them); empty when the file has no values."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
        data = json.loads(text) if Path(path).suffix.lower() == ".json" else tomllib.loads(text)
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, dict):
        return {}
    return {
        (str(name), fold_key(str(value))): str(value)
        for name, table in values.items()
        if isinstance(table, dict)
        for value in table
    }


def merge_value_maps(*maps: ValueMap) -> ValueMap:
    """Later maps win value by value."""
    merged: ValueMap = {}
    for item in maps:
        for name, table in item.items():
            merged.setdefault(name, {}).update(table)
    return merged


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write_mapping_file(
    path: Path, unknowns: list[UnknownValue], columns: Mapping[str, str], lang: str = "en"
) -> int:
    """Write a mapping file: the ``[columns]`` the import used and one ``[values.<field>]``
    line per unknown value with a blank target to fill in (a comment gives the row count and
    close matches). Returns the number of values written."""
    lines = [
        "# " + tr(lang, "meetingctl people import: values that could not be read, one per line."),
        "# "
        + tr(
            lang,
            "Write the key after each '=' and import again with --mapping THIS_FILE; "
            "a blank value stays unknown.",
        ),
        "",
        "[columns]",
    ]
    lines += [f"{_toml_string(header)} = {_toml_string(name)}" for header, name in columns.items()]
    for name in MAPPABLE_FIELDS:
        group = [item for item in unknowns if item.field == name]
        if not group:
            continue
        lines += ["", f"# {tr(lang, 'Keys:')} {_valid_keys(name)}", f"[values.{name}]"]
        for item in group:
            note = tr(lang, "{count} row(s)").format(count=item.count)
            if item.suggestions:
                note += "; " + tr(lang, "did you mean {names}?").format(
                    names=", ".join(item.suggestions)
                )
            lines.append(f'{_toml_string(item.value)} = ""  # {note}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(unknowns)


def value_choices(
    name: str, lang: str = "en", suggestions: Iterable[str] = ()
) -> tuple[tuple[str, str], ...]:
    """``(label, key)`` options to pick a value for an unknown ``name`` value in a list: for a
    country its suggestions first ("Dominican Republic (DO)"), then the countries and
    territories of the region; stakeholder categories with their label; the gender values."""
    from agenda.reference import lac_countries, stakeholder_categories

    if name == "country":
        first = [item.rsplit("(", 1)[-1].rstrip(")") for item in suggestions]
        rest = sorted(lac_countries(), key=lambda item: fold_key(item.name(lang)))
        codes = first + [item.iso2 for item in rest if item.iso2 not in first]
        from agenda.reference import country

        return tuple((f"{country(code).name(lang)} ({code})", code) for code in codes)
    if name == "category":
        return tuple(
            (f"{item.label(lang)} ({item.key})", item.key) for item in stakeholder_categories()
        )
    return tuple((value, value) for value in GENDERS)
