"""Serve a folder as a website on 127.0.0.1, for the offline demo and the tests.

Paths map to files the way a NukeViet portal's URLs look: `/a/b/` serves
`a/b/index.html` (or `index.xml`, as RSS), an existing file is served as is, else
`<path>.html`. `{{BASE}}` in a file becomes the server's origin, so feeds and
canonical links can be absolute. ETag and Last-Modified are sent and conditional
requests answered with 304, as a real portal does, so incremental crawling can be seen.
"""

from __future__ import annotations

import email.utils
import hashlib
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
RSS_TYPE = "application/rss+xml; charset=utf-8"


def demo_site_root() -> Path:
    """The bundled sample portal's files."""
    return Path(str(resources.files("pipeline") / "demo_site" / "site"))


class SiteServer:
    """A threaded HTTP server on a free loopback port; use as a context manager."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        if not root.is_dir():
            raise FileNotFoundError(f"{root}: site folder not found")
        self.root = root.resolve()
        self.requests: list[tuple[str, str]] = []  # (method, path) in arrival order
        server = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "vnnews-sample-site/1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def do_HEAD(self) -> None:  # noqa: N802
                self._serve(body=False)

            def do_GET(self) -> None:  # noqa: N802
                self._serve(body=True)

            def _serve(self, body: bool) -> None:
                server.requests.append((self.command, self.path))
                found = server.resolve(self.path)
                if found is None:
                    self._send(HTTPStatus.NOT_FOUND, b"<html><body><h1>404</h1></body></html>",
                               CONTENT_TYPES[".html"], body)
                    return
                path, ctype = found
                data = path.read_bytes().replace(b"{{BASE}}", server.base_url.encode())
                etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
                mtime = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
                if self.headers.get("If-None-Match") == etag or (
                    not self.headers.get("If-None-Match") and self.headers.get("If-Modified-Since") == mtime
                ):
                    self.send_response(HTTPStatus.NOT_MODIFIED)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self._send(HTTPStatus.OK, data, ctype, body, {"ETag": etag, "Last-Modified": mtime})

            def _send(self, status: HTTPStatus, data: bytes, ctype: str, body: bool,
                      headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                if body:
                    self.wfile.write(data)

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def resolve(self, raw_path: str) -> tuple[Path, str] | None:
        """The file and content type a request path maps to, or None (never outside root)."""
        rel = unquote(urlsplit(raw_path).path).lstrip("/")
        target = (self.root / rel).resolve()
        if target != self.root and self.root not in target.parents:
            return None
        if raw_path.split("?")[0].endswith("/") or target == self.root:
            for name, ctype in (("index.html", CONTENT_TYPES[".html"]), ("index.xml", RSS_TYPE)):
                if (target / name).is_file():
                    return target / name, ctype
            return None
        if target.is_file():
            return target, CONTENT_TYPES.get(target.suffix, "application/octet-stream")
        html = target.with_name(target.name + ".html")
        if html.is_file():
            return html, CONTENT_TYPES[".html"]
        return None

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)
