"""A small Microsoft Graph client: single calls and JSON $batch, with per-mailbox concurrency."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import requests

from integrations.http import (
    RETRYABLE_STATUSES,
    AuthenticationError,
    HttpError,
    RetryPolicy,
    error_for_response,
    parse_retry_after,
    provider_error,
    request_with_retry,
)
from integrations.msgraph.auth import GRAPH_CREDENTIAL_HINT, TokenProvider

DEFAULT_GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0"
MAX_BATCH_SIZE = 20  # Graph JSON batching limit
MAX_CONCURRENT_PER_MAILBOX = 4  # Exchange Online limit for one mailbox
SERVICE = "Microsoft Graph"
ONLY_429 = frozenset({429})


@dataclass(frozen=True, slots=True)
class BatchRequest:
    """One sub-request of a $batch call; ``url`` is relative to the version root (``/users/..``).

    ``body`` is JSON for application/json, or a string sent as-is (e.g. base64 MIME with
    ``Content-Type: text/plain``). ``idempotent`` False (sendMail) means a 5xx answer may
    follow a request Graph carried out: such a sub-request is re-sent within the call only
    after a 429 (throttled: not processed), never after a 5xx."""

    id: str
    method: str
    url: str
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    idempotent: bool = True

    def as_json(self) -> dict[str, Any]:
        """The request as it appears in the $batch payload."""
        item: dict[str, Any] = {"id": self.id, "method": self.method, "url": self.url}
        headers = dict(self.headers)
        if self.body is not None:
            headers.setdefault("Content-Type", "application/json")
            item["body"] = self.body
        if headers:
            item["headers"] = headers
        return item


@dataclass(frozen=True, slots=True)
class BatchResponse:
    """One sub-response of a $batch call (or a synthesized one when the whole call failed)."""

    id: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    error: HttpError | None = None

    @property
    def ok(self) -> bool:
        """True for 2xx."""
        return 200 <= self.status < 300

    @property
    def retry_after(self) -> float | None:
        """Retry-After of this sub-response in seconds, if any."""
        for name, value in self.headers.items():
            if name.lower() == "retry-after":
                return parse_retry_after(str(value))
        return self.error.retry_after if self.error else None

    def describe(self) -> str:
        """A human-readable reason (status, provider code and message)."""
        if self.error is not None and self.status == 0:
            return str(self.error)
        code, message = provider_error(self.body)
        detail = f"{SERVICE} answered HTTP {self.status}"
        if code or message:
            detail += f" ({': '.join(p for p in (code, message) if p)})"
        return detail


class GraphClient:
    """Authenticated Graph calls. At most ``max_concurrent_per_mailbox`` requests run at the
    same time for one mailbox (a semaphore per mailbox, shared by every thread)."""

    def __init__(
        self,
        token_provider: TokenProvider,
        *,
        base_url: str = DEFAULT_GRAPH_BASE_URL,
        session: requests.Session | None = None,
        policy: RetryPolicy | None = None,
        max_concurrent_per_mailbox: int = MAX_CONCURRENT_PER_MAILBOX,
        credential_hint: str = GRAPH_CREDENTIAL_HINT,
    ) -> None:
        self._tokens = token_provider
        self._hint = credential_hint
        self.base_url = base_url.rstrip("/")
        self._session = session or requests.Session()
        self.policy = policy or RetryPolicy()
        self._limit = max_concurrent_per_mailbox
        self._semaphores: dict[str, threading.BoundedSemaphore] = {}
        self._guard = threading.Lock()

    @contextmanager
    def _mailbox_slot(self, mailbox: str) -> Iterator[None]:
        with self._guard:
            semaphore = self._semaphores.setdefault(
                mailbox.lower(), threading.BoundedSemaphore(self._limit)
            )
        with semaphore:
            yield

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self._tokens.token()}"}
        headers.update(extra or {})
        return headers

    def request(
        self,
        method: str,
        path: str,
        *,
        mailbox: str,
        json: Any = None,
        data: str | bytes | None = None,
        headers: dict[str, str] | None = None,
        retry_on: frozenset[int] = RETRYABLE_STATUSES,
    ) -> requests.Response:
        """Send one request (path relative to the base URL), retrying ``retry_on`` (429/503)
        per policy."""
        with self._mailbox_slot(mailbox):
            return request_with_retry(
                self._session,
                method,
                f"{self.base_url}{path}",
                service=SERVICE,
                policy=self.policy,
                credential_hint=self._hint,
                headers=self._headers(headers),
                json=json,
                data=data,
                retry_on=retry_on,
            )

    def post(self, path: str, *, mailbox: str, json: Any = None, **kw: Any) -> requests.Response:
        """POST ``path``."""
        return self.request("POST", path, mailbox=mailbox, json=json, **kw)

    def patch(self, path: str, *, mailbox: str, json: Any) -> requests.Response:
        """PATCH ``path``."""
        return self.request("PATCH", path, mailbox=mailbox, json=json)

    def delete(self, path: str, *, mailbox: str) -> requests.Response:
        """DELETE ``path``."""
        return self.request("DELETE", path, mailbox=mailbox)

    def batch(self, requests_: Sequence[BatchRequest], *, mailbox: str) -> list[BatchResponse]:
        """Run sub-requests through $batch, at most 20 per call, answers in input order.

        Sub-responses with 429 (and 503 for idempotent sub-requests) are sent again (only
        those) after their largest Retry-After, within the policy's cap and attempts. A
        failure of a whole $batch call is reported on each of its sub-requests (status 0 for
        no answer), never raised, except :class:`AuthenticationError`, which concerns every request.
        """
        ids = [r.id for r in requests_]
        if len(set(ids)) != len(ids):
            raise ValueError("batch request ids must be unique")
        answers: dict[str, BatchResponse] = {}
        for start in range(0, len(requests_), MAX_BATCH_SIZE):
            chunk = list(requests_[start : start + MAX_BATCH_SIZE])
            answers.update(self._run_chunk(chunk, mailbox))
        return [answers[i] for i in ids]

    def _run_chunk(self, chunk: list[BatchRequest], mailbox: str) -> dict[str, BatchResponse]:
        results: dict[str, BatchResponse] = {}
        pending = chunk
        attempt = 0
        while pending:
            attempt += 1
            try:
                answered = self._post_batch(pending, mailbox)
            except AuthenticationError:
                raise
            except HttpError as exc:
                for item in pending:
                    status = exc.status or 0
                    results[item.id] = BatchResponse(item.id, status, error=exc)
                return results
            retry: list[BatchRequest] = []
            waits: list[float] = []
            for item in pending:
                answer = answered.get(item.id) or BatchResponse(item.id, 0, error=_missing(item))
                results[item.id] = answer
                if answer.status == 429 or (answer.status == 503 and item.idempotent):
                    retry.append(item)
                    waits.append(
                        answer.retry_after or self.policy.backoff_base * 2 ** (attempt - 1)
                    )
            if not retry or attempt >= self.policy.max_attempts:
                break
            wait = max(waits)
            if wait > self.policy.max_wait:
                break
            self.policy.sleep(wait)
            pending = retry
        return results

    def _post_batch(self, items: list[BatchRequest], mailbox: str) -> dict[str, BatchResponse]:
        # A 503 for the whole call may come after Graph ran its sub-requests: re-post it at
        # once only when every sub-request is idempotent; a 429 was not processed.
        retry_on = RETRYABLE_STATUSES if all(i.idempotent for i in items) else ONLY_429
        response = self.request(
            "POST",
            "/$batch",
            mailbox=mailbox,
            json={"requests": [i.as_json() for i in items]},
            retry_on=retry_on,
        )
        try:
            payload = response.json()
            answers = payload["responses"]
        except (ValueError, KeyError, TypeError):
            raise error_for_response(response, service=SERVICE) from None
        out: dict[str, BatchResponse] = {}
        for answer in answers:
            out[str(answer.get("id"))] = BatchResponse(
                id=str(answer.get("id")),
                status=int(answer.get("status", 0)),
                headers={str(k): str(v) for k, v in (answer.get("headers") or {}).items()},
                body=answer.get("body"),
            )
        return out


def _missing(item: BatchRequest) -> HttpError:
    return HttpError(f"{SERVICE} $batch answer has no response for request {item.id}")
