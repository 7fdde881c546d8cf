"""Every field of the annex in the document's language: tracks, positions, organizations;
the other language only with its visible mark."""

from __future__ import annotations

from agenda.annex.document import build_annex
from agenda.programme.reading import FALLBACK_MARK
from tests.agenda.annex.test_annex_data import build_dataset


def test_track_in_the_document_language_with_the_mark_when_missing() -> None:
    meeting, sessions, people = build_dataset()
    sessions[1].track, sessions[1].track_es = "Youth track", "Línea juvenil"
    spanish = build_annex(meeting, sessions, people, "es", "confirmed")
    assert spanish.days[0].items[1].kind_line == "Mesa redonda – Línea juvenil"
    english = build_annex(meeting, sessions, people, "en", "confirmed")
    assert english.days[0].items[1].kind_line == "Round table – Youth track"
    sessions[1].track_es = ""
    unmarked = build_annex(meeting, sessions, people, "es", "confirmed")
    assert unmarked.days[0].items[1].kind_line == f"Mesa redonda – {FALLBACK_MARK}Youth track"


def test_organization_in_spanish_when_recorded_and_as_recorded_otherwise() -> None:
    meeting, sessions, people = build_dataset()
    zuniga = next(p for p in people if p.family_name == "Zúñiga")
    assert zuniga.organization is not None
    zuniga.organization.name = "Ministry of Foreign Affairs of Chile"
    zuniga.organization.name_es = "Ministerio de Relaciones Exteriores de Chile"
    zuniga.position = "Deputy Minister for Foreign Affairs"
    zuniga.position_es = "Subsecretaria de Relaciones Exteriores"
    for lang, organization, position in (
        (
            "es",
            "Ministerio de Relaciones Exteriores de Chile",
            "Subsecretaria de Relaciones Exteriores",
        ),
        ("en", "Ministry of Foreign Affairs of Chile", "Deputy Minister for Foreign Affairs"),
    ):
        annex = build_annex(meeting, sessions, people, lang, "confirmed")
        head = annex.groups[0].delegations[1].entries[0]
        assert (head.organization, head.position) == (organization, position)
