"""Small HTTP helpers shared by the Graph, Zoom and Webex adapters.

* :func:`make_session` builds a ``requests.Session``; certificate verification follows
  ``REQUESTS_CA_BUNDLE`` unless an explicit ``ca_bundle``/``verify`` is given.
* :func:`request_with_retry` sends one request, waits ``Retry-After`` on 429/503 (seconds,
  fractional allowed, or an HTTP-date) within a cap and a maximum number of attempts, and turns
  error answers into typed exceptions carrying the status and the provider's error code/message.

Exceptions never contain secrets: messages are built from the status, the provider's error
body and the configuration key *names* the organizer should check.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from urllib3.exceptions import NewConnectionError

DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 30.0)
RETRYABLE_STATUSES = frozenset({429, 503})


class HttpError(Exception):
    """An HTTP call failed. ``transient`` tells whether retrying later may succeed."""

    transient: bool = False

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        provider_code: str | None = None,
        provider_message: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.provider_code = provider_code
        self.provider_message = provider_message
        self.retry_after = retry_after


class TransientHttpError(HttpError):
    """Temporary failure (429, 5xx, connection problems): retry later."""

    transient = True


class RateLimitError(TransientHttpError):
    """429 (or 503 with Retry-After) still answered after the allowed attempts or wait cap."""


class ServerError(TransientHttpError):
    """The provider answered 5xx."""


class ConnectionFailedError(TransientHttpError):
    """No answer at all: connection refused, TLS failure, timeout.

    ``request_sent`` is False only when the request provably never left this machine (the
    connection was refused, the name did not resolve, or connecting timed out): the provider
    cannot have acted on it. Otherwise (a read timeout, a dropped connection) it may have.
    """

    def __init__(self, message: str, *, request_sent: bool = True) -> None:
        super().__init__(message)
        self.request_sent = request_sent


def request_was_sent(exc: requests.RequestException) -> bool:
    """False when ``exc`` shows the request never reached the server (nothing was sent)."""
    if isinstance(exc, requests.ConnectTimeout):
        return False
    if not isinstance(exc, requests.ConnectionError) or isinstance(
        exc, requests.exceptions.SSLError
    ):
        return True
    reason: object = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # urllib3 MaxRetryError wraps the cause
    return not isinstance(reason, NewConnectionError)


class PermanentHttpError(HttpError):
    """A 4xx answer other than 401/429: the request itself is wrong; retrying will not help."""


class AuthenticationError(PermanentHttpError):
    """401 or a refused token request: the credentials in the configuration are wrong."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How :func:`request_with_retry` waits.

    ``max_attempts`` counts every try; ``max_wait`` caps one Retry-After wait: a longer
    Retry-After is not waited for but raised as :class:`RateLimitError` with ``retry_after``.
    ``sleep`` is injectable so tests can record waits instead of sleeping.
    """

    max_attempts: int = 4
    max_wait: float = 60.0
    backoff_base: float = 0.5
    sleep: Callable[[float], None] = field(default=time.sleep)
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT


class _ExplicitVerifySession(requests.Session):
    """A session whose explicit ``verify`` wins over REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE
    (plain requests lets the environment override ``Session.verify``)."""

    def merge_environment_settings(
        self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> dict[str, Any]:
        if verify is None or verify is True:
            verify = self.verify
        return super().merge_environment_settings(url, proxies, stream, verify, cert)


def make_session(
    *,
    ca_bundle: str | None = None,
    verify: bool | str | None = None,
    user_agent: str = "meetingctl",
) -> requests.Session:
    """Return a session. Without ``ca_bundle``/``verify`` requests uses ``REQUESTS_CA_BUNDLE``
    (or its default CA store). ``ca_bundle`` is a PEM path; ``verify=False`` is refused because
    credentials travel over these connections."""
    if verify is False:
        raise ValueError("TLS verification cannot be disabled; give ca_bundle= a PEM file instead")
    chosen = ca_bundle if ca_bundle is not None else verify
    session = requests.Session() if chosen is None else _ExplicitVerifySession()
    session.headers["User-Agent"] = user_agent
    if chosen is not None:
        session.verify = chosen
    return session


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds (fractions allowed) or an
    HTTP-date. Returns None when absent or unreadable; never negative."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


def provider_error(body: Any) -> tuple[str | None, str | None]:
    """Extract (code, message) from a Graph, Zoom or Webex error body (already decoded JSON)."""
    if not isinstance(body, Mapping):
        return None, None
    graph = body.get("error")
    if isinstance(graph, Mapping):
        code = graph.get("code")
        return (str(code) if code is not None else None), _str_or_none(graph.get("message"))
    if isinstance(graph, str):  # OAuth error shape: {"error", "error_description"|"reason"}
        message = body.get("error_description") or body.get("reason")
        return graph, _str_or_none(message)
    if "code" in body or ("message" in body and "trackingId" not in body):
        code = body.get("code")
        return (str(code) if code is not None else None), _str_or_none(body.get("message"))
    if "trackingId" in body or "errors" in body:
        parts = [str(body.get("message") or "")]
        for item in body.get("errors") or []:
            if isinstance(item, Mapping) and item.get("description"):
                parts.append(str(item["description"]))
        message = "; ".join(dict.fromkeys(p for p in parts if p)) or None
        tracking = body.get("trackingId")
        if tracking and message:
            message = f"{message} (trackingId {tracking})"
        return None, message
    return None, None


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _decoded_body(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def retry_when(retry_after: float | None, *, now: datetime | None = None) -> str:
    """The words "retry after 14:05:00 UTC (in 30 s)" for a Retry-After, else "retry later"."""
    if retry_after is None:
        return "retry later"
    moment = (now or datetime.now(UTC)) + timedelta(seconds=retry_after)
    return f"retry after {moment:%H:%M:%S} UTC (in {math.ceil(retry_after)} s)"


def error_for_response(
    response: requests.Response, *, service: str, credential_hint: str = ""
) -> HttpError:
    """Build the typed exception for a non-2xx answer (no secret is ever included)."""
    status = response.status_code
    code, message = provider_error(_decoded_body(response))
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    detail = f"{service} answered HTTP {status}"
    if code or message:
        detail += f" ({': '.join(p for p in (code, message) if p)})"
    kwargs: dict[str, Any] = {
        "status": status,
        "provider_code": code,
        "provider_message": message,
        "retry_after": retry_after,
    }
    if status == 401:
        hint = credential_hint or "the credentials in the configuration"
        return AuthenticationError(
            f"{detail}. The credentials were refused: check {hint} "
            "(client id, secret or token, and the tenant/account they belong to). / "
            f"Credenciales rechazadas: revise {hint}.",
            **kwargs,
        )
    if status == 429:
        return RateLimitError(f"{detail}: rate limited; {retry_when(retry_after)}.", **kwargs)
    if status >= 500:
        return ServerError(f"{detail}: temporary server problem; retry later.", **kwargs)
    return PermanentHttpError(detail, **kwargs)


def request_with_retry(
    session: requests.Session,
    method: str,
    url: str,
    *,
    service: str,
    policy: RetryPolicy | None = None,
    credential_hint: str = "",
    give_up: Callable[[requests.Response], HttpError | None] | None = None,
    retry_on: frozenset[int] = RETRYABLE_STATUSES,
    **kwargs: Any,
) -> requests.Response:
    """Send a request; retry 429/503 honoring Retry-After (capped), then raise typed errors.

    Returns the response for any 2xx/3xx status. Raises :class:`AuthenticationError` (401),
    :class:`RateLimitError` (429 still there, or a Retry-After above ``policy.max_wait``),
    :class:`ServerError` (5xx), :class:`PermanentHttpError` (other 4xx) or
    :class:`ConnectionFailedError`. ``give_up`` may turn an error answer into an exception
    raised at once, without retrying (e.g. a daily quota reported as 429). ``retry_on`` narrows
    the retried statuses: a non-idempotent create should retry only 429 (not processed), since
    a 503 may come after the server acted.
    """
    policy = policy or RetryPolicy()
    kwargs.setdefault("timeout", policy.timeout)
    attempt = 0
    while True:
        attempt += 1
        try:
            response = session.request(method, url, **kwargs)
        except requests.RequestException as exc:
            # The exception text may contain the URL but never headers or bodies.
            raise ConnectionFailedError(
                f"{service} could not be reached ({type(exc).__name__}); retry later.",
                request_sent=request_was_sent(exc),
            ) from None
        if response.status_code < 400:
            return response
        if give_up is not None and (final := give_up(response)) is not None:
            raise final
        error = error_for_response(response, service=service, credential_hint=credential_hint)
        if response.status_code not in retry_on or attempt >= policy.max_attempts:
            raise error
        wait = error.retry_after
        if wait is None:
            wait = policy.backoff_base * (2 ** (attempt - 1)) * (1 + random.random() / 4)
        if wait > policy.max_wait:
            raise error
        policy.sleep(wait)
