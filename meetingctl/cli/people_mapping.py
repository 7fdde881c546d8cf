"""`people import --write-mapping`: the values an import cannot read, grouped by distinct
value with their row count, on stderr and in a mapping file to fill in once."""

from __future__ import annotations

import click

from agenda.i18n.catalog import tr, trn
from meetingctl.context import AppContext
from meetingctl.services.people_import import ImportRequest, ImportResult


def write_mapping(app: AppContext, request: ImportRequest, lang: str) -> None:
    """`people import FILE --write-mapping MAP`: the unknown values, grouped, to MAP."""
    result = app.services.people.import_file(request)
    report_unknowns(result, lang)
    count = len(result.unknown_values)
    if count:
        line = trn(
            lang,
            "Wrote {n} value to map to {map}; write a key for it, then run: "
            "meetingctl people import {file} --mapping {map}",
            "Wrote {n} values to map to {map}; write a key for each, then run: "
            "meetingctl people import {file} --mapping {map}",
            count,
        )
    else:
        line = tr(lang, "Every value of {file} can be read; wrote the column mapping to {map}")
    click.echo(line.format(n=count, map=result.mapping_written, file=request.path))


def report_unknowns(result: ImportResult, lang: str) -> None:
    """One line per distinct unreadable value with its row count, on stderr."""
    if not result.unknown_values:
        return
    click.echo(
        tr(lang, "Values that cannot be read (map each once with --write-mapping):"), err=True
    )
    for item in result.unknown_values:
        hint = ""
        if item.suggestions:
            hint = " - " + tr(lang, "did you mean {names}?").format(
                names=", ".join(item.suggestions)
            )
        rows = ", ".join(str(row) for row in item.rows[:8]) + (", ..." if item.count > 8 else "")
        label = tr(lang, "{field} {value!r} x {count} (rows {rows})")
        click.echo(
            "  "
            + label.format(field=item.field, value=item.value, count=item.count, rows=rows)
            + hint,
            err=True,
        )
