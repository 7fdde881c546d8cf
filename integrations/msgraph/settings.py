"""Typed settings for a Microsoft Graph client (used by the mail transports and Teams)."""

from __future__ import annotations

from dataclasses import dataclass, field

from integrations.http import RetryPolicy, make_session
from integrations.msgraph.auth import (
    DEFAULT_AUTHORITY_HOST,
    GRAPH_CREDENTIAL_HINT,
    GraphCredentials,
    MsalTokenProvider,
)
from integrations.msgraph.client import DEFAULT_GRAPH_BASE_URL, GraphClient


def require_fields(**values: str) -> None:
    """A ValueError naming the first empty setting among ``values`` (name -> value)."""
    for name, value in values.items():
        if not str(value).strip():
            raise ValueError(f"missing setting '{name}': add it to the configuration and try again")


@dataclass(frozen=True, slots=True)
class GraphSettings:
    """An Entra ID app registration (client credentials) and where Graph lives.

    ``credential_hint`` names, for the organizer, where these values are configured; it is
    shown when Graph or the identity platform refuses them (never the secret itself).
    """

    tenant_id: str
    client_id: str
    client_secret: str = field(repr=False)
    authority_host: str = DEFAULT_AUTHORITY_HOST
    base_url: str = DEFAULT_GRAPH_BASE_URL
    ca_bundle: str | None = None
    credential_hint: str = GRAPH_CREDENTIAL_HINT

    def client(self, *, policy: RetryPolicy | None = None) -> GraphClient:
        """A GraphClient with MSAL client-credentials tokens; ValueError on a missing setting."""
        require_fields(
            tenant_id=self.tenant_id, client_id=self.client_id, client_secret=self.client_secret
        )
        session = make_session(ca_bundle=self.ca_bundle or None)
        credentials = GraphCredentials(
            tenant_id=self.tenant_id,
            client_id=self.client_id,
            client_secret=self.client_secret,
            authority_host=self.authority_host or DEFAULT_AUTHORITY_HOST,
        )
        tokens = MsalTokenProvider(
            credentials, session=session, credential_hint=self.credential_hint, policy=policy
        )
        return GraphClient(
            tokens,
            base_url=self.base_url or DEFAULT_GRAPH_BASE_URL,
            session=session,
            policy=policy,
            credential_hint=self.credential_hint,
        )
