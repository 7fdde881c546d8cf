"""A new language is only a new catalog: init it from the extracted template, translate, compile;
the TUI, the command line and the invitations switch to it with no code change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from agenda.i18n import catalog
from agenda.messaging.invitations import (
    MeetingView,
    Organizer,
    RecipientView,
    SessionView,
    build_message,
)
from agenda.model.enums import MessageKind
from meetingctl import catalogs
from meetingctl.cli import main
from meetingctl.tui.i18n import Translator

ITALIAN = {
    "Round tables": "Tavole rotonde",
    "Usage:": "Utilizzo:",
    "Commands": "Comandi",
    "Invitation: {title} ({meeting})": "Invito: {title} ({meeting})",
    "Dear {name},": "Gentile {name},",
}


@pytest.fixture
def toy_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    locale_dir = tmp_path / "locale"
    po = catalogs.init("it", catalogs.extract(), locale_dir=locale_dir)  # extract + init
    toy = catalogs.read(po)
    for msgid, text in ITALIAN.items():  # translate (a translator would use Poedit/Weblate)
        toy[msgid].string = text
    catalogs.write(toy, po)
    catalogs.compile_all(locale_dir)  # compile: meetingctl.mo next to the .po
    monkeypatch.setattr(catalog, "LOCALE_DIR", locale_dir)
    catalog.translations.cache_clear()
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "empty.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("MEETINGCTL_CONFIG", str(tmp_path / "empty.toml"))
    yield locale_dir
    catalog.translations.cache_clear()


def test_the_tui_the_cli_and_an_invitation_switch_to_the_new_catalog(
    toy_locale: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (toy_locale / "it" / "LC_MESSAGES" / "meetingctl.mo").exists()
    assert Translator("it").t("mode.round_tables") == "Tavole rotonde"

    assert main(["--lang", "it", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Utilizzo: meetingctl") and "Comandi:" in out
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    assert main(["--help"]) == 0 and "Comandi:" in capsys.readouterr().out

    meeting = MeetingView("Regional review", "Examen regional", "America/Santiago", "es")
    session = SessionView(
        "uid-1@example.org",
        "Round table 1",
        "Mesa redonda 1",
        datetime(2021, 4, 26, 14, tzinfo=UTC),
        datetime(2021, 4, 26, 15, tzinfo=UTC),
    )
    person = RecipientView(1, "Ana Pérez", "ana@example.org", ("it", "es"))
    message = build_message(
        meeting,
        session,
        person,
        MessageKind.INVITATION,
        Organizer("secretariat@example.org", "Secretariat", "example.org"),
        now=datetime(2021, 4, 1, tzinfo=UTC),
        key="k",
    )
    parsed = message_from_bytes(message.mime, policy=policy.default)
    assert parsed["Subject"] == "Invito: Round table 1 (Regional review)"
    assert parsed["Content-Language"] == "it"
    plain = str(parsed.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert plain.startswith("Gentile Ana Pérez,") and "lunedì 26 aprile 2021" in plain
