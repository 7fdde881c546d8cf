"""Microsoft Graph access: MSAL client-credentials tokens and a small batching client."""

from integrations.msgraph.auth import (
    GRAPH_CREDENTIAL_HINT,
    GRAPH_SCOPE,
    GraphCredentials,
    MsalTokenProvider,
    StaticTokenProvider,
    TokenProvider,
)
from integrations.msgraph.client import (
    DEFAULT_GRAPH_BASE_URL,
    MAX_BATCH_SIZE,
    BatchRequest,
    BatchResponse,
    GraphClient,
)

__all__ = [
    "DEFAULT_GRAPH_BASE_URL",
    "GRAPH_CREDENTIAL_HINT",
    "GRAPH_SCOPE",
    "MAX_BATCH_SIZE",
    "BatchRequest",
    "BatchResponse",
    "GraphClient",
    "GraphCredentials",
    "MsalTokenProvider",
    "StaticTokenProvider",
    "TokenProvider",
]
