"""Configuration: every error names the file, the key and the reason, and exits 2
before anything starts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from meetingctl.config import Config, ConfigError, load_config
from meetingctl.secrets import SecretError, load_secrets
from tests.conftest import REPO_ROOT, run_cli


def _write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_is_valid_and_documents_every_section() -> None:
    example = REPO_ROOT / "config.example.toml"
    config = load_config(example)
    assert isinstance(config, Config)
    text = example.read_text(encoding="utf-8")
    for section in Config.model_fields:
        if section != "source":
            assert f"[{section}" in text, f"config.example.toml does not document [{section}]"


def test_missing_default_config_gives_defaults() -> None:
    config = load_config(None)
    assert config.mail.transport == "file"
    assert config.agenda.working_hours_start == "07:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[mail]\ntransprot = 'smtp'\n", r"key 'mail.transprot': unknown key"),
        ("[mail.smtp]\nport = 'twenty-five'\n", r"key 'mail.smtp.port': .*integer"),
        ("[mail.smtp]\nport = 70000\n", r"key 'mail.smtp.port': .*65535"),
        ("[mail]\ntransport = 'pigeon'\n", r"key 'mail.transport': .*'file'"),
        (
            "[meeting]\nhome_timezone = 'America/Santigo'\n",
            r"key 'meeting.home_timezone'.*America/Santiago",
        ),
        ("[agenda]\nworking_hours_start = '7am'\n", r"key 'agenda.working_hours_start'"),
        (
            "[balance.rules.gender-share]\nseverity = 'fatal'\n",
            r"balance.rules.gender-share.severity",
        ),
        ("colour = 'blue'\n", r"key 'colour': unknown key"),
        ("[mail\n", r"invalid TOML"),
        ("[mail]\nsender = 'secretariat at example.org'\n", r"key 'mail.sender': .*e-mail"),
        ("[meeting]\nsecretariat_email = 'secretariat'\n", r"key 'meeting.secretariat_email'"),
    ],
)
def test_each_config_error_names_file_key_and_reason(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError, match=expected) as caught:
        load_config(path)
    assert str(path) in str(caught.value)


def test_config_errors_do_not_echo_secret_values(tmp_path: Path) -> None:
    path = _write(tmp_path, "[mail.smtp]\npassword_secret = 12345\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "12345" not in str(caught.value)


def test_not_utf8_and_missing_explicit_file(tmp_path: Path) -> None:
    latin = tmp_path / "latin.toml"
    latin.write_bytes("[meeting]\nsecretariat_name = 'Secretar\xeda'\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(latin)
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "absent.toml")


def test_cli_exits_2_on_config_error_before_touching_the_database(tmp_path: Path) -> None:
    path = _write(tmp_path, "[database]\nurl = 42\n")
    db = tmp_path / "never.db"
    result = run_cli("--config", str(path), "--db", f"sqlite:///{db}", "agenda", "show")
    assert result.returncode == 2
    assert f"{path}: key 'database.url'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not db.exists()


def test_config_from_environment_variable(tmp_path: Path) -> None:
    path = _write(tmp_path, "[ui]\nlanguage = 'klingon'\n")
    result = run_cli("agenda", "show", env={"MEETINGCTL_CONFIG": str(path)})
    assert result.returncode == 2
    assert "ui.language" in result.stderr


def test_secrets_from_environment_then_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets_file = _write(
        tmp_path, 'SMTP_PASSWORD = "from-file"\nZOOM_CLIENT_SECRET = "z"\n', "secrets.toml"
    )
    os.chmod(secrets_file, 0o600)
    secrets = load_secrets(str(secrets_file))
    assert secrets.require("SMTP_PASSWORD", "SMTP") == "from-file"
    monkeypatch.setenv("SMTP_PASSWORD", "from-env")
    assert load_secrets(str(secrets_file)).require("SMTP_PASSWORD", "SMTP") == "from-env"
    assert "from-file" not in repr(secrets) and "z" not in repr(secrets).replace("Secrets", "")
    with pytest.raises(SecretError, match="WEBEX_TOKEN.*export WEBEX_TOKEN"):
        secrets.require("WEBEX_TOKEN", "Webex")


def test_secrets_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    secrets_file = _write(tmp_path, "A=b\n", "secrets.env")
    os.chmod(secrets_file, 0o644)
    with pytest.raises(SecretError, match="chmod 600"):
        load_secrets(str(secrets_file))
    os.chmod(secrets_file, 0o600)
    assert load_secrets(str(secrets_file))["A"] == "b"


def test_balance_sids_list_is_m49_by_default_and_only_a_known_list(tmp_path: Path) -> None:
    assert load_config(_write(tmp_path, "")).balance.sids_list == "m49"
    chosen = load_config(_write(tmp_path, '[balance]\nsids_list = "ohrlls"\n'))
    assert chosen.balance.sids_list == "ohrlls"
    with pytest.raises(ConfigError, match="sids_list"):
        load_config(_write(tmp_path, '[balance]\nsids_list = "aosis"\n'))


def test_a_relative_secrets_file_is_found_next_to_the_config_not_in_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: ``[secrets] file = "secrets.env"`` means the file beside the config file,
    whatever folder the command is started from (cron, systemd, another shell)."""
    from meetingctl.context import AppContext

    folder = tmp_path / "conf"
    folder.mkdir()
    config = _write(folder, '[secrets]\nfile = "secrets.env"\n')
    os.chmod(_write(folder, "SMTP_PASSWORD=beside-the-config\n", "secrets.env"), 0o600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # a decoy with the same name in the working directory must not be read
    os.chmod(_write(elsewhere, "SMTP_PASSWORD=from-the-cwd\n", "secrets.env"), 0o600)
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("SMTP_PASSWORD", raising=False)
    loaded = load_config(config)
    assert loaded.secrets.file == str(folder / "secrets.env")
    context = AppContext(config_path=str(config))
    assert context.secrets.require("SMTP_PASSWORD", "SMTP") == "beside-the-config"
    # a relative --config path works the same
    monkeypatch.chdir(tmp_path)
    relative = AppContext(config_path="conf/config.toml")
    assert relative.secrets.require("SMTP_PASSWORD", "SMTP") == "beside-the-config"
    # absolute and ~ paths are kept as written
    home = _write(folder, '[secrets]\nfile = "~/meetingctl-secrets.env"\n', "home.toml")
    assert load_config(home).secrets.file == "~/meetingctl-secrets.env"
