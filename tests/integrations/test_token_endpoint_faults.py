"""Issue 14 item 6: a token endpoint answering 429/503 is retried (after its Retry-After), then
reported in plain words: no ``MsalServiceError: HTTP Error: 503``, nothing sent, nothing lost."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from agenda.messaging.types import SendStatus
from integrations.http import RateLimitError, ServerError
from integrations.mail.graph import GraphMailTransport
from integrations.video import MeetingSpec, ZoomSettings
from tests.integrations.test_graph_mail_lost_answers import MAILBOX, mail

TOKEN = "/oauth2/v2.0/token"
UNAVAILABLE = {"error": "temporarily_unavailable", "error_description": "AADSTS90033"}


def test_graph_token_503_twice_is_waited_for_then_mail_goes(
    graph_standin, graph_client, sleeps
) -> None:
    graph_standin.inject(503, UNAVAILABLE, path_contains=TOKEN, times=2, retry_after="2")
    results = GraphMailTransport(graph_client).send_batch([mail(1)])
    assert results[0].status is SendStatus.SENT
    assert sleeps.waits == [2.0, 2.0]
    assert len(graph_standin.sent_mail[MAILBOX]) == 1


@pytest.mark.parametrize(("status", "words"), [(503, "temporarily unavailable"), (429, "limiting")])
def test_graph_token_endpoint_down_is_told_in_plain_words(
    graph_standin, graph_client, status: int, words: str
) -> None:
    graph_standin.inject(status, UNAVAILABLE, path_contains=TOKEN, times=99, retry_after="7")
    results = GraphMailTransport(graph_client).send_batch([mail(1), mail(2)])
    assert all(r.status is SendStatus.UNAVAILABLE for r in results)  # not charged, kept
    error = str(results[0].error)
    assert words in error and "Microsoft identity platform" in error and "(in 7 s)" in error
    assert "MsalServiceError" not in error and "Traceback" not in error
    assert graph_standin.client_secret not in error
    assert graph_standin.sent_mail == {}
    assert len(graph_standin.recorded("POST", TOKEN)) == 4  # the policy's attempts


def _zoom(zoom_standin, policy):  # type: ignore[no-untyped-def]
    return ZoomSettings(
        account_id=zoom_standin.account_id,
        client_id=zoom_standin.credentials[0],
        client_secret=zoom_standin.credentials[1],
        api_url=f"{zoom_standin.url}/v2",
        oauth_url=f"{zoom_standin.url}/oauth/token",
    ).platform(policy=policy)


SPEC = MeetingSpec(
    key="k1",
    title="Plenaria",
    start=datetime(2030, 3, 10, 9, tzinfo=ZoneInfo("UTC")),
    end=datetime(2030, 3, 10, 10, tzinfo=ZoneInfo("UTC")),
)


def test_zoom_oauth_429_then_token(zoom_standin, policy, sleeps) -> None:
    zoom_standin.inject(429, {"code": 429, "message": "Too many"}, path_contains="/oauth/token")
    meeting = _zoom(zoom_standin, policy).create(SPEC)
    assert meeting.meeting_id in zoom_standin.meetings and len(sleeps.waits) == 1


@pytest.mark.parametrize(("status", "error"), [(503, ServerError), (429, RateLimitError)])
def test_zoom_oauth_down_is_plain_and_creates_nothing(
    zoom_standin, policy, status: int, error: type[Exception]
) -> None:
    zoom_standin.inject(
        status, {"code": status, "message": "busy"}, path_contains="/oauth/token", times=99
    )
    with pytest.raises(error) as caught:
        _zoom(zoom_standin, policy).create(SPEC)
    text = str(caught.value)
    assert f"Zoom OAuth answered HTTP {status}" in text and "retry later" in text
    assert zoom_standin.credentials[1] not in text and zoom_standin.meetings == {}
