"""The layouts questionnaire platforms export, turned into one header row and data rows.

* **Qualtrics** (CSV/XLSX): three header rows - column ids (``QID3``), question texts, and
  ``{"ImportId":"QID3"}`` JSON; the data starts on row 4. A column is known by its question
  text, its id or its ImportId.
* **SurveyMonkey**: two header rows - the question text (written once over all the columns of
  a multiple-choice question) and ``Response`` / ``Open-Ended Response`` or the option's text.
  The columns of one question are read as one cell (the chosen options joined with ", ").
* **KoboToolbox** (CSV, usually ``;``, or XLSX): XML names or labels, ``group/question`` paths
  (the last part counts), ``select_multiple`` answers space-separated ("o5 o7") and one 0/1
  column per option (``objetivos/o5``), which is left out when the question's own column is
  there; ``_id``, ``_uuid``, ``_submission_time``... are metadata.
* **Google Forms**: one header row of question texts after ``Timestamp`` / ``Marca temporal``;
  checkbox answers joined with ", ".

Row numbers stay those a spreadsheet shows (the first line of the file is row 1).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field

Rows = list[tuple[int, list[str]]]

_SURVEYMONKEY_SUBHEADERS = frozenset(
    {"response", "open-ended response", "respuesta", "respuesta abierta", "other (please specify)"}
)
_SURVEYMONKEY_FIRST = frozenset({"respondent id", "id del encuestado", "id de encuestado"})
_GOOGLE_FIRST = frozenset({"timestamp", "marca temporal", "marca de tiempo", "horodateur"})
_KOBO_METADATA = frozenset(
    {"_id", "_uuid", "_submission_time", "_validation_status", "_index", "__version__", "_notes"}
)


def fold(text: str) -> str:
    """Accents removed, case-folded, underscores as spaces, spaces collapsed."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.replace("_", " ").casefold().split())


@dataclass
class Table:
    """One table: the platform it came from, a header, other names for each column (ids,
    ImportIds, Kobo paths) and the data rows as (row number, cells)."""

    kind: str
    header: list[str]
    rows: Rows
    aliases: list[list[str]] = field(default_factory=list)

    def names(self, position: int) -> list[str]:
        """Every name column ``position`` is known by."""
        extra = self.aliases[position] if position < len(self.aliases) else []
        return [self.header[position], *extra]


def _cell(cells: list[str], position: int) -> str:
    return cells[position].strip() if position < len(cells) else ""


def _import_id(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return ""
    return str(data.get("ImportId", "")) if isinstance(data, dict) else ""


def _qualtrics(rows: Rows) -> Table:
    ids, texts, imports = rows[0][1], rows[1][1], rows[2][1]
    width = max(len(ids), len(texts))
    header = [_cell(texts, i) or _cell(ids, i) for i in range(width)]
    aliases = [[_cell(ids, i), _import_id(_cell(imports, i))] for i in range(width)]
    return Table("qualtrics", header, rows[3:], [[a for a in pair if a] for pair in aliases])


def _surveymonkey(rows: Rows) -> Table:
    questions, subs = rows[0][1], rows[1][1]
    width = max(len(questions), len(subs))
    groups: list[tuple[str, list[int]]] = []
    for position in range(width):
        question = _cell(questions, position)
        if question or not groups:
            groups.append((question or _cell(subs, position), [position]))
        else:
            groups[-1][1].append(position)
    header = [question for question, _ in groups]
    data: Rows = []
    for number, cells in rows[2:]:
        joined = []
        for _, positions in groups:
            values = [_cell(cells, p) for p in positions]
            joined.append(", ".join(value for value in values if value))
        data.append((number, joined))
    return Table("surveymonkey", header, data)


def _kobo(header: list[str], rows: Rows) -> Table:
    names = {fold(name) for name in header}
    keep = [
        position
        for position, name in enumerate(header)
        if name.strip().lower() not in _KOBO_METADATA
        and not ("/" in name and fold(name.rsplit("/", 1)[0]) in names)
    ]
    short = [header[p].rsplit("/", 1)[-1] for p in keep]
    aliases = [[header[p]] for p in keep]
    data = [(number, [_cell(cells, p) for p in keep]) for number, cells in rows]
    return Table("kobo", short, data, aliases)


def _is_kobo(header: list[str]) -> bool:
    lowered = {name.strip().lower() for name in header}
    return bool(lowered & {"_uuid", "_submission_time", "__version__"})


def read_table(rows: Rows) -> Table:
    """The table in ``rows`` (blank rows left out), whatever the platform's layout."""
    rows = [(number, cells) for number, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        return Table("plain", [], [])
    header = [cell.strip().lstrip("\ufeff") for cell in rows[0][1]]
    if len(rows) >= 3 and any(c.strip().startswith('{"ImportId"') for c in rows[2][1]):
        return _qualtrics(rows)
    if len(rows) >= 2:
        first = fold(header[0]) if header else ""
        subs = {fold(cell) for cell in rows[1][1] if cell.strip()}
        if first in _SURVEYMONKEY_FIRST or (subs & _SURVEYMONKEY_SUBHEADERS and "" in header):
            return _surveymonkey(rows)
    if _is_kobo(header):
        return _kobo(header, rows[1:])
    kind = "google_forms" if header and fold(header[0]) in _GOOGLE_FIRST else "plain"
    return Table(kind, header, rows[1:])
