"""A real threaded HTTP server on 127.0.0.1 with scripted replies and faults, for crawler tests.

Each request is logged with the server's own monotonic clock, so tests check politeness from
the server's side ("the retry came at least N s after the 429") instead of timing the client.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One scripted answer. `fault`: "reset" (TCP RST, no answer), "hang" (answer after
    `hang` seconds), "truncate" (announce more bytes than are sent, then close)."""

    status: int = 200
    body: bytes | str = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    fault: str | None = None
    hang: float = 0.0
    gzip: bool = False  # Content-Encoding: gzip

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass
class Seen:
    """A request as the server saw it."""

    at: float  # time.monotonic() on arrival
    method: str
    path: str
    headers: dict[str, str]


Route = Reply | list[Reply] | Callable[[Seen], Reply]


class LoopbackServer:
    """Serves `routes[path]`; a list of replies is served in turn (the last one repeats)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Seen] = []
        self._lock = threading.Lock()
        self._served: dict[str, int] = {}
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server._handle(self)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.host = host
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def set(self, path: str, route: Route) -> None:
        with self._lock:
            self.routes[path] = route
            self._served[path] = 0

    def page(self, path: str, body: str | bytes, **kwargs: object) -> None:
        self.set(path, Reply(body=body, **kwargs))  # type: ignore[arg-type]

    def hits(self, path: str) -> list[Seen]:
        with self._lock:
            return [s for s in self.log if s.path == path]

    def paths(self) -> list[str]:
        with self._lock:
            return [s.path for s in self.log]

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _pick(self, seen: Seen) -> Reply:
        with self._lock:
            route = self.routes.get(seen.path)
            n = self._served.get(seen.path, 0)
            self._served[seen.path] = n + 1
        if route is None:
            return Reply(status=404, body="<html><body>not found</body></html>")
        if isinstance(route, list):
            return route[min(n, len(route) - 1)]
        if callable(route):
            return route(seen)
        return route

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        seen = Seen(time.monotonic(), handler.command, handler.path, {k.lower(): v for k, v in handler.headers.items()})
        with self._lock:
            self.log.append(seen)
        reply = self._pick(seen)
        if reply.fault == "reset":
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.connection.close()
            handler.close_connection = True
            return
        if reply.fault == "hang" and self._stop.wait(reply.hang):
            return
        status, body = reply.status, reply.payload()
        if (reply.etag and seen.headers.get("if-none-match") == reply.etag) or (
            reply.last_modified and seen.headers.get("if-modified-since") == reply.last_modified
        ):
            status, body = 304, b""
        if reply.gzip and body:
            body = gzip.compress(body)
        try:
            handler.send_response(status)
            if reply.content_type and status != 304:
                handler.send_header("Content-Type", reply.content_type)
            if reply.etag:
                handler.send_header("ETag", reply.etag)
            if reply.last_modified:
                handler.send_header("Last-Modified", reply.last_modified)
            if reply.gzip and body:
                handler.send_header("Content-Encoding", "gzip")
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            announced = len(body) + (5000 if reply.fault == "truncate" else 0)
            handler.send_header("Content-Length", str(announced))
            if reply.fault == "truncate":
                handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(body)
            handler.wfile.flush()
            if reply.fault == "truncate":
                handler.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True
