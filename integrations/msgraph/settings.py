"""Build a GraphClient from configuration mappings (settings and secrets kept apart)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integrations.http import RetryPolicy, make_session
from integrations.msgraph.auth import DEFAULT_AUTHORITY_HOST, GraphCredentials, MsalTokenProvider
from integrations.msgraph.client import DEFAULT_GRAPH_BASE_URL, GraphClient

GRAPH_SECRET_KEY = "graph.client_secret"


def required(mapping: Mapping[str, Any], key: str, where: str) -> str:
    """``mapping[key]`` as a non-empty string, or a ValueError naming the key and section."""
    value = mapping.get(key)
    if value is None or str(value).strip() == "":
        raise ValueError(f"missing {where} '{key}': add it to the configuration and try again")
    return str(value)


def build_graph_client(
    settings: Mapping[str, Any],
    secrets: Mapping[str, Any],
    *,
    policy: RetryPolicy | None = None,
) -> GraphClient:
    """A GraphClient from ``[graph]`` settings: tenant_id, client_id, optional authority_host,
    base_url and ca_bundle; the secret ``graph.client_secret``."""
    session = make_session(ca_bundle=settings.get("ca_bundle") or None)
    credentials = GraphCredentials(
        tenant_id=required(settings, "tenant_id", "[graph] setting"),
        client_id=required(settings, "client_id", "[graph] setting"),
        client_secret=required(secrets, GRAPH_SECRET_KEY, "secret"),
        authority_host=str(settings.get("authority_host") or DEFAULT_AUTHORITY_HOST),
    )
    return GraphClient(
        MsalTokenProvider(credentials, session=session),
        base_url=str(settings.get("base_url") or DEFAULT_GRAPH_BASE_URL),
        session=session,
        policy=policy,
    )
