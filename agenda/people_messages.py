"""Bilingual (English/Spanish) reasons for rejected or flagged rows of a people file."""

from __future__ import annotations

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
        "país desconocido {value!r}; ¿quiso decir {suggestions}?",
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
    "ignored_columns": (
        "columns not imported: {columns}",
        "columnas no importadas: {columns}",
    ),
}


def render(code: str, lang: str, params: dict[str, object]) -> str:
    """The message ``code`` in ``lang`` ('en' or 'es') filled with ``params``."""
    english, spanish = MESSAGES[code]
    template = spanish if lang.lower().startswith("es") else english
    return template.format(**params)
