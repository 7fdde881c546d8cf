"""Annex (g) as a standalone HTML page: every value escaped, ``lang`` attribute set."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from agenda.annex.document import AgendaItem, Annex
from agenda.annex.exporters import write_output
from agenda.annex.exporters.docx import entry_text
from agenda.annex.participants import first_member
from agenda.i18n.export import label

_CSS = """
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; max-width: 50em;
       margin: 2em auto; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
th, td { border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #dde4ee; }
ul.participants { list-style: none; padding-left: 1em; }
""".strip()


def _session_cell(item: AgendaItem, lang: str) -> str:
    lines = [f"<strong>{escape(item.title)}</strong>"]
    if item.kind_line:
        lines.append(f"<em>{escape(item.kind_line)}</em>")
    lines += [escape(line) for line in item.detail_lines]
    return "<br>".join(lines)


def render_annex_html(annex: Annex) -> str:
    """The annex as a complete HTML document (UTF-8)."""
    lang = annex.lang
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(annex.annex_title)} – {escape(annex.meeting_title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(annex.annex_title)}</h1>",
        f"<p>{escape(annex.meeting_title)}</p>",
        f"<h2>{escape(annex.organization_title)}</h2>",
        f"<p>{escape(annex.times_note)}</p>",
    ]
    if not annex.days:
        out.append(f"<p>{escape(label('no_sessions', lang))}</p>")
    for day in annex.days:
        out.append(f"<h3>{escape(day.heading)} – {escape(day.date)}</h3>")
        out.append(
            f"<table><thead><tr><th>{escape(label('time', lang))}</th>"
            f"<th>{escape(label('session', lang))}</th></tr></thead><tbody>"
        )
        for item in day.items:
            offset = (
                "" if item.utc_offset == annex.common_offset else f"<br>({escape(item.utc_offset)})"
            )
            out.append(
                f"<tr><td>{escape(item.start)}–{escape(item.end)}{offset}</td>"
                f"<td>{_session_cell(item, lang)}</td></tr>"
            )
        out.append("</tbody></table>")
    out += [
        f"<h2>{escape(annex.participants_title)}</h2>",
        f"<p>{escape(annex.counted_note)}</p>",
    ]
    if not annex.groups:
        out.append(f"<p>{escape(label('no_participants', lang))}</p>")
    for group in annex.groups:
        out.append(f"<h3>{escape(group.letter)}. {escape(group.title)}</h3>")
        for delegation in group.delegations:
            out.append(f"<h4>{escape(delegation.name)}</h4>")
            out.append('<ul class="participants">')
            for entry in delegation.entries:
                if entry is first_member(delegation):
                    out.append(
                        f'<li class="members"><em>{escape(delegation.members_label)}:</em></li>'
                    )
                role = f"<strong>{escape(entry.role)}:</strong> " if entry.role else ""
                out.append(f"<li>{role}{escape(entry_text(entry))}</li>")
            out.append("</ul>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def write_annex_html(annex: Annex, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write the annex as an HTML file at ``path``."""
    return write_output(
        path, lambda temp: temp.write_text(render_annex_html(annex), encoding="utf-8"), force=force
    )
