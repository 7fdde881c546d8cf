"""`meetingctl balance`: panel composition and balance rule violations; `balance suggest`."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import click

from agenda.balance import RULES, BalanceReport, Breakdown, Composition, SessionBalance, Violation
from agenda.balance.labels import severity_label, value_label
from agenda.i18n.catalog import N_, tr, tr_table
from agenda.people.export import escape_cell as escape_roster_cell
from agenda.programme.reading import kind_label
from meetingctl.cli.balance_summary import summary_lines
from meetingctl.context import AppContext
from meetingctl.services.balance import SuggestionNumberError

pass_app = click.make_pass_decorator(AppContext)
_MSGIDS = {
    "gender": N_("gender"),
    "region": N_("region"),
    "category": N_("category"),
    "undisclosed": N_("undisclosed"),
    "unknown": N_("unknown"),
    "programme": N_("Whole programme"),
    "programme_speakers": N_("Whole programme, speakers (the people the programme rules count)"),
    "programme_panel": N_("Whole programme, everyone on a panel incl. chairs and moderators"),
    "panel": N_("on the panel"),
    "person": N_("person"),
    "people": N_("people"),
    "clean": N_("no violations"),
    "summary": N_("{e} error(s), {w} warning(s)"),
    "none": N_("no suggestion fixes a violation of this session without breaking another rule"),
    "break": N_("session {id} is a break (no panel): there is nobody to suggest"),
    "no_violations": N_("session {id} has no balance violations{rule}: nothing to fix"),
    "rule": N_(" of rule {rule}"),
}


def escape_cell(value: Any) -> Any:
    """Neutralize spreadsheet formulas in a CSV cell (text only; numbers pass through)."""
    return escape_roster_cell(value) if isinstance(value, str) else value


def _people(count: int, labels: dict[str, str]) -> str:
    return f"{count} {labels['person'] if count == 1 else labels['people']}"


def _severity(violation: Violation, lang: str) -> str:
    return severity_label(violation.severity, lang)


def _breakdown_text(name: str, breakdown: Breakdown, labels: dict[str, str], lang: str) -> str:
    parts = [
        f"{value_label(name, key, lang)} {count} ({breakdown.shares[key] * 100:.0f}%)"
        for key, count in sorted(breakdown.counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    extra = []
    if breakdown.undisclosed:
        extra.append(f"{labels['undisclosed']} {breakdown.undisclosed}")
    if breakdown.unknown:
        extra.append(f"{labels['unknown']} {breakdown.unknown}")
    text = ", ".join(parts) or "-"
    return f"    {labels[name]}: {text}" + (f"; {', '.join(extra)}" if extra else "")


def _session_text(item: SessionBalance, lang: str) -> list[str]:
    labels = tr_table(lang, _MSGIDS)
    session = item.session
    lines = [
        f"[{session.id}] {session.title(lang)} ({kind_label(session.kind, lang)}, "
        f"{item.composition.size} {labels['panel']})"
    ]
    for name in ("gender", "region", "category"):
        lines.append(_breakdown_text(name, getattr(item.composition, name), labels, lang))
    for violation in item.violations:
        lines.append(
            f"  {_severity(violation, lang)} {violation.rule_id}: {violation.message(lang)}"
        )
    return lines


def render_text(
    report: BalanceReport, lang: str, programme: bool = True, summary: bool = False
) -> str:
    """The report as text: per session composition and violations, then the programme
    (with ``summary``: the report lines beside the rules)."""
    labels = tr_table(lang, _MSGIDS)
    lines: list[str] = []
    for item in report.sessions:
        lines += _session_text(item, lang)
    if programme:
        groups = [("programme_panel", report.programme)]
        if report.speakers is not None:
            groups.insert(0, ("programme_speakers", report.speakers))
        for key, composition in groups:
            lines.append(f"{labels[key]} ({_people(composition.size, labels)})")
            for name in ("gender", "region", "category"):
                lines.append(_breakdown_text(name, getattr(composition, name), labels, lang))
        for violation in report.programme_violations:
            lines.append(
                f"  {_severity(violation, lang)} {violation.rule_id}: {violation.message(lang)}"
            )
        if summary:
            lines += summary_lines(report.summary, lang)
    totals = labels["summary"].format(e=len(report.errors), w=len(report.warnings))
    lines.append(totals if report.violations else f"{totals}: {labels['clean']}")
    return "\n".join(lines) + "\n"


def render_csv(report: BalanceReport, lang: str) -> str:
    """One row per composition figure and per violation (formula-like cells escaped)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "record",
            "session_id",
            "session",
            "dimension",
            "key",
            "count",
            "share",
            "severity",
            "rule",
            "message",
        ]
    )
    scopes: list[tuple[int | str, str, Composition, tuple[Violation, ...]]] = [
        (s.session.id, s.session.title(lang), s.composition, s.violations) for s in report.sessions
    ]
    scopes.append(
        ("", tr_table(lang, _MSGIDS)["programme"], report.programme, report.programme_violations)
    )
    for sid, title, composition, violations in scopes:
        for name in ("gender", "region", "category"):
            breakdown: Breakdown = getattr(composition, name)
            for key, count in sorted(breakdown.counts.items()):
                share = f"{breakdown.shares[key]:.4f}"
                writer.writerow(
                    map(
                        escape_cell,
                        ["composition", sid, title, name, key, count, share, "", "", ""],
                    )
                )
            for key in ("undisclosed", "unknown"):
                if getattr(breakdown, key):
                    writer.writerow(
                        map(
                            escape_cell,
                            [
                                "composition",
                                sid,
                                title,
                                name,
                                key,
                                getattr(breakdown, key),
                                "",
                                "",
                                "",
                                "",
                            ],
                        )
                    )
        for v in violations:
            writer.writerow(
                map(
                    escape_cell,
                    [
                        "violation",
                        sid,
                        title,
                        "",
                        "",
                        "",
                        "",
                        v.severity,
                        v.rule_id,
                        v.message(lang),
                    ],
                )
            )
    return buffer.getvalue()


_EPILOG = "\b\nRules (id, default severity):\n" + "\n".join(
    f"  {spec.id} ({spec.defaults.severity}): {spec.title_en}" for spec in RULES.values()
)


@click.group("balance", invoke_without_command=True, epilog=_EPILOG)
@click.option("--session", "session_id", type=int, help="Only this session (plus programme rules).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings (errors exit 2).")
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the text output.")
@click.option(
    "--summary",
    "with_summary",
    is_flag=True,
    help="Also print gender of speakers and of chairs apart, government by sector and level, "
    "ECLAC sub-regions, LDC/LLDC/SIDS, demography and LDC/LLDC participation.",
)
@click.pass_context
def balance(
    ctx: click.Context,
    session_id: int | None,
    fmt: str,
    strict: bool,
    lang: str | None,
    with_summary: bool,
) -> None:
    """Panel composition (gender, region, stakeholder category) and balance rule violations.

    Exit codes: 0 clean, 2 with errors, 1 with warnings only when --strict.
    Rules and thresholds: [balance.rules.<id>] in the config file.
    """
    if ctx.invoked_subcommand is not None:
        return
    app = ctx.find_object(AppContext)
    assert app is not None
    lang = lang or app.config.ui.language
    report = app.services.balance.evaluate(session_id, lang).report
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(render_csv(report, lang), nl=False)
    else:
        click.echo(render_text(report, lang, summary=with_summary), nl=False)
    ctx.exit(report.exit_code(strict))


@balance.command("suggest")
@click.option("--session", "session_id", type=int, help="Suggestions for this session.")
@click.option(
    "--programme",
    "meeting_wide",
    is_flag=True,
    help="Suggestions for the meeting-wide rules, over every session.",
)
@click.option("--rule", "rule_id", type=click.Choice(list(RULES)), help="Only this rule.")
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True)
@click.option(
    "--apply", "apply_index", type=int, help="Apply suggestion number N (1-based) of this list."
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--lang", type=click.Choice(["en", "es"]), help="Language of the text output.")
@pass_app
def balance_suggest(
    app: AppContext,
    session_id: int | None,
    meeting_wide: bool,
    rule_id: str | None,
    limit: int,
    apply_index: int | None,
    fmt: str,
    lang: str | None,
) -> None:
    """Who could be added or swapped in to fix or improve balance violations.

    Each suggestion says which rules it fixes, improves and breaks (never an error rule)."""
    lang = lang or app.config.ui.language
    if (session_id is None) == (not meeting_wide):
        raise click.UsageError(tr(lang, "give either --session ID or --programme"))
    if meeting_wide and apply_index is not None:
        raise click.UsageError(tr(lang, "--apply works with --session only"))
    try:
        if session_id is None:
            found = app.services.balance.meeting_suggestions(rule_id, limit=limit, lang=lang)
        else:
            found = app.services.balance.suggestions(
                session_id, rule_id, limit=limit, lang=lang, apply_number=apply_index
            )
    except SuggestionNumberError as exc:
        raise click.BadParameter(str(exc), param_hint="--apply") from None
    labels = tr_table(lang, _MSGIDS)
    if fmt == "json":
        items = [s.suggestion.to_dict() for s in found.items]
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
    elif found.empty_reason == "break":
        click.echo(labels["break"].format(id=session_id))
    elif found.empty_reason == "no_violations" and session_id is None:
        click.echo(tr(lang, "no meeting-wide balance violations: nothing to improve"))
    elif found.empty_reason == "no_violations":
        rule = labels["rule"].format(rule=rule_id) if rule_id else ""
        click.echo(labels["no_violations"].format(id=session_id, rule=rule))
    elif not found.items:
        click.echo(labels["none"])
    else:
        for number, item in enumerate(found.items, 1):
            click.echo(f"{number}. [{item.rule_id}] {item.action}  (person {item.person_id})")
    if found.applied_assignment_id is not None:
        click.echo(f"Applied: assignment {found.applied_assignment_id} created", err=True)


def register(root: click.Group) -> None:
    """Add `balance` (with `suggest`) to the root group."""
    root.add_command(balance)
