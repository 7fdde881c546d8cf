"""A loopback HTTP(S) server base for vendor stand-ins: routing, recording, fault injection
and a concurrency meter."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    """One request as the stand-in received it (sub-requests of a batch included)."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    via_batch: bool = False

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body or b"null")


@dataclass
class Answer:
    """What a route returns."""

    status: int
    body: Any = None  # dict/list -> JSON; bytes/str sent as-is; None -> empty
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> tuple[bytes, dict[str, str]]:
        """The body bytes and headers with Content-Type set."""
        headers = dict(self.headers)
        if self.body is None:
            return b"", headers
        if isinstance(self.body, bytes):
            return self.body, headers
        if isinstance(self.body, str):
            headers.setdefault("Content-Type", "text/plain")
            return self.body.encode(), headers
        headers.setdefault("Content-Type", "application/json")
        return json.dumps(self.body).encode(), headers


@dataclass
class Fault:
    """An answer injected instead of the normal one for matching requests."""

    answer: Answer
    method: str | None
    path_contains: str | None
    remaining: int
    echo: Callable[[str], Any] | None = None  # build the body from the echoed request
    #: True: the request is carried out first, then this answer replaces the real one (a
    #: platform that acted and then failed to answer: 5xx after creating the meeting)
    after: bool = False

    def answer_for(self, request: Recorded) -> Answer:
        """The answer for ``request`` (an echo fault repeats the request in its body)."""
        if self.echo is None:
            return self.answer
        return Answer(self.answer.status, self.echo(echoed(request)), dict(self.answer.headers))

    def matches(self, method: str, path: str) -> bool:
        """True when this fault applies to the request."""
        if self.remaining <= 0:
            return False
        if self.method and self.method != method:
            return False
        return self.path_contains is None or self.path_contains in path


class StandIn:
    """Base class: subclasses implement :meth:`route` and :meth:`concurrency_key`."""

    def __init__(self, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self.requests: list[Recorded] = []
        self.faults: list[Fault] = []
        self.delay = 0.0
        self.hold_until = 0  # >0: hold requests of a key until that many are in flight at once
        self._lock = threading.Lock()
        self._arrivals = threading.Condition(self._lock)
        self._released: set[str] = set()
        self._in_flight: dict[str, int] = defaultdict(int)
        self.max_in_flight: dict[str, int] = defaultdict(int)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        if ssl_context is not None:
            self._server.socket = ssl_context.wrap_socket(self._server.socket, server_side=True)
        scheme = "https" if ssl_context else "http"
        self.url = f"{scheme}://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> StandIn:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()

    # -- test controls ----------------------------------------------------------------------
    def inject(
        self,
        status: int,
        body: Any = None,
        *,
        method: str | None = None,
        path_contains: str | None = None,
        times: int = 1,
        retry_after: str | None = None,
        after: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status``/``body``; with
        ``after=True`` the request is carried out first (the answer is lost, not the work)."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        fault = Fault(Answer(status, body, headers), method, path_contains, times, after=after)
        with self._lock:
            self.faults.append(fault)

    def inject_echo(
        self,
        status: int,
        shape: Callable[[str], Any] = lambda text: {"error": {"code": "Echo", "message": text}},
        *,
        method: str | None = None,
        path_contains: str | None = None,
        times: int = 1,
    ) -> None:
        """A careless server: answer ``status`` with the whole request (headers, query, body)
        echoed back inside the provider's error shape ``shape(text)``."""
        with self._lock:
            self.faults.append(Fault(Answer(status), method, path_contains, times, echo=shape))

    def take_fault(self, request: Recorded) -> Fault | None:
        """The injected fault for this request, if one matches (consumes it)."""
        with self._lock:
            for fault in self.faults:
                if fault.matches(request.method, request.path):
                    fault.remaining -= 1
                    return fault
        return None

    def recorded(self, method: str | None = None, contains: str = "") -> list[Recorded]:
        """Recorded requests filtered by method and path substring."""
        with self._lock:
            return [
                r
                for r in self.requests
                if (method is None or r.method == method) and contains in r.path
            ]

    # -- to implement -----------------------------------------------------------------------
    def route(self, request: Recorded) -> Answer:  # pragma: no cover - abstract
        """Answer one request."""
        raise NotImplementedError

    def concurrency_key(self, request: Recorded) -> str | None:
        """Key whose simultaneous requests are counted (e.g. a mailbox)."""
        return None

    # -- plumbing ---------------------------------------------------------------------------
    def dispatch(self, request: Recorded) -> Answer:
        """Record, apply faults, then route."""
        with self._lock:
            self.requests.append(request)
        fault = self.take_fault(request)
        if fault is None:
            return self.route(request)
        if fault.after:
            self.route(request)
        return fault.answer_for(request)

    def _metered(self, request: Recorded) -> Answer:
        key = self.concurrency_key(request)
        if key is None:
            return self.dispatch(request)
        with self._arrivals:
            self._in_flight[key] += 1
            self.max_in_flight[key] = max(self.max_in_flight[key], self._in_flight[key])
            if self.hold_until and self._in_flight[key] >= self.hold_until:
                self._released.add(key)
                self._arrivals.notify_all()
            if self.hold_until:
                # Deterministic concurrency probe: wait (bounded) until enough requests overlap.
                self._arrivals.wait_for(lambda: key in self._released, timeout=2.0)
        try:
            if self.delay:
                time.sleep(self.delay)
            return self.dispatch(request)
        finally:
            with self._lock:
                self._in_flight[key] -= 1

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # no 40 ms delayed-ACK stalls on keep-alive

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Recorded(
                    method=self.command,
                    path=parts.path,
                    query=parse_qs(parts.query),
                    headers={k: v for k, v in self.headers.items()},
                    body=body,
                )
                try:
                    answer = standin._metered(request)
                except Exception as exc:  # a stand-in bug must show up as a 500, not hang
                    answer = Answer(500, {"error": {"code": "StandInBug", "message": repr(exc)}})
                payload, headers = answer.encoded()
                self.send_response(answer.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _handle

            def log_message(self, *args: Any) -> None:
                """Silence the default stderr logging."""

        return Handler


def echoed(request: Recorded) -> str:
    """The request as an echoing server repeats it: one line with headers, query and body."""
    headers = " ".join(f"{k}: {v};" for k, v in request.headers.items())
    query = "&".join(f"{k}={v}" for k, values in request.query.items() for v in values)
    body = request.body.decode("utf-8", "replace").replace("\n", " ")
    return f"you sent {request.method} {request.path}?{query} {headers} body: {body}"


def header(request: Recorded, name: str) -> str | None:
    """A request header, case-insensitively."""
    for key, value in request.headers.items():
        if key.lower() == name.lower():
            return value
    return None


def bearer(request: Recorded) -> str | None:
    """The bearer token of a request, if any."""
    value = header(request, "Authorization") or ""
    return value[7:] if value.startswith("Bearer ") else None
