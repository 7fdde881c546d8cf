"""Application tokens for Microsoft Graph (MSAL client-credentials flow)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import msal
import requests

from integrations.http import AuthenticationError, ConnectionFailedError, request_was_sent

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
    ) -> None:
        self._credentials = credentials
        self._hint = credential_hint
        self._session = session or requests.Session()
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
                    http_client=self._session,
                    timeout=self._timeout,
                    instance_discovery=None if known else False,
                )
            except ValueError as exc:
                # MSAL raises ValueError when discovery fails (unknown tenant, bad URL).
                raise AuthenticationError(
                    "Microsoft identity platform rejected the authority "
                    f"{self._credentials.authority!r} ({_first_line(exc)}); "
                    f"check {self._hint}."
                ) from None
            except requests.RequestException as exc:
                raise ConnectionFailedError(
                    f"Microsoft identity platform could not be reached ({type(exc).__name__}).",
                    request_sent=request_was_sent(exc),
                ) from None
        return self._app

    def token(self) -> str:
        """Return an access token for https://graph.microsoft.com/.default."""
        with self._lock:
            app = self._application()
            try:
                result = app.acquire_token_for_client(scopes=[GRAPH_SCOPE])
            except requests.RequestException as exc:
                raise ConnectionFailedError(
                    f"Microsoft identity platform could not be reached ({type(exc).__name__}).",
                    request_sent=request_was_sent(exc),
                ) from None
        if "access_token" in result:
            return str(result["access_token"])
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


class StaticTokenProvider(TokenProvider):
    """A fixed token (for tools and tests that already hold one)."""

    def __init__(self, token: str) -> None:
        self._token = token

    def token(self) -> str:
        """Return the fixed token."""
        return self._token


def _first_line(value: object) -> str:
    return str(value).strip().splitlines()[0] if str(value).strip() else ""
