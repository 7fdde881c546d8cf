"""Reasons for rejected or flagged rows of a people file (msgids of the catalogs)."""

from __future__ import annotations

from agenda.i18n.catalog import N_, NC_, tr

MESSAGES: dict[str, str] = {
    "required": N_("{field} is required"),
    "formula": N_(
        "looks like a spreadsheet formula (starts with {char!r}); type the plain text instead"
    ),
    "control": N_("contains a line break or control character; keep it on one line"),
    "extra_cells": N_(
        "the row has {count} cells but the header only {width} columns (a delimiter inside "
        "an unquoted cell?); quote that cell or remove the extra cells"
    ),
    "too_long": N_("is longer than {limit} characters"),
    "email": NC_("invalid e-mail address", "{detail}"),
    "country": N_(
        "unknown country {value!r}; use the country name in English or Spanish or its ISO code"
    ),
    "country_suggest": N_("unknown country {value!r}; did you mean {suggestions}?"),
    "category": N_("unknown stakeholder category {value!r}; use one of: {valid}"),
    "boolean": N_("expected yes or no, got {value!r}"),
    "timezone": NC_("invalid time zone", "{detail}"),
    "duplicate": N_(
        "same e-mail address as row {first} (compared without case) with different values "
        "in: {fields}; keep one row or merge them by hand"
    ),
    "duplicate_same": N_("exact duplicate of row {first}; skipped"),
    "gender_ambiguous": N_(
        "'M' is ambiguous (male / masculino / mujer); recorded as unknown - write "
        "Woman/Mujer or Man/Hombre"
    ),
    "gender_unknown": N_("unrecognized gender {value!r}; recorded as unknown"),
    "language": N_("unknown language {value!r}; ignored (use ISO codes such as es, en, pt, fr)"),
    "encoding": N_(
        "the file is not UTF-8; it was read as {encoding}. Save it as CSV UTF-8 to be sure"
    ),
    "other_sheets": N_("only the first sheet {sheet!r} was read; other sheets ignored: {others}"),
    "title_rows": N_("rows above the header were skipped: {rows}"),
    "ignored_columns": N_("columns not imported: {columns}"),
}


FILE_MESSAGES: dict[str, str] = {
    "cannot_read": N_("cannot read file ({reason})"),
    "empty": N_("the file is empty; export the roster again with a header row"),
    "no_rows": N_("the file has a header row but no data rows"),
    "too_large": N_(
        "the file is {size:.1f} MiB, above the import limit of {limit:.1f} MiB; split it "
        "into smaller files or raise the limit (--max-mb)"
    ),
    "legacy_xls": N_("legacy Excel .xls files are not supported; save it as .xlsx or CSV (UTF-8)"),
    "bad_xlsx": N_("not a valid .xlsx file ({reason})"),
    "xlsx_unzipped": N_(
        "the .xlsx file expands to {size:.1f} MiB when unzipped ({member}), above the limit "
        "of {limit:.1f} MiB; it is not read. Save the sheet as CSV UTF-8 or split it into "
        "smaller files (the limit is {factor} times --max-mb)"
    ),
    "xlsx_ratio": N_(
        "the .xlsx member {member} is compressed {ratio:.0f} to 1 (limit {limit} to 1), "
        "which real spreadsheets never are (a ZIP bomb?); it is not read. Open it in a "
        "spreadsheet program and save it again as .xlsx or CSV UTF-8"
    ),
    "xlsx_rows": N_(
        "the sheet numbers rows beyond {limit}, Excel's limit; it is not read. Save it "
        "again from a spreadsheet program as .xlsx or CSV UTF-8"
    ),
    "xlsx_members": N_(
        "the .xlsx file holds {count} parts, above the limit of {limit}; it is not read. "
        "Save it again as .xlsx or CSV UTF-8"
    ),
    "malformed_csv": N_("row {row}: malformed CSV ({reason})"),
    "mapping_unreadable": N_("cannot read mapping file ({reason})"),
    "mapping_invalid": N_("not a valid JSON/TOML mapping file: {reason}"),
    "mapping_shape": N_('expected an object {{"column in file": "field"}}'),
    "mapping_field": N_(
        "column {column!r} is mapped to {field!r}, which is not a field; valid fields: {valid}"
    ),
    "mapping_columns": N_(
        "the mapping names column(s) not in {file}: {columns}; headers found: {headers}"
    ),
    "duplicate_field": N_(
        "columns {first!r} and {second!r} both mean {field!r}; use a mapping file to say "
        'which one to use (map the other to "ignore")'
    ),
    "missing_columns": N_(
        "missing required column(s) {expected}. Headers found: {headers}. Rename the "
        "columns or pass a mapping file."
    ),
}


class PeopleFileError(ValueError):
    """A file (people file or mapping file) that cannot be used at all.

    ``str(error)`` is the English message starting with the file name; ``message('es')``
    gives it in Spanish. ``code`` is a stable identifier (see FILE_MESSAGES).
    """

    def __init__(self, code: str, source: object, **params: object) -> None:
        self.code = code
        self.source = str(source)
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` ('en' or 'es'), prefixed with the file name."""
        template = tr(lang, FILE_MESSAGES[self.code])
        return f"{self.source}: {template.format(**self.params)}"


class MappingConflictError(PeopleFileError):
    """A column mapping that sends two columns to the same field (``first``, ``second``,
    ``field``); ``source`` is the mapping file."""

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``, prefixed with the mapping file's name."""
        # es: "las columnas {first!r} y {second!r} se asignan ambas a {field!r}; asigne solo
        # una a {field!r} (y la otra a "ignore" o a su propio campo)"
        template = tr(
            lang,
            "columns {first!r} and {second!r} are both mapped to {field!r}; map only one of "
            'them to {field!r} (and the other to "ignore" or to its own field)',
        )
        return f"{self.source}: {template.format(**self.params)}"


class MissingColumnsError(PeopleFileError):
    """The header row lacks required columns (the message names them and the headers found)."""


def render(code: str, lang: str, params: dict[str, object]) -> str:
    """The message ``code`` in ``lang`` ('en' or 'es') filled with ``params``."""
    return tr(lang, MESSAGES[code]).format(**params)
