"""Annex (g) as Markdown: headings and lists, with Markdown control characters escaped."""

from __future__ import annotations

import os
import re
from pathlib import Path

from agenda.annex.document import Annex
from agenda.annex.exporters import write_output
from agenda.annex.exporters.docx import entry_text
from agenda.annex.participants import first_member
from agenda.i18n.export import label

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+\.)(?=\s)")


def _escape_marker(match: re.Match[str]) -> str:
    marker = match.group(2)
    escaped = marker[:-1] + "\\." if marker.endswith(".") else "\\" + marker
    return match.group(1) + escaped


def md_escape(text: str, *, line_start: bool = False) -> str:
    """Escape characters Markdown would interpret (emphasis, links, HTML, headings); with
    ``line_start``, also a leading list marker ("-", "+", "1.")."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    if line_start:
        escaped = _LINE_START.sub(_escape_marker, escaped)
    return escaped


def render_annex_markdown(annex: Annex) -> str:
    """The annex as a Markdown document."""
    lang = annex.lang
    out = [
        f"# {md_escape(annex.annex_title)}",
        "",
        md_escape(annex.meeting_title, line_start=True),
        "",
        f"## {md_escape(annex.organization_title)}",
        "",
        md_escape(annex.times_note, line_start=True),
        "",
    ]
    if not annex.days:
        out += [md_escape(label("no_sessions", lang)), ""]
    for day in annex.days:
        out += [f"### {md_escape(day.heading)} – {md_escape(day.date)}", ""]
        for item in day.items:
            offset = "" if item.utc_offset == annex.common_offset else f" ({item.utc_offset})"
            out.append(
                f"- **{md_escape(item.start)}–{md_escape(item.end)}{md_escape(offset)}** "
                f"{md_escape(item.title)}"
                + (f" *{md_escape(item.kind_line)}*" if item.kind_line else "")
            )
            out += [f"  - {md_escape(line)}" for line in item.detail_lines]
        out.append("")
    out += [
        f"## {md_escape(annex.participants_title)}",
        "",
        md_escape(annex.counted_note, line_start=True),
        "",
    ]
    if not annex.groups:
        out += [md_escape(label("no_participants", lang)), ""]
    for group in annex.groups:
        out += [f"### {group.letter}. {md_escape(group.title)}", ""]
        for delegation in group.delegations:
            out += [f"#### {md_escape(delegation.name)}", ""]
            for entry in delegation.entries:
                if entry is first_member(delegation):
                    out.append(f"- *{md_escape(delegation.members_label)}:*")
                role = f"**{md_escape(entry.role)}:** " if entry.role else ""
                out.append(f"- {role}{md_escape(entry_text(entry))}")
            out.append("")
    return "\n".join(out)


def write_annex_markdown(
    annex: Annex, path: str | os.PathLike[str], *, force: bool = False
) -> Path:
    """Write the annex as a Markdown file at ``path``."""
    return write_output(
        path,
        lambda temp: temp.write_text(render_annex_markdown(annex), encoding="utf-8"),
        force=force,
    )
