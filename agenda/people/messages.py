"""Bilingual (English/Spanish) reasons for rejected or flagged rows of a people file."""

from __future__ import annotations

from agenda.i18n.catalog import tr

MESSAGES: dict[str, tuple[str, str]] = {
    "required": (
        "{field} is required",
        "{field} es obligatorio",
    ),
    "formula": (
        "looks like a spreadsheet formula (starts with {char!r}); type the plain text instead",
        "parece una fórmula de hoja de cálculo (empieza con {char!r}); "
        "escriba el texto sin fórmula",
    ),
    "control": (
        "contains a line break or control character; keep it on one line",
        "contiene un salto de línea o un carácter de control; escríbalo en una sola línea",
    ),
    "extra_cells": (
        "the row has {count} cells but the header only {width} columns (a delimiter inside an "
        "unquoted cell?); quote that cell or remove the extra cells",
        "la fila tiene {count} celdas pero el encabezado solo {width} columnas (¿un separador "
        "dentro de una celda sin comillas?); ponga la celda entre comillas o quite las sobrantes",
    ),
    "too_long": (
        "is longer than {limit} characters",
        "tiene más de {limit} caracteres",
    ),
    "email": (
        "{detail}",
        "correo electrónico no válido ({detail})",
    ),
    "country": (
        "unknown country {value!r}; use the country name in English or Spanish or its ISO code",
        "país desconocido {value!r}; use el nombre del país en español o inglés o su código ISO",
    ),
    "country_suggest": (
        "unknown country {value!r}; did you mean {suggestions}?",
        "país desconocido {value!r}; ¿quiso decir {suggestions_es}?",
    ),
    "category": (
        "unknown stakeholder category {value!r}; use one of: {valid}",
        "categoría de actor desconocida {value!r}; use una de: {valid}",
    ),
    "boolean": (
        "expected yes or no, got {value!r}",
        "se esperaba sí o no, se recibió {value!r}",
    ),
    "timezone": (
        "{detail}",
        "zona horaria no válida ({detail})",
    ),
    "duplicate": (
        "same e-mail address as row {first} (compared without case) with different values in: "
        "{fields}; keep one row or merge them by hand",
        "misma dirección de correo que la fila {first} (sin distinguir mayúsculas) con valores "
        "distintos en: {fields}; conserve una sola fila o combínelas a mano",
    ),
    "duplicate_same": (
        "exact duplicate of row {first}; skipped",
        "duplicado exacto de la fila {first}; se omite",
    ),
    "gender_ambiguous": (
        "'M' is ambiguous (male / masculino / mujer); recorded as unknown - write Woman/Mujer "
        "or Man/Hombre",
        "'M' es ambigua (masculino / mujer); se registra como desconocido - escriba Mujer u Hombre",
    ),
    "gender_unknown": (
        "unrecognized gender {value!r}; recorded as unknown",
        "género no reconocido {value!r}; se registra como desconocido",
    ),
    "language": (
        "unknown language {value!r}; ignored (use ISO codes such as es, en, pt, fr)",
        "idioma desconocido {value!r}; se ignora (use códigos ISO como es, en, pt, fr)",
    ),
    "encoding": (
        "the file is not UTF-8; it was read as {encoding}. Save it as CSV UTF-8 to be sure",
        "el archivo no está en UTF-8; se leyó como {encoding}. Guárdelo como CSV UTF-8",
    ),
    "other_sheets": (
        "only the first sheet {sheet!r} was read; other sheets ignored: {others}",
        "solo se leyó la primera hoja {sheet!r}; hojas no leídas: {others}",
    ),
    "title_rows": (
        "rows above the header were skipped: {rows}",
        "se omitieron las filas por encima del encabezado: {rows}",
    ),
    "ignored_columns": (
        "columns not imported: {columns}",
        "columnas no importadas: {columns}",
    ),
}


FILE_MESSAGES: dict[str, tuple[str, str]] = {
    "cannot_read": ("cannot read file ({reason})", "no se puede leer el archivo ({reason})"),
    "empty": (
        "the file is empty; export the roster again with a header row",
        "el archivo está vacío; exporte de nuevo la lista con una fila de encabezados",
    ),
    "no_rows": (
        "the file has a header row but no data rows",
        "el archivo tiene encabezados pero ninguna fila de datos",
    ),
    "too_large": (
        "the file is {size:.1f} MiB, above the import limit of {limit:.1f} MiB; split it into "
        "smaller files or raise the limit (--max-mb)",
        "el archivo pesa {size:.1f} MiB, más que el límite de importación de {limit:.1f} MiB; "
        "divídalo en archivos más pequeños o aumente el límite (--max-mb)",
    ),
    "legacy_xls": (
        "legacy Excel .xls files are not supported; save it as .xlsx or CSV (UTF-8)",
        "los archivos .xls antiguos de Excel no se admiten; guárdelo como .xlsx o CSV (UTF-8)",
    ),
    "bad_xlsx": ("not a valid .xlsx file ({reason})", "no es un archivo .xlsx válido ({reason})"),
    "xlsx_unzipped": (
        "the .xlsx file expands to {size:.1f} MiB when unzipped ({member}), above the limit of "
        "{limit:.1f} MiB; it is not read. Save the sheet as CSV UTF-8 or split it into smaller "
        "files (the limit is {factor} times --max-mb)",
        "el archivo .xlsx ocupa {size:.1f} MiB descomprimido ({member}), más que el límite de "
        "{limit:.1f} MiB; no se lee. Guarde la hoja como CSV UTF-8 o divídala en archivos más "
        "pequeños (el límite es {factor} veces --max-mb)",
    ),
    "xlsx_ratio": (
        "the .xlsx member {member} is compressed {ratio:.0f} to 1 (limit {limit} to 1), which "
        "real spreadsheets never are (a ZIP bomb?); it is not read. Open it in a spreadsheet "
        "program and save it again as .xlsx or CSV UTF-8",
        "el componente {member} del .xlsx está comprimido {ratio:.0f} a 1 (límite {limit} a 1), "
        "algo que no ocurre en hojas reales (¿una bomba ZIP?); no se lee. Ábralo en una hoja de "
        "cálculo y guárdelo de nuevo como .xlsx o CSV UTF-8",
    ),
    "xlsx_rows": (
        "the sheet numbers rows beyond {limit}, Excel's limit; it is not read. Save it again "
        "from a spreadsheet program as .xlsx or CSV UTF-8",
        "la hoja numera filas más allá de {limit}, el límite de Excel; no se lee. Guárdela de "
        "nuevo desde una hoja de cálculo como .xlsx o CSV UTF-8",
    ),
    "xlsx_members": (
        "the .xlsx file holds {count} parts, above the limit of {limit}; it is not read. Save "
        "it again as .xlsx or CSV UTF-8",
        "el archivo .xlsx contiene {count} partes, más que el límite de {limit}; no se lee. "
        "Guárdelo de nuevo como .xlsx o CSV UTF-8",
    ),
    "malformed_csv": (
        "row {row}: malformed CSV ({reason})",
        "fila {row}: CSV mal formado ({reason})",
    ),
    "mapping_unreadable": (
        "cannot read mapping file ({reason})",
        "no se puede leer el archivo de correspondencia de columnas ({reason})",
    ),
    "mapping_invalid": (
        "not a valid JSON/TOML mapping file: {reason}",
        "archivo de correspondencia JSON/TOML no válido: {reason}",
    ),
    "mapping_shape": (
        'expected an object {{"column in file": "field"}}',
        'se esperaba un objeto {{"columna del archivo": "campo"}}',
    ),
    "mapping_field": (
        "column {column!r} is mapped to {field!r}, which is not a field; valid fields: {valid}",
        "la columna {column!r} se asigna a {field!r}, que no es un campo; campos válidos: {valid}",
    ),
    "mapping_columns": (
        "the mapping names column(s) not in {file}: {columns}; headers found: {headers}",
        "la correspondencia nombra columnas que no están en {file_es}: {columns}; "
        "encabezados encontrados: {headers}",
    ),
    "duplicate_field": (
        "columns {first!r} and {second!r} both mean {field!r}; use a mapping file to say "
        'which one to use (map the other to "ignore")',
        "las columnas {first!r} y {second!r} significan ambas {field!r}; use un archivo de "
        'correspondencia para elegir una (asigne la otra a "ignore")',
    ),
    "missing_columns": (
        "missing required column(s) {expected}. Headers found: {headers}. Rename the columns "
        "or pass a mapping file.",
        "faltan columnas obligatorias: {expected}. Encabezados encontrados: {headers}. "
        "Cambie el nombre de las columnas o use un archivo de correspondencia.",
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
        english, spanish = FILE_MESSAGES[self.code]
        template = spanish if lang.lower().startswith("es") else english
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
    english, spanish = MESSAGES[code]
    template = spanish if lang.lower().startswith("es") else english
    return template.format(**params)
