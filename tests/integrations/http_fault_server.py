"""An HTTP(S) fault server in its own process: a reverse proxy in front of a stand-in (Graph,
Zoom, Webex) that passes requests through, except those a queued fault catches.

Faults (``kind``), each for the next ``times`` requests whose method and path match:

* ``status``: answer ``status`` (with ``Retry-After`` when given) instead of the upstream's
  answer; with ``after`` the request is passed on first (the upstream acted, its answer is lost);
* ``stall``: read the request and answer nothing for ``seconds`` (the client times out), then
  close; with ``after`` the request is passed on first;
* ``drop``: pass the request on, send the status line, the headers and half of the body, then
  close the connection (a dropped connection mid-response);
* ``refuse`` (not queued: ``POST /refuse``): the listening socket is closed, so connections are
  refused, until ``POST /accept`` opens it again on the same port.

Control channel (plain HTTP on loopback, another port): ``POST /faults`` (a JSON fault),
``POST /refuse``, ``POST /accept``, ``POST /clear``, ``GET /log`` (every request seen, with the
fault applied). Run: ``python -m tests.integrations.http_fault_server --upstream URL --cert PEM
--key PEM [--upstream-ca PEM]``; it prints one JSON line ``{"port": .., "control": ..}``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class FaultState:
    """The queued faults and the log, shared by the data and control servers."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.faults: list[dict[str, Any]] = []
        self.log: list[dict[str, Any]] = []

    def take(self, method: str, path: str) -> dict[str, Any] | None:
        """The first fault matching the request (consumes one of its ``times``)."""
        with self.lock:
            for fault in self.faults:
                if fault.get("times", 1) <= 0:
                    continue
                if fault.get("method") and fault["method"] != method:
                    continue
                if fault.get("match") and fault["match"] not in path:
                    continue
                fault["times"] = fault.get("times", 1) - 1
                self.log.append({"method": method, "path": path, "fault": fault["kind"]})
                return dict(fault)
            self.log.append({"method": method, "path": path, "fault": None})
        return None


class Upstream:
    """Where requests are passed on to."""

    def __init__(self, url: str, ca: str | None) -> None:
        parts = urlsplit(url)
        self.https = parts.scheme == "https"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (443 if self.https else 80)
        self.context = ssl.create_default_context(cafile=ca) if self.https else None

    def send(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """One request to the upstream; its status, headers and body."""
        if self.context is not None:
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                self.host, self.port, context=self.context, timeout=30
            )
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()


def data_handler(state: FaultState, upstream: Upstream) -> type[BaseHTTPRequestHandler]:
    """The proxy's request handler."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["Content-Length"] = str(len(body))
            fault = state.take(self.command, self.path)
            kind = fault["kind"] if fault else None
            if fault and fault.get("after") or kind == "drop" or fault is None:
                status, answer_headers, answer = upstream.send(
                    self.command, self.path, headers, body
                )
            if kind == "status":
                assert fault is not None
                payload = json.dumps(fault.get("body") or {"error": "injected"}).encode()
                extra = {"Retry-After": str(fault["retry_after"])} if "retry_after" in fault else {}
                self._answer(
                    int(fault["status"]), [("Content-Type", "application/json")], payload, extra
                )
            elif kind == "stall":
                assert fault is not None
                time.sleep(float(fault.get("seconds", 5)))
                self.close_connection = True
            elif kind == "drop":
                self._drop(status, answer_headers, answer)
            else:
                self._answer(status, answer_headers, answer)

        def _answer(
            self,
            status: int,
            headers: list[tuple[str, str]],
            payload: bytes,
            extra: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            for name, value in headers:
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _drop(self, status: int, headers: list[tuple[str, str]], payload: bytes) -> None:
            self.send_response(status)
            for name, value in headers:
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(max(len(payload), 2)))
            self.end_headers()
            self.wfile.write(payload[: len(payload) // 2])
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _handle

        def log_message(self, *args: Any) -> None:
            """Quiet."""

    return Handler


class DataServer:
    """The proxy's listening side, which can stop listening (refuse) and start again."""

    def __init__(self, state: FaultState, upstream: Upstream, context: ssl.SSLContext) -> None:
        self.state, self.upstream, self.context = state, upstream, context
        self.port = 0
        self.server: ThreadingHTTPServer | None = None
        self.accept()

    def accept(self) -> None:
        """Listen (again, on the same port)."""
        if self.server is not None:
            return
        ThreadingHTTPServer.allow_reuse_address = True
        server = ThreadingHTTPServer(
            ("127.0.0.1", self.port), data_handler(self.state, self.upstream)
        )
        server.daemon_threads = True
        server.socket = self.context.wrap_socket(server.socket, server_side=True)
        self.port = server.server_address[1]
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        self.server = server

    def refuse(self) -> None:
        """Stop listening: new connections are refused."""
        if self.server is None:
            return
        self.server.shutdown()
        self.server.server_close()
        self.server = None


def control_handler(state: FaultState, data: DataServer) -> type[BaseHTTPRequestHandler]:
    """The control channel's handler."""

    class Control(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _reply(self, payload: Any) -> None:
            raw = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path == "/faults":
                with state.lock:
                    state.faults.append(body)
            elif self.path == "/refuse":
                data.refuse()
            elif self.path == "/accept":
                data.accept()
            elif self.path == "/clear":
                with state.lock:
                    state.faults.clear()
                    state.log.clear()
            self._reply({"ok": True})

        def do_GET(self) -> None:
            with state.lock:
                self._reply({"log": list(state.log), "faults": list(state.faults)})

        def log_message(self, *args: Any) -> None:
            """Quiet."""

    return Control


def main(argv: list[str] | None = None) -> None:
    """Start the proxy and its control channel; serve until stdin closes or it is killed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--upstream-ca")
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args(argv)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    state = FaultState()
    data = DataServer(state, Upstream(args.upstream, args.upstream_ca), context)
    control = ThreadingHTTPServer(("127.0.0.1", 0), control_handler(state, data))
    control.daemon_threads = True
    threading.Thread(target=control.serve_forever, daemon=True).start()
    print(json.dumps({"port": data.port, "control": control.server_address[1]}), flush=True)
    sys.stdin.read()  # the parent holds our stdin: when it goes away, so do we


if __name__ == "__main__":
    main()
