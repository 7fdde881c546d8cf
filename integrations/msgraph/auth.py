"""Application tokens for Microsoft Graph (MSAL client-credentials flow)."""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import msal
import requests

from integrations.http import (
    AuthenticationError,
    ConnectionFailedError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    TransientHttpError,
    parse_retry_after,
    request_was_sent,
)

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com"

#: Names (never values) shown to the organizer when Graph refuses the credentials.
#: The caller (the composition root) passes a hint naming its own configuration keys.
GRAPH_CREDENTIAL_HINT = "the tenant id, client id and client secret of the app registration"


@dataclass(frozen=True, slots=True)
class GraphCredentials:
    """An Entra ID app registration allowed to act for the secretariat's mailbox.

    ``authority_host`` is configurable so tests (and sovereign clouds) can point elsewhere;
    the authority used is ``{authority_host}/{tenant_id}``.
    """

    tenant_id: str
    client_id: str
    client_secret: str = field(repr=False)
    authority_host: str = DEFAULT_AUTHORITY_HOST

    @property
    def authority(self) -> str:
        """The full authority URL MSAL talks to."""
        return f"{self.authority_host.rstrip('/')}/{self.tenant_id}"


class TokenProvider:
    """Interface: something that returns a bearer token for Graph."""

    def token(self) -> str:  # pragma: no cover - interface
        """Return a valid access token (cached while it lasts)."""
        raise NotImplementedError


class RetryingHttpClient:
    """The HTTP client MSAL is given: ``requests`` calls where a 429 or 5xx answer of the
    identity platform (discovery or token endpoint) is tried again after its Retry-After (or
    a backoff), within ``policy``'s attempts and wait cap. MSAL itself would remember such an
    answer and fail at once with ``MsalServiceError: HTTP Error: 503``; the last status and
    Retry-After are kept so that the failure can be told in plain words."""

    def __init__(self, session: requests.Session, policy: RetryPolicy) -> None:
        self.session = session
        self.policy = policy
        self.last_status = 0
        self.last_retry_after: float | None = None

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        attempt = 0
        while True:
            attempt += 1
            response = self.session.request(method, url, **kwargs)
            self.last_status = response.status_code
            wait = parse_retry_after(response.headers.get("Retry-After"))
            self.last_retry_after = wait
            transient = response.status_code == 429 or response.status_code >= 500
            if not transient or attempt >= self.policy.max_attempts:
                return response
            if wait is None:
                wait = self.policy.backoff_base * (2 ** (attempt - 1)) * (1 + random.random() / 4)
            if wait > self.policy.max_wait:
                return response
            self.policy.sleep(wait)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        """POST (MSAL's interface)."""
        return self._send("POST", url, **kwargs)

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        """GET (MSAL's interface)."""
        return self._send("GET", url, **kwargs)

    def close(self) -> None:
        """Close the session."""
        self.session.close()


def identity_unavailable(status: int, retry_after: float | None) -> TransientHttpError:
    """The plain error for an identity platform still answering 429/5xx after the retries."""
    when = ""
    if retry_after:
        moment = datetime.now(UTC) + timedelta(seconds=retry_after)
        when = f" after {moment:%H:%M:%S} UTC (in {math.ceil(retry_after)} s)"
    if status == 429:
        return RateLimitError(
            "The Microsoft identity platform is limiting token requests (HTTP 429); nothing "
            f"was sent. Try again{when or ' in a few minutes'}.",
            status=429,
            retry_after=retry_after,
        )
    return ServerError(
        f"The Microsoft identity platform is temporarily unavailable (HTTP {status}) and no "
        f"token could be obtained; nothing was sent. Try again{when or ' in a few minutes'}.",
        status=status,
        retry_after=retry_after,
    )


class MsalTokenProvider(TokenProvider):
    """Client-credentials tokens from MSAL ``ConfidentialClientApplication``.

    MSAL caches the token in memory and returns it until shortly before it expires.
    ``session`` is the requests session MSAL uses (so REQUESTS_CA_BUNDLE / ca_bundle apply).
    Authority discovery: ``{authority}/v2.0/.well-known/openid-configuration``; instance
    discovery is switched off for non-Microsoft hosts so a stand-in authority works.
    """

    def __init__(
        self,
        credentials: GraphCredentials,
        *,
        session: requests.Session | None = None,
        timeout: float = 30.0,
        credential_hint: str = GRAPH_CREDENTIAL_HINT,
        policy: RetryPolicy | None = None,
    ) -> None:
        self._credentials = credentials
        self._hint = credential_hint
        self._session = session or requests.Session()
        self._http = RetryingHttpClient(self._session, policy or RetryPolicy())
        self._timeout = timeout
        self._app: msal.ConfidentialClientApplication | None = None
        self._lock = threading.Lock()

    def _application(self) -> msal.ConfidentialClientApplication:
        if self._app is None:
            known = self._credentials.authority_host.rstrip("/") == DEFAULT_AUTHORITY_HOST
            try:
                self._app = msal.ConfidentialClientApplication(
                    self._credentials.client_id,
                    client_credential=self._credentials.client_secret,
                    authority=self._credentials.authority,
                    http_client=self._http,
                    timeout=self._timeout,
                    instance_discovery=None if known else False,
                )
            except msal.exceptions.MsalServiceError:
                raise self._unavailable() from None
            except ValueError as exc:
                if self._http.last_status == 429 or self._http.last_status >= 500:
                    raise self._unavailable() from None
                # MSAL raises ValueError when discovery fails (unknown tenant, bad URL).
                raise AuthenticationError(
                    "Microsoft identity platform rejected the authority "
                    f"{self._credentials.authority!r} ({_first_line(exc)}); "
                    f"check {self._hint}."
                ) from None
            except requests.RequestException as exc:
                raise ConnectionFailedError(
                    f"Microsoft identity platform could not be reached ({type(exc).__name__}); "
                    "retry later.",
                    request_sent=request_was_sent(exc),
                ) from None
        return self._app

    def token(self) -> str:
        """Return an access token for https://graph.microsoft.com/.default."""
        with self._lock:
            app = self._application()
            try:
                result = app.acquire_token_for_client(scopes=[GRAPH_SCOPE])
            except msal.exceptions.MsalServiceError:
                raise self._unavailable() from None
            except requests.RequestException as exc:
                raise ConnectionFailedError(
                    f"Microsoft identity platform could not be reached ({type(exc).__name__}); "
                    "retry later.",
                    request_sent=request_was_sent(exc),
                ) from None
        if "access_token" in result:
            return str(result["access_token"])
        if self._http.last_status == 429 or self._http.last_status >= 500:
            raise self._unavailable()  # not a refusal of the credentials: the service is busy
        code = str(result.get("error") or "unknown_error")
        description = _first_line(result.get("error_description") or "")
        raise AuthenticationError(
            f"Microsoft identity platform refused the token request ({code}: {description}). "
            f"Check {self._hint}. / La plataforma de identidad de Microsoft rechazó "
            f"las credenciales: revise {self._hint}.",
            status=401,
            provider_code=code,
            provider_message=description,
        )

    def _unavailable(self) -> TransientHttpError:
        return identity_unavailable(self._http.last_status or 503, self._http.last_retry_after)


class StaticTokenProvider(TokenProvider):
    """A fixed token (for tools and tests that already hold one)."""

    def __init__(self, token: str) -> None:
        self._token = token

    def token(self) -> str:
        """Return the fixed token."""
        return self._token


def _first_line(value: object) -> str:
    return str(value).strip().splitlines()[0] if str(value).strip() else ""
