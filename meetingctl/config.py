"""Configuration: TOML loaded with tomllib, validated against a typed schema (pydantic).

Unknown keys and wrong types are rejected with the file, the key and the reason. Secrets never
live in the config: it names environment variables or a secrets file
(see :mod:`meetingctl.secrets`).
"""

from __future__ import annotations

import os
import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    field_validator,
    model_validator,
)

from agenda.model.errors import MeetingctlError

APP_NAME = "meetingctl"
ENV_CONFIG = "MEETINGCTL_CONFIG"
ENV_DATABASE = "MEETINGCTL_DATABASE_URL"

Severity = Literal["error", "warning", "off"]
HHMM = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class ConfigError(MeetingctlError):
    """The configuration file is missing, unreadable or invalid."""

    exit_code = 2


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MeetingDefaults(_Section):
    home_timezone: str = "America/Santiago"
    default_language: Literal["en", "es"] = "es"
    interpretation_languages: list[str] = ["es", "en"]
    optional_interpretation_languages: list[str] = ["fr", "pt"]
    secretariat_name: str = "Secretariat"
    secretariat_email: str = "secretariat@example.org"
    uid_domain: str = "meetingctl.invalid"

    @field_validator("home_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return _check_zone(value)

    @field_validator("secretariat_email")
    @classmethod
    def _email(cls, value: str) -> str:
        return _check_email(value)


class DatabaseSettings(_Section):
    url: str | None = None


class SmtpSettings(_Section):
    host: str = "127.0.0.1"
    port: int = Field(587, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password_secret: str = "SMTP_PASSWORD"
    timeout: float = Field(30.0, gt=0)
    ca_bundle: str | None = None


class GraphSettings(_Section):
    tenant_id: str = ""
    client_id: str = ""
    client_secret_secret: str = "GRAPH_CLIENT_SECRET"
    authority: str = "https://login.microsoftonline.com"
    base_url: str = "https://graph.microsoft.com/v1.0"
    mailbox: str = ""
    max_concurrency: int = Field(4, ge=1, le=4)


class MailSettings(_Section):
    transport: Literal["file", "smtp", "graph", "graph-events"] = "file"
    outbox_dir: str | None = None
    sender: str | None = None
    sender_name: str | None = None
    smtp: SmtpSettings = SmtpSettings()
    graph: GraphSettings = GraphSettings()

    @field_validator("sender")
    @classmethod
    def _sender(cls, value: str | None) -> str | None:
        return None if value is None else _check_email(value)


class JitsiSettings(_Section):
    base_url: str = "https://meet.jit.si"


class ZoomSettings(_Section):
    account_id: str = ""
    client_id: str = ""
    client_secret_secret: str = "ZOOM_CLIENT_SECRET"
    oauth_url: str = "https://zoom.us/oauth/token"
    base_url: str = "https://api.zoom.us/v2"
    user_id: str = "me"
    waiting_room: bool = True
    alternative_hosts: list[str] = []
    interpreters: list[dict[str, str]] = []


class TeamsSettings(_Section):
    mode: Literal["online-meeting", "event"] = "event"
    organizer: str = ""


class WebexSettings(_Section):
    base_url: str = "https://webexapis.com/v1"
    token_secret: str = "WEBEX_TOKEN"
    interpreters: list[dict[str, str]] = []
    co_hosts: list[str] = []


class VideoSettings(_Section):
    platform: Literal["jitsi", "zoom", "teams", "webex", "none"] = "jitsi"
    scope: Literal["session", "day"] = "session"
    jitsi: JitsiSettings = JitsiSettings()
    zoom: ZoomSettings = ZoomSettings()
    teams: TeamsSettings = TeamsSettings()
    webex: WebexSettings = WebexSettings()


class RuleSetting(_Section):
    severity: Severity = "warning"
    min: float | None = None
    max: float | None = None
    value: float | None = None


class BalanceRuleSetting(_Section):
    """One balance rule: severity and thresholds; anything not set keeps the rule's default."""

    severity: Severity | None = None
    min: float | None = Field(None, ge=0, le=1)
    max: float | None = Field(None, ge=0, le=1)
    value: float | None = Field(None, ge=0)
    #: gender-single: also count moderators and chairs (default false, speakers only).
    include_chairs: bool | None = None
    #: stakeholder-nongov: the stakeholder categories that count as civil society.
    categories: list[str] | None = None
    #: lang-region: the region's languages; lang-interpretation: the languages interpreted.
    languages: list[str] | None = None
    #: stakeholder-youth: "un" (15-24, default) or "18-35".
    definition: str | None = None


class BalanceSettings(_Section):
    """[balance.rules.<id>] tables; ids and thresholds are checked against agenda.balance.RULES.

    ``sids_list`` names the list of small island developing States the SIDS rules use:
    ``m49`` (UNSD M49, the default) or ``ohrlls`` (UN-OHRLLS); see agenda.reference.is_sids.
    """

    rules: dict[str, BalanceRuleSetting] = {}
    sids_list: Literal["m49", "ohrlls"] = "m49"

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, value: dict[str, BalanceRuleSetting]) -> dict[str, BalanceRuleSetting]:
        from agenda.balance.rules import resolve_rules
        from agenda.model.errors import ValidationError as DomainValidationError

        try:
            resolve_rules(value)
        except DomainValidationError as exc:
            raise ValueError(str(exc)) from None
        return value


class AgendaRuleSetting(_Section):
    """[agenda.rules.<rule-id>]: the severity of one agenda check (``off`` disables it)."""

    severity: Literal["error", "warning", "info", "off"] | None = None


class AgendaSettings(_Section):
    working_hours_start: HHMM = "07:00"
    working_hours_end: HHMM = "22:00"
    rules: dict[str, AgendaRuleSetting] = {}

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, value: dict[str, AgendaRuleSetting]) -> dict[str, AgendaRuleSetting]:
        from agenda.programme.checks import RULE_IDS

        unknown = sorted(set(value) - set(RULE_IDS))
        if unknown:
            raise ValueError(
                f"unknown agenda rule(s) {', '.join(unknown)}; rules are {', '.join(RULE_IDS)}"
            )
        return value

    @model_validator(mode="after")
    def _window(self) -> AgendaSettings:
        if self.working_hours_start >= self.working_hours_end:
            raise ValueError("working_hours_start must be earlier than working_hours_end")
        return self


class SchedulerSettings(_Section):
    send_invitations: Literal["on-publish", "days-before", "manual"] = "on-publish"
    invitations_days_before: int = Field(14, ge=0)
    reminder_hours: list[float] = [24.0, 1.0]
    nudge_after_days: int = Field(5, ge=0)
    quiet_hours_start: HHMM = "21:00"
    quiet_hours_end: HHMM = "08:00"
    batch_size: int = Field(50, ge=1)
    max_attempts: int = Field(8, ge=1)
    backoff_seconds: float = Field(60.0, gt=0)
    dispatch_interval_seconds: float = Field(30.0, gt=0)
    misfire_grace_seconds: int = Field(3600, ge=1)
    record_every: int = Field(10, ge=1)
    backoff_max_seconds: float = Field(21600.0, gt=0)
    claim_timeout_seconds: float = Field(300.0, gt=0)
    plan_interval_seconds: float = Field(60.0, gt=0)
    standby_poll_seconds: float = Field(5.0, gt=0)
    transport_backoff_seconds: float = Field(30.0, gt=0)
    transport_backoff_max_seconds: float = Field(1800.0, gt=0)

    @field_validator("reminder_hours")
    @classmethod
    def _reminders(cls, value: list[float]) -> list[float]:
        unsupported = [h for h in value if float(h) not in (24.0, 1.0)]
        if unsupported:
            raise ValueError(
                f"reminders are sent 24 and/or 1 hours before; {unsupported} not supported"
            )
        return value


class ExportSettings(_Section):
    participants: Literal["registered", "confirmed", "attended"] = "confirmed"
    output_dir: str | None = None
    #: The organizing entities listed last in annex (g) as the secretariat (English acronyms
    #: of the packaged UN/IGO table or organization names), in this order.
    secretariat: list[str] = ["ECLAC", "IOM"]
    #: Optional cover block of the annex and report (empty: no block).
    document_symbol: str = Field("", max_length=80)
    document_date: date | None = None
    document_place: str = Field("", max_length=120)
    original_language: Literal["", "en", "es"] = ""


class SiteSettings(_Section):
    """What the static programme site (`meetingctl export site`) shows of people."""

    show_participants: StrictBool = False
    show_video_links: StrictBool = False
    show_emails: StrictBool = False
    base_url: str | None = None

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from agenda.site.paths import check_base_url

        return check_base_url(value)


class UiSettings(_Section):
    language: Literal["en", "es"] = "en"


class SecretsSettings(_Section):
    #: a relative path is relative to the config file's folder (resolved by ``parse_config``)
    file: str | None = None


class RepliesSettings(_Section):
    """[replies]: the secretariat's mailbox, read over IMAP for iTIP replies (issue 14).

    Empty ``host``: replies are only read from files (``meetingctl replies import``).
    ``poll_seconds`` 0: the scheduler does not fetch (``meetingctl replies fetch`` still does).
    """

    host: str = ""
    port: int = Field(993, ge=1, le=65535)
    security: Literal["tls", "starttls"] = "tls"
    username: str = ""
    password_secret: str = "IMAP_PASSWORD"
    folder: str = Field("INBOX", min_length=1)
    processed_folder: str = Field("meetingctl-processed", min_length=1)
    poll_seconds: float = Field(0.0, ge=0)
    timeout: float = Field(30.0, gt=0)
    ca_bundle: str | None = None

    @model_validator(mode="after")
    def _coherent(self) -> RepliesSettings:
        if self.host and not self.username:
            raise ValueError(
                "[replies] username is missing: set the mailbox login next to [replies] host"
            )
        if self.processed_folder.strip().lower() == self.folder.strip().lower():
            raise ValueError(
                "[replies] processed_folder must differ from [replies] folder (processed "
                "messages are moved there)"
            )
        return self


class Config(_Section):
    """The whole configuration; every section has working defaults."""

    meeting: MeetingDefaults = MeetingDefaults()
    database: DatabaseSettings = DatabaseSettings()
    mail: MailSettings = MailSettings()
    video: VideoSettings = VideoSettings()
    balance: BalanceSettings = BalanceSettings()
    agenda: AgendaSettings = AgendaSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    exports: ExportSettings = ExportSettings()
    site: SiteSettings = SiteSettings()
    ui: UiSettings = UiSettings()
    replies: RepliesSettings = RepliesSettings()
    secrets: SecretsSettings = SecretsSettings()
    source: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _replies_source(self) -> Config:
        if self.replies.poll_seconds and not self.replies.host:
            if self.mail.transport != "graph-events":
                raise ValueError(
                    "[replies] poll_seconds is set but [replies] host is empty: set the IMAP "
                    'host (or use [mail] transport = "graph-events", whose answers are read '
                    "from the events) or remove poll_seconds"
                )
        return self


def _check_zone(value: str) -> str:
    """The one zone check; its UnknownZoneError is a ValueError, so pydantic reports it."""
    from agenda.time.zones import validate_zone

    return validate_zone(value)


def _check_email(value: str) -> str:
    """The roster's address check (its ValueError names the reason); the value is kept as typed."""
    from agenda.people.normalize import normalize_email

    normalize_email(value)
    return value


def default_config_path() -> Path:
    """The per-user config file (platformdirs)."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def default_data_dir() -> Path:
    """The per-user data directory (platformdirs)."""
    return Path(platformdirs.user_data_dir(APP_NAME))


def default_database_url() -> str:
    """The embedded SQLite database in the data directory."""
    return f"sqlite:///{default_data_dir() / 'meetingctl.db'}"


def resolve_config_path(explicit: str | os.PathLike[str] | None) -> tuple[Path | None, bool]:
    """Which config file to read: --config, then $MEETINGCTL_CONFIG, then the user path.

    Returns the path and whether it was asked for explicitly (then it must exist).
    """
    if explicit:
        return Path(explicit), True
    if os.environ.get(ENV_CONFIG):
        return Path(os.environ[ENV_CONFIG]), True
    path = default_config_path()
    return (path if path.exists() else None), False


def load_config(explicit: str | os.PathLike[str] | None = None) -> Config:
    """Load and validate the configuration; raise ConfigError naming file, key and reason."""
    path, required = resolve_config_path(explicit)
    if path is None:
        return Config()
    if not path.exists():
        if required:
            raise ConfigError(f"{path}: config file not found (check --config or ${ENV_CONFIG})")
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    """Validate a parsed TOML document."""
    where = str(path) if path else "<config>"
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_errors(where, exc)) from None
    update: dict[str, Any] = {"source": path}
    secrets_file = config.secrets.file
    if path is not None and secrets_file and not Path(secrets_file).expanduser().is_absolute():
        # relative to the config file's folder, not to wherever the command was started
        beside = str(path.absolute().parent / secrets_file)
        update["secrets"] = config.secrets.model_copy(update={"file": beside})
    return config.model_copy(update=update)


def _format_errors(where: str, exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(top level)"
        if error["type"] == "extra_forbidden":
            reason = "unknown key (check the spelling against config.example.toml)"
        else:
            reason = error["msg"]
            if "input" in error and error["type"] != "missing" and not _looks_secret(key):
                reason += f" (got {error['input']!r})"
        lines.append(f"{where}: key '{key}': {reason}")
    return "\n".join(lines)


def _looks_secret(key: str) -> bool:
    lowered = key.lower()
    return any(word in lowered for word in ("password", "secret", "token"))
