"""Issue 18 item 8: a provider that echoes the request back leaks no secret, in any encoded
form, into the outbox, the CLI's output or the logs."""

from __future__ import annotations

import base64
import io
import json
import logging
import ssl
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
import trustme
from sqlalchemy import select

from agenda.model.uow import transaction
from meetingctl.config import parse_config
from meetingctl.delivery.tables import OutboxMessage
from meetingctl.secrets import Redactor, Secrets, install_log_redaction, redact
from tests.conftest import run_cli
from tests.integrations.standins.graph import GraphStandIn
from tests.integrations.standins.webex import WebexStandIn
from tests.integrations.standins.zoom import ZoomStandIn
from tests.meetingctl.delivery_helpers import future_demo
from tests.meetingctl.test_outbox_e2e import dispatch, publish_and_plan

GRAPH_SECRET = "Gr4ph~s3cret/with+plus=and&amp?"
ZOOM_ID, ZOOM_SECRET = "zoom-client", "z00m+s3cret/echo=d"
WEBEX_TOKEN = "webex-T0ken/+=echoed-back-1234"


def leaked_forms(secret: str, user: str = "") -> dict[str, str]:
    """Every form under which ``secret`` could travel, by name."""
    forms = {
        "raw": secret,
        "url-encoded": quote(secret, safe=""),
        "form-encoded": quote_plus(secret),
        "base64": base64.b64encode(secret.encode()).decode(),
        "json": json.dumps(secret)[1:-1],
    }
    if user:
        forms["basic"] = base64.b64encode(f"{user}:{secret}".encode()).decode()
    return forms


def assert_hidden(text: str, secret: str, user: str = "") -> None:
    """``text`` contains ``secret`` in none of its forms."""
    for name, form in leaked_forms(secret, user).items():
        assert form not in text, f"the secret leaked ({name}): {text!r}"


def test_every_encoded_form_of_a_known_secret_is_redacted() -> None:
    redactor = Redactor([ZOOM_SECRET])
    for user in ("", "a", "ab", "abc", ZOOM_ID):  # every base64 alignment of the secret
        basic = base64.b64encode(f"{user}:{ZOOM_SECRET}".encode()).decode()
        text = f"Authorization: Basic {basic}; body {quote_plus(ZOOM_SECRET)} {ZOOM_SECRET}"
        assert_hidden(redactor.redact(text), ZOOM_SECRET, user)
    assert redactor.redact("nothing secret here") == "nothing secret here"


def test_secrets_are_known_once_loaded_or_handed_out() -> None:
    secrets = Secrets({"FROM_FILE": "file-secret-value"}, env={"FROM_ENV": "env-secret-value"})
    assert "file-secret-value" not in redact("x file-secret-value y")
    assert secrets.require("FROM_ENV", "a test") == "env-secret-value"
    assert secrets.redact("got env-secret-value") == "got [redacted]"


def test_log_records_are_redacted_in_message_args_and_traceback() -> None:
    Secrets(env={"S": WEBEX_TOKEN}).require("S", "a test")
    logger = logging.getLogger("tests.redaction")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        install_log_redaction(logger)
        logger.warning("provider said %s", f"Bearer {WEBEX_TOKEN}")
        try:
            raise RuntimeError(quote(WEBEX_TOKEN, safe=""))
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    assert "[redacted]" in stream.getvalue()
    assert_hidden(stream.getvalue(), WEBEX_TOKEN)


@pytest.fixture
def graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[GraphStandIn]:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    standin = GraphStandIn(ssl_context=context, client_secret=GRAPH_SECRET)
    standin.start()
    yield standin
    standin.stop()


def oauth_echo(text: str) -> dict[str, str]:
    """The OAuth error shape with the request echoed in its description."""
    return {"error": "invalid_client", "error_description": text}


def test_graph_echoing_the_token_request_leaks_nothing_into_the_outbox_or_logs(
    db_factory, graph: GraphStandIn
) -> None:  # type: ignore[no-untyped-def]
    graph.inject_echo(401, oauth_echo, path_contains="/token", times=1000)
    config = parse_config(
        {
            "meeting": {"secretariat_email": "secretariat@example.org"},
            "mail": {
                "transport": "graph",
                "graph": {
                    "tenant_id": graph.tenant,
                    "client_id": graph.client_id,
                    "authority": graph.url,
                    "base_url": f"{graph.url}/v1.0",
                    "mailbox": "secretariat@example.org",
                },
            },
            "scheduler": {"quiet_hours_start": "00:00", "quiet_hours_end": "00:00"},
        }
    )
    meeting_id = future_demo(db_factory, people=20)
    assert publish_and_plan(db_factory, meeting_id, config).created
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    old_level, root.level = root.level, logging.DEBUG
    try:
        install_log_redaction()
        secrets = Secrets(env={"GRAPH_CLIENT_SECRET": GRAPH_SECRET})
        report = dispatch(db_factory, config, secrets=secrets)
    finally:
        root.removeHandler(handler)
        root.level = old_level
    echoed = [r for r in graph.requests if "/token" in r.path]
    assert echoed and quote_plus(GRAPH_SECRET) in echoed[0].body.decode()  # it was sent
    with transaction(db_factory) as db:
        errors = [row.last_error for row in db.scalars(select(OutboxMessage))]
    assert any("[redacted]" in e for e in errors)
    for text in [*errors, *report.errors, stream.getvalue()]:
        assert_hidden(text, GRAPH_SECRET)


def _write_config(tmp_path: Path, video: dict[str, object]) -> Path:
    lines = [f'[video]\nplatform = "{video.pop("platform")}"\n']
    for section, values in video.items():
        lines.append(f"[video.{section}]")
        lines.extend(f"{k} = {json.dumps(v)}" for k, v in values.items())  # type: ignore[attr-defined]
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _sync_via_cli(engine_url: str, config: Path, env: dict[str, str]):  # type: ignore[no-untyped-def]
    init = run_cli("--db", engine_url, "init", "--title", "Review", "--start", "2030-04-26")
    assert init.returncode == 0, init.stderr
    return run_cli("--config", str(config), "--db", engine_url, "video", "sync", env=env)


def test_zoom_echoing_the_basic_credentials_leaks_nothing_in_cli_output(
    engine_url: str, tmp_path: Path
) -> None:
    zoom = ZoomStandIn(client_id=ZOOM_ID, client_secret=ZOOM_SECRET)
    zoom.inject_echo(401, oauth_echo, path_contains="/oauth/token", times=1000)
    zoom.start()
    try:
        config = _write_config(
            tmp_path,
            {
                "platform": "zoom",
                "zoom": {
                    "account_id": zoom.account_id,
                    "client_id": ZOOM_ID,
                    "base_url": f"{zoom.url}/v2",
                    "oauth_url": f"{zoom.url}/oauth/token",
                },
            },
        )
        done = _sync_via_cli(engine_url, config, {"ZOOM_CLIENT_SECRET": ZOOM_SECRET})
    finally:
        zoom.stop()
    sent = zoom.recorded("POST", "/oauth/token")
    assert sent and "Basic " in (sent[0].headers.get("Authorization") or "")
    assert done.returncode != 0 and "[redacted]" in done.stderr
    assert_hidden(done.stdout + done.stderr, ZOOM_SECRET, ZOOM_ID)


def test_webex_echoing_the_token_leaks_nothing_in_cli_output(
    engine_url: str, tmp_path: Path
) -> None:
    webex = WebexStandIn(token=WEBEX_TOKEN)
    webex.inject_echo(400, lambda text: {"message": text, "trackingId": "ROUTER_1"}, times=1000)
    webex.start()
    try:
        config = _write_config(
            tmp_path, {"platform": "webex", "webex": {"base_url": f"{webex.url}/v1"}}
        )
        done = _sync_via_cli(engine_url, config, {"WEBEX_TOKEN": WEBEX_TOKEN})
    finally:
        webex.stop()
    assert webex.requests
    assert "[redacted]" in done.stdout + done.stderr
    assert_hidden(done.stdout + done.stderr, WEBEX_TOKEN)


def test_tui_error_notifications_are_redacted() -> None:
    from agenda.model.errors import ValidationError
    from meetingctl.tui.base import describe_error

    Secrets(env={"S": WEBEX_TOKEN}).require("S", "a test")
    message, severity = describe_error(None, ValidationError(f"echo {WEBEX_TOKEN}"))  # type: ignore[arg-type]
    assert severity == "error" and "[redacted]" in message
    assert_hidden(message, WEBEX_TOKEN)
