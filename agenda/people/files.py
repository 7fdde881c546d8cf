"""Reading people (speaker roster) files exported by registration platforms: CSV or XLSX.

Rules:

* Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252/Latin-1 (with a
  warning). Delimiters: comma, semicolon, tab or pipe (sniffed).
* The header is the first non-blank row that names the required columns (title rows above it,
  up to ten, are skipped with a warning). Rows are numbered as the spreadsheet shows them
  (the first line of the file is row 1; file-level warnings use row 0). XLSX: the first sheet.
* Headers are recognized in English and Spanish, ignoring case and accents; a mapping (dict,
  or a TOML/JSON file) overrides them.
* Required: given name, family name, e-mail. A row is rejected (listed in ``errors`` with row,
  column and reason) when a cell looks like a spreadsheet formula (starts with = + - @; a phone
  number may start with +), holds line breaks or control characters, the e-mail is invalid,
  the country, category, yes/no value or time zone is not recognized.
* Duplicates (same e-mail ignoring case): the first row wins. A later row with identical values
  is dropped with a warning; a later row with different values is rejected naming the first row
  and the differing columns. Nothing is merged automatically.
* Gender is never guessed; see agenda.people.normalize.read_gender.
* Files above ``max_bytes`` are refused before reading; others are streamed row by row.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from agenda.people.columns import (
    FIELDS,
    REQUIRED_FIELDS,
    SPANISH_HEADERS,
    MissingColumnsError,
    PeopleFileError,
    load_mapping,
    resolve_columns,
    validate_mapping,
)
from agenda.people.export import export_roster, write_rejects_csv
from agenda.people.normalize import (
    fold_key,
    normalize_category,
    normalize_country,
    normalize_email,
    read_gender,
    suggest_countries,
    text_key,
    validate_zone,
)
from agenda.people.records import ParseResult, PersonRecord, RowError, issue
from agenda.people.sources import DEFAULT_MAX_BYTES, SourceInfo, check_size, open_rows
from agenda.people.unknowns import ValueMap, load_value_map, merge_value_maps
from agenda.people.values import (
    MULTILINE_FIELDS,
    PLACEHOLDERS,
    field_limit,
    formula_prefix,
    has_control_characters,
    is_phone,
    parse_bool,
    parse_languages,
)

_MAX_TITLE_ROWS = 10

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FIELDS",
    "MissingColumnsError",
    "ParseResult",
    "PeopleFileError",
    "PersonRecord",
    "RowError",
    "export_roster",
    "load_mapping",
    "read_people_file",
    "write_rejects_csv",
]


class _RowParser:
    """Validates one row at a time; keeps the column layout and the e-mail index."""

    def __init__(
        self,
        positions: dict[int, str],
        headers: list[str],
        gender_lang: str | None,
        values: ValueMap | None = None,
    ):
        order = {name: index for index, name in enumerate(FIELDS)}
        # (position, field, header), in FIELDS order so that errors come out in a stable order
        self.layout = sorted(
            ((pos, name, headers[pos]) for pos, name in positions.items()),
            key=lambda item: order[item[1]],
        )
        self.header_of = {name: header for _, name, header in self.layout}
        self.gender_lang = gender_lang
        self.values = values or {}
        self.header_width = len(headers)
        self.first_by_email: dict[str, PersonRecord] = {}

    def parse(
        self, number: int, cells: list[str]
    ) -> tuple[PersonRecord | None, list[RowError], list[RowError]]:
        errors: list[RowError] = []
        warnings: list[RowError] = []
        values: dict[str, object] = {}
        width = len(cells)
        extra = [cell for cell in cells[self.header_width :] if cell.strip()]
        if extra:
            errors.append(
                issue(number, None, extra[0], "extra_cells", count=width, width=self.header_width)
            )
        for position, name, column in self.layout:
            text = cells[position] if position < width else ""
            stripped = text.strip()
            if not stripped or stripped in PLACEHOLDERS:
                if name in REQUIRED_FIELDS:
                    errors.append(issue(number, column, text, "required", field=column))
                continue
            problem = self._unsafe(name, text)
            if problem is not None:
                errors.append(issue(number, column, text, problem[0], **problem[1]))
                continue
            self._convert(name, stripped, number, column, values, errors, warnings)
        if errors:
            return None, errors, warnings
        values["category"] = government_category(values.get("category"), values)
        record = PersonRecord(source_row=number, **values)  # type: ignore[arg-type]
        return self._dedupe(record, number, errors, warnings), errors, warnings

    @staticmethod
    def _unsafe(name: str, text: str) -> tuple[str, dict[str, object]] | None:
        if name == "phone" and is_phone(text.lstrip("'")):
            return None
        char = formula_prefix(text)
        if char is not None:
            return "formula", {"char": char}
        if has_control_characters(text.strip(), allow_newlines=name in MULTILINE_FIELDS):
            return "control", {}
        limit = field_limit(name)
        if len(text.strip()) > limit:
            return "too_long", {"limit": limit}
        return None

    def _convert(
        self,
        name: str,
        text: str,
        number: int,
        column: str | None,
        values: dict[str, object],
        errors: list[RowError],
        warnings: list[RowError],
    ) -> None:
        mapped = self.values.get("country" if name == "delegation" else name, {})
        if mapped and fold_key(text) in mapped:
            values[name] = mapped[fold_key(text)]  # resolved once by the organizer
            return
        if name == "email":
            try:
                values["email"], values["email_key"] = normalize_email(text)
            except ValueError as exc:
                errors.append(issue(number, column, text, "email", detail=str(exc)))
        elif name in {"country", "delegation"}:
            code = normalize_country(text)
            if code is None and name == "country":
                close = ", ".join(suggest_countries(text))
                close_es = ", ".join(suggest_countries(text, lang="es"))
                code_name = "country_suggest" if close else "country"
                errors.append(
                    issue(
                        number,
                        column,
                        text,
                        code_name,
                        value=text,
                        suggestions=close,
                        suggestions_es=close_es,
                    )
                )
            values[name] = code or text
        elif name == "gender":
            reading = read_gender(text, self.gender_lang)
            values["gender"] = reading.value
            if reading.warning:
                code = "gender_ambiguous" if text_key(text) == "m" else "gender_unknown"
                warnings.append(issue(number, column, text, code, value=text))
        elif name == "category":
            key = normalize_category(text)
            if key is None:
                from agenda.reference import stakeholder_categories

                valid = ", ".join(item.key for item in stakeholder_categories())
                errors.append(issue(number, column, text, "category", value=text, valid=valid))
            values["category"] = key
        elif name in {"is_youth", "is_migrant", "head_of_delegation"}:
            flag = parse_bool(text)
            if flag is None:
                errors.append(issue(number, column, text, "boolean", value=text))
            values[name] = bool(flag)
        elif name == "languages":
            codes, unknown = parse_languages(text)
            values["languages"] = codes
            warnings.extend(issue(number, column, part, "language", value=part) for part in unknown)
        elif name == "timezone":
            try:
                values["timezone"] = validate_zone(text)
            except ValueError as exc:
                errors.append(issue(number, column, text, "timezone", detail=str(exc)))
        elif name == "phone":
            values["phone"] = text.lstrip("'")
        else:
            values[name] = text

    def _dedupe(
        self, record: PersonRecord, number: int, errors: list[RowError], warnings: list[RowError]
    ) -> PersonRecord | None:
        first = self.first_by_email.get(record.email_key)
        if first is None:
            self.first_by_email[record.email_key] = record
            return record
        column = self.header_of["email"]
        differing = [
            self.header_of.get(name, name)
            for name in FIELDS
            if name != "email" and getattr(first, name) != getattr(record, name)
        ]
        if differing:
            errors.append(
                issue(
                    number,
                    column,
                    record.email,
                    "duplicate",
                    first=first.source_row,
                    fields=", ".join(differing),
                )
            )
        else:
            warnings.append(
                issue(number, column, record.email, "duplicate_same", first=first.source_row)
            )
        return None


def government_category(category: object, values: Mapping[str, object]) -> object:
    """``associate_member`` for a government official ("Gobierno", "Ministerio", "Member
    State") of an ECLAC associate member (Bermuda, Puerto Rico, French Guiana...), whose
    delegation is not a member State's; any other category unchanged."""
    if category != "member_state":
        return category
    from agenda.reference import ECLAC_ASSOCIATE, country

    for name in ("delegation", "country"):
        code = values.get(name)
        if isinstance(code, str) and code:
            try:
                status = country(code).eclac_status
            except KeyError:
                continue
            return "associate_member" if status == ECLAC_ASSOCIATE else category
    return category


def _gender_language(headers: list[str], positions: dict[int, str]) -> str | None:
    for position, name in positions.items():
        if name == "gender":
            key = text_key(headers[position])
            if key in {"gender", "sex", "gender identity"}:
                return "en"
            if key in SPANISH_HEADERS or key == "identidad de genero":
                return "es"
    return None


def read_people_file(
    path: str | Path,
    mapping: Mapping[str, str] | str | Path | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    values: ValueMap | None = None,
) -> ParseResult:
    """Read a CSV or XLSX people file into normalized records, row errors and warnings.

    ``mapping`` is ``{"column in file": "field"}`` or the path of a TOML/JSON mapping file;
    ``values`` a value mapping (agenda.people.unknowns) applied before normalizing, to which
    the mapping file's own ``[values.<field>]`` tables are added (the file wins).
    Raises PeopleFileError (naming the file) when the file as a whole cannot be used: missing,
    empty, too large, not CSV/XLSX, no header or data rows, missing required columns.
    """
    path = Path(path)
    mapping_source = None
    if isinstance(mapping, str | Path):
        mapping_source = str(mapping)
        values = merge_value_maps(values or {}, load_value_map(mapping))
        mapping = load_mapping(mapping)
    elif mapping is not None:
        mapping = validate_mapping(dict(mapping))
    check_size(path, max_bytes)
    with open_rows(path, max_bytes) as (info, rows):
        result: ParseResult | None = None
        parser: _RowParser | None = None
        skipped: list[int] = []
        first_problem: MissingColumnsError | None = None
        for number, cells in rows:
            if not any(cell.strip() for cell in cells):
                continue
            if result is None or parser is None:
                headers = [cell.strip().lstrip("\ufeff") for cell in cells]
                try:
                    positions, ignored = resolve_columns(
                        headers, mapping, str(path), mapping_source
                    )
                except MissingColumnsError as exc:
                    first_problem = first_problem or exc
                    skipped.append(number)
                    if len(skipped) >= _MAX_TITLE_ROWS:
                        raise first_problem from None
                    continue
                result = ParseResult(
                    path=path,
                    kind=info.kind,
                    encoding=info.encoding,
                    delimiter=info.delimiter,
                    headers=headers,
                    columns={name: headers[p] for p, name in positions.items()},
                )
                parser = _RowParser(
                    positions, headers, _gender_language(headers, positions), values
                )
                _file_warnings(result, info, number, ignored, skipped)
                continue
            result.rows_read += 1
            record, errors, warnings = parser.parse(number, cells)
            result.warnings.extend(warnings)
            if errors:
                result.reject(number, cells, errors)
            elif record is not None:
                result.rows.append(record)
    if first_problem is not None and result is None:
        raise first_problem
    if result is None:
        raise PeopleFileError("empty", path)
    if result.rows_read == 0:
        raise PeopleFileError("no_rows", path)
    return result


def _file_warnings(
    result: ParseResult, info: SourceInfo, header_row: int, ignored: list[str], skipped: list[int]
) -> None:
    if result.encoding in {"cp1252", "latin-1"}:
        result.warnings.append(issue(0, None, "", "encoding", encoding=result.encoding))
    if info.other_sheets:
        names = ", ".join(repr(name) for name in info.other_sheets)
        result.warnings.append(issue(0, None, "", "other_sheets", sheet=info.sheet, others=names))
    if skipped:
        rows = ", ".join(str(row) for row in skipped)
        result.warnings.append(issue(header_row, None, "", "title_rows", rows=rows))
    if ignored:
        names = ", ".join(repr(name) for name in ignored)
        result.warnings.append(issue(header_row, None, "", "ignored_columns", columns=names))
