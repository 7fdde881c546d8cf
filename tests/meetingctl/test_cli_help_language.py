"""The command line's help follows --lang, then [ui] language, then LANG; English by default."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetingctl.cli import main


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "empty.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("MEETINGCTL_CONFIG", str(tmp_path / "empty.toml"))


def _help(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main([*args, "--help"]) == 0
    return capsys.readouterr().out


def test_lang_es_help_is_spanish_then_english_again(capsys: pytest.CaptureFixture[str]) -> None:
    spanish = _help(capsys, "--lang", "es")
    assert spanish.startswith("Uso: meetingctl")
    assert "Opciones:" in spanish and "Comandos:" in spanish
    assert "Preparar el programa de una reunión intergubernamental" in spanish
    assert "Mostrar, controlar, publicar y comparar el programa." in spanish
    assert "Mostrar este mensaje y salir." in spanish
    assert "Show, check, publish" not in spanish
    english = _help(capsys)
    assert english.startswith("Usage: meetingctl") and "Show, check, publish" in english


def test_subcommand_help_and_its_options_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "people", "import", "--lang", "es")
    assert "Importar personas desde un archivo CSV o XLSX" in text
    assert "Verificar e informar; no escribir nada." in text


def test_lang_environment_and_config_choose_the_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LANG", "es_CL.UTF-8")
    assert "Comandos:" in _help(capsys)
    config = tmp_path / "config.toml"
    config.write_text('[ui]\nlanguage = "en"\n', encoding="utf-8")
    monkeypatch.setenv("MEETINGCTL_CONFIG", str(config))
    assert "Commands:" in _help(capsys)  # [ui] language before LANG
    assert "Comandos:" in _help(capsys, "--lang", "es")  # --lang before both
    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # no catalog: English
    (tmp_path / "empty.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("MEETINGCTL_CONFIG", str(tmp_path / "empty.toml"))
    assert "Commands:" in _help(capsys)


def test_an_error_raised_with_a_msgid_is_printed_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'missing.db'}"
    assert main(["--lang", "es", "--db", url, "agenda", "show"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: el archivo de la base de datos") and "no existe" in err
    assert main(["--db", url, "agenda", "show"]) == 2
    assert "the database file" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()
