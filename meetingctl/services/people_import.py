"""Importing a people file, all or nothing: preview, dry run, rejects file, column mapping,
skip-invalid. One implementation for `meetingctl people import` and the TUI import dialog."""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from agenda.i18n.catalog import N_, tr_table
from agenda.i18n.invite import supported_languages
from agenda.model.errors import ValidationError
from agenda.people.export import write_reject_lines
from agenda.people.files import (
    DEFAULT_MAX_BYTES,
    ParseResult,
    PeopleFileError,
    RowError,
    read_people_file,
)
from agenda.people.importer import DuplicatePolicy, import_people
from agenda.people.unknowns import (
    UnknownValue,
    ValueMap,
    group_unknowns,
    load_value_map,
    merge_value_maps,
    value_texts,
    write_mapping_file,
)
from meetingctl.services.value_mappings import load_stored_values, store_values

if TYPE_CHECKING:
    from meetingctl.context import AppContext

_MSGIDS = {
    "nothing": N_("nothing was imported"),
    "cannot_read": N_("cannot read"),
    "refused": N_(
        "{file}: {count} row(s) rejected; nothing was imported. Fix the rows listed in the "
        "rejects file, or use --skip-invalid to import the valid rows only"
    ),
}


@dataclass(frozen=True)
class ImportRequest:
    """What to import and how.

    ``mapping`` is a TOML/JSON file mapping the file's headers to fields. With ``dry_run``
    nothing is written (the rejects file neither). With rejected rows nothing is imported
    unless ``skip_invalid``. Rejected rows go to ``rejects_path`` (default FILE.rejects.csv)
    unless ``write_rejects`` is false. ``lang`` is the language of the messages.
    """

    path: Path
    mapping: Path | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    rejects_path: Path | None = None
    write_rejects: bool = True
    on_duplicate: DuplicatePolicy = "merge"
    max_bytes: int = DEFAULT_MAX_BYTES
    lang: str = "en"
    write_mapping: Path | None = None
    values: ValueMap | None = None

    @property
    def rejects_target(self) -> Path:
        """Where the rejected rows go."""
        return self.rejects_path or self.path.with_name(self.path.name + ".rejects.csv")


@dataclass(frozen=True)
class ImportIssue:
    """A rejected cell or a warning: row as the spreadsheet numbers it (0: the whole file),
    column header, and the reason in the request's language."""

    row: int
    column: str | None
    message: str


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, with ``dry_run``, would do).

    ``rejects_path`` is where the rejected rows were written (or would be, in a dry run), None
    when no rejects file was asked for or no row was rejected; ``rejects_count`` its lines.
    """

    path: Path
    dry_run: bool
    valid_rows: int
    written: int
    created: int
    updated: int
    unchanged: int
    organizations_created: int
    rejected_rows: int
    errors: tuple[ImportIssue, ...]
    warnings: tuple[ImportIssue, ...]
    rejects_path: Path | None
    rejects_count: int
    rejects_written: bool
    unknown_values: tuple[UnknownValue, ...] = ()
    mapping_written: Path | None = None
    mappings_stored: int = 0

    @property
    def file(self) -> str:
        """The file's name."""
        return self.path.name


class ImportRefused(ValidationError):
    """Rows were rejected and skip-invalid was not asked for: nothing was imported.

    ``result`` lists the rejected rows (and the rejects file written)."""

    def __init__(self, message: str, result: ImportResult) -> None:
        super().__init__(message)
        self.result = result


def _read(request: ImportRequest, values: ValueMap) -> ParseResult:
    words = tr_table(request.lang, _MSGIDS)
    try:
        return read_people_file(
            request.path, request.mapping, max_bytes=request.max_bytes, values=values
        )
    except PeopleFileError as exc:
        message = exc.message(request.lang).rstrip(".")
        raise ValidationError(f"{message}; {words['nothing']}") from None
    except OSError as exc:
        raise ValidationError(
            f"{request.path}: {words['cannot_read']}: {exc.strerror}; {words['nothing']}"
        ) from None


def _issues(rows: list[RowError], lang: str) -> tuple[ImportIssue, ...]:
    return tuple(ImportIssue(e.row, e.column, e.message(lang)) for e in rows)


def _rejects(
    request: ImportRequest, flagged: list[RowError], parsed: ParseResult
) -> tuple[Path | None, int, bool]:
    """Write (or, in a dry run, count) the rejects file: (path, lines, written). The rejected
    rows are streamed from the parse result (most of them spooled on disk, not in memory)."""
    if not (parsed.rejected_count or flagged) or not request.write_rejects:
        return None, 0, False
    target = request.rejects_target
    lines = itertools.chain(parsed.rejects(), ((error, []) for error in flagged))
    if request.dry_run:
        with tempfile.TemporaryDirectory() as scratch:
            scratch_file = Path(scratch) / "rejects.csv"
            count = write_reject_lines(lines, scratch_file, parsed.headers, request.lang)
        return target, count, False
    return target, write_reject_lines(lines, target, parsed.headers, request.lang), True


def import_file(ctx: AppContext, request: ImportRequest) -> ImportResult:
    """Read, check and import ``request.path`` in one transaction (see :class:`ImportRequest`).

    Raises ValidationError when the file cannot be used, and :class:`ImportRefused` when rows
    were rejected without ``skip_invalid`` (after writing the rejects file).
    """
    if request.lang not in supported_languages():
        raise ValidationError(
            f"lang: {request.lang!r} is not one of {', '.join(supported_languages())}"
        )
    new_values = _new_values(request)
    with ctx.transaction() as db:
        stored = load_stored_values(ctx, db)
    parsed = _read(request, merge_value_maps(stored, new_values))
    unknowns = tuple(group_unknowns(parsed, request.lang))
    if request.write_mapping is not None:
        return _write_mapping(request, parsed, unknowns)
    with ctx.transaction() as db:
        summary = import_people(
            db,
            parsed.rows,
            ctx.actor,
            on_duplicate=request.on_duplicate,
            source=request.path.name,
        )
        flagged = [
            RowError(f.row, "email", f.email, f.reason(request.lang)) for f in summary.flagged
        ]
        errors = list(parsed.errors) + flagged  # the first rejected rows, for display
        rejects_path, rejects_count, written = _rejects(request, flagged, parsed)
        rejected = parsed.rejected_count + len({e.row for e in flagged})
        result = ImportResult(
            path=request.path,
            dry_run=request.dry_run,
            valid_rows=len(parsed.rows) - len(summary.flagged),
            written=summary.written,
            created=len(summary.created),
            updated=len(summary.updated),
            unchanged=len(summary.unchanged),
            organizations_created=len(summary.organizations_created),
            rejected_rows=rejected,
            errors=_issues(errors, request.lang),
            warnings=_issues(parsed.warnings, request.lang),
            rejects_path=rejects_path,
            rejects_count=rejects_count,
            rejects_written=written,
            unknown_values=unknowns,
        )
        if errors and not request.skip_invalid:
            refused = tr_table(request.lang, _MSGIDS)["refused"].format(
                file=request.path, count=rejected
            )
            raise ImportRefused(refused, result)  # the transaction rolls back
        if request.dry_run:
            db.rollback()
            return result
        texts = value_texts(request.mapping) if request.mapping else {}
        stored_count = store_values(ctx, db, new_values, texts)
    return replace(result, mappings_stored=stored_count)


def _new_values(request: ImportRequest) -> ValueMap:
    """The value mappings this request brings: the mapping file's, then the TUI's picks."""
    from_file = load_value_map(request.mapping) if request.mapping else {}
    return merge_value_maps(from_file, request.values or {})


def _write_mapping(
    request: ImportRequest, parsed: ParseResult, unknowns: tuple[UnknownValue, ...]
) -> ImportResult:
    """Write the unknown values to ``request.write_mapping``; nothing is imported."""
    target = request.write_mapping
    assert target is not None
    columns = {header: name for name, header in parsed.columns.items()}
    try:
        write_mapping_file(target, list(unknowns), columns, request.lang)
    except OSError as exc:
        words = tr_table(request.lang, _MSGIDS)
        raise ValidationError(f"{target}: {exc.strerror}; {words['nothing']}") from None
    return ImportResult(
        path=request.path,
        dry_run=True,
        valid_rows=len(parsed.rows),
        written=0,
        created=0,
        updated=0,
        unchanged=0,
        organizations_created=0,
        rejected_rows=parsed.rejected_count,
        errors=_issues(parsed.errors, request.lang),
        warnings=_issues(parsed.warnings, request.lang),
        rejects_path=None,
        rejects_count=0,
        rejects_written=False,
        unknown_values=unknowns,
        mapping_written=target,
    )
