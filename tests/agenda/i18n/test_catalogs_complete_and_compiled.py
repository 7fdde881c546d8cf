"""The gettext catalogs: Spanish is complete (no untranslated or fuzzy msgid), every msgid the
sources mark is in every catalog, and the committed .mo files are the compiled .po files."""

from __future__ import annotations

import gettext
import io

import pytest
from babel.messages.mofile import read_mo

from agenda.i18n.catalog import LOCALE_DIR, tr, trnp, trp
from meetingctl import catalogs as tooling


@pytest.fixture(scope="module")
def template():  # type: ignore[no-untyped-def]
    return tooling.extract()


def _keys(catalog):  # type: ignore[no-untyped-def]
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def test_spanish_has_a_translation_for_every_msgid_and_none_is_fuzzy() -> None:
    catalog = tooling.read(tooling.po_path("es"))
    assert len(catalog) > 300
    assert list(tooling.untranslated(catalog)) == []


@pytest.mark.parametrize("lang", tooling.languages())
def test_extraction_finds_no_msgid_missing_from_the_catalog(lang: str, template) -> None:  # type: ignore[no-untyped-def]
    missing = _keys(template) - _keys(tooling.read(tooling.po_path(lang)))
    assert not missing, f"run: python -m meetingctl.catalogs update ({sorted(missing)[:10]})"


def test_spanish_has_no_obsolete_msgid(template) -> None:  # type: ignore[no-untyped-def]
    extra = _keys(tooling.read(tooling.po_path("es"))) - _keys(template)
    assert not extra, sorted(extra)[:10]


@pytest.mark.parametrize("lang", tooling.languages())
def test_committed_mo_is_the_compiled_po(lang: str) -> None:
    po = tooling.po_path(lang)
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"run: python -m meetingctl.catalogs compile ({mo} missing)"
    committed = read_mo(io.BytesIO(mo.read_bytes()))
    fresh = read_mo(io.BytesIO(tooling.mo_bytes(tooling.read(po))))
    assert committed.mime_headers == fresh.mime_headers
    assert _messages(committed) == _messages(fresh), "run: python -m meetingctl.catalogs compile"


def _messages(catalog):  # type: ignore[no-untyped-def]
    def key(value):  # type: ignore[no-untyped-def]
        return tuple(value) if isinstance(value, list | tuple) else value

    return {(m.context, key(m.id)): key(m.string) for m in catalog if m.id}


def test_the_runtime_reads_the_compiled_spanish() -> None:
    assert gettext.find("meetingctl", LOCALE_DIR, ["es"])
    assert tr("es", "Round tables") == "Mesas redondas"
    assert trp("es", "status male", "Accepted") == "Aceptado"
    assert trp("es", "status female", "Accepted") == "Aceptada"
    assert trnp("es", "count", "{n} row", "{n} rows", 2) == "{n} filas"
    assert trnp("es", "count", "{n} row", "{n} rows", 1) == "{n} fila"
    assert tr("de", "Round tables") == "Round tables"


def test_spanish_follows_united_nations_usage() -> None:
    assert tr("es", "Member States of the Commission") == "Estados miembros de la Comisión"
    assert trp("es", "gender", "Woman") == "Mujer"
    assert trp("es", "session kind", "Round table") == "Mesa redonda"


_INVITATION_CONTEXTS = ("greeting", "as role", "honorific")


def _invitation_messages(template):  # type: ignore[no-untyped-def]
    for message in template:
        files = {location[0] for location in message.locations}
        context = message.context or ""
        if "agenda/i18n/invite.py" in files or context.startswith(_INVITATION_CONTEXTS):
            yield message


@pytest.mark.parametrize("lang", ["fr", "pt", "nl"])
def test_french_portuguese_and_dutch_translate_every_invitation_text(lang: str, template) -> None:  # type: ignore[no-untyped-def]
    catalog = tooling.read(tooling.po_path(lang))
    wanted = list(_invitation_messages(template))
    assert len(wanted) > 60
    missing = [
        (m.context, m.id)
        for m in wanted
        if not (found := catalog.get(m.id, context=m.context)) or not found.string or found.fuzzy
    ]
    assert missing == []
