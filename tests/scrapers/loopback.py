"""A real threaded HTTP server on 127.0.0.1 with scripted replies and faults, for crawler tests.

Each request is logged with the server's own monotonic clock, so tests check politeness from
the server's side ("the retry came at least N s after the 429") instead of timing the client.
"""

from __future__ import annotations

import gzip
import socket
import ssl
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


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up mid-answer (size limit, timeout) is normal here, not worth a traceback."""

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class LoopbackServer:
    """Serves `routes[path]`; a list of replies is served in turn (the last one repeats)."""

    def __init__(self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> None:
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

        self.httpd = _QuietServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        if tls is not None:  # HTTPS: every accepted connection does the handshake first
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self.host = host
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

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


# -- a small NukeViet 4 portal, for crawl tests -------------------------------------------------

NUKEVIET_ARTICLE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} - Đảng bộ tỉnh</title>
<link rel="alternate" type="application/rss+xml" title="Xây dựng Đảng" href="/news/rss/xay-dung-dang/">
</head><body>
<div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">{title}</h1>
<span class="h5">Thứ Hai - {date} 10:30</span>
<div class="hometext m-bottom">{lead}</div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">
{paragraphs}
</div>
<p class="h5 text-right"><strong>Minh Anh</strong></p>
</div></div>
<div class="news_column panel panel-default"><div class="panel-body">
<p><strong>Những tin mới hơn</strong></p>
<ul><li><a href="/news/xay-dung-dang/tin-khac-99.html">Tin khác</a></li></ul>
</div></div>
</body></html>
"""

NUKEVIET_LISTING = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Xây dựng Đảng</title></head><body>
<div class="news_column">
{items}
</div>
<ul class="pagination">{pages}</ul>
<p><a href="/news/tin-hoat-dong/">Tin hoạt động</a> <a href="{outside}">Báo bạn</a></p>
</body></html>
"""


@dataclass
class PortalArticle:
    id: int
    alias: str
    title: str
    date: str  # dd/mm/yyyy
    lead: str
    paragraphs: list[str]
    lastmod: str = "2024-01-15T10:30:00+07:00"
    etag: str | None = None

    @property
    def path(self) -> str:
        return f"/news/xay-dung-dang/{self.alias}-{self.id}.html"

    def html(self) -> str:
        paras = "\n".join(f"<p>{p}</p>" for p in self.paragraphs)
        return NUKEVIET_ARTICLE.format(title=self.title, date=self.date, lead=self.lead, paragraphs=paras)


def portal_articles() -> list[PortalArticle]:
    """Five short articles in the register of provincial party news."""
    topics = [
        ("ket-nap-dang-vien-moi", "Kết nạp 25 đảng viên mới trong quý I", "15/01/2024"),
        ("trao-huy-hieu-dang", "Trao Huy hiệu 30 năm tuổi Đảng cho 12 đảng viên", "16/01/2024"),
        ("hoi-nghi-ban-chap-hanh", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15", "17/01/2024"),
        ("so-ket-nghi-quyet", "Sơ kết 5 năm thực hiện Nghị quyết Trung ương 4", "18/01/2024"),
        ("khen-thuong-tap-the", "Khen thưởng 8 tập thể và 15 cá nhân tiêu biểu", "19/01/2024"),
    ]
    out = []
    for i, (alias, title, date) in enumerate(topics, start=1):
        day = date[:2]
        out.append(
            PortalArticle(
                id=100 + i,
                alias=alias,
                title=title,
                date=date,
                lead=f"(ĐCS) - {title}: tin từ Ban Tuyên giáo Tỉnh ủy, ngày {date}.",
                paragraphs=[
                    f"Sáng {date}, Đảng ủy khối cơ quan tỉnh tổ chức hội nghị; bài số {i}.",
                    f"Đồng chí Bí thư Tỉnh ủy phát biểu chỉ đạo, nhấn mạnh kết quả đạt 104,{i}% kế hoạch năm.",
                    "Hội nghị cũng triển khai nhiệm vụ trọng tâm thời gian tới trong toàn Đảng bộ.",
                ],
                lastmod=f"2024-01-{day}T10:30:00+07:00",
                etag=f'"a{i}-v1"',
            )
        )
    return out


class NukeVietPortal:
    """Routes of a loopback NukeViet portal: robots.txt, sitemap, RSS, a paginated listing."""

    DISALLOWED = "/news/xay-dung-dang/noi-bo-777.html"

    def __init__(self, server: LoopbackServer, outside: str, listing_only: bool = False) -> None:
        self.server = server
        self.listing_only = listing_only  # no sitemap, no feed: discovery by paging alone
        self.outside = outside  # an article URL on another host, linked from the listing
        self.articles = portal_articles()
        self.publish()

    def article(self, aid: int) -> PortalArticle:
        return next(a for a in self.articles if a.id == aid)

    def publish(self) -> None:
        """(Re)install every route from the current state of the articles."""
        srv, origin = self.server, self.server.origin
        srv.set(
            "/robots.txt",
            Reply(body=f"User-agent: *\nDisallow: /admin/\nDisallow: {self.DISALLOWED}\n"
                  + ("" if self.listing_only else f"Sitemap: {origin}/sitemap.xml\n"), content_type="text/plain"),
        )  # fmt: skip
        for art in self.articles:
            srv.set(art.path, Reply(body=art.html(), etag=art.etag))
        srv.set(self.DISALLOWED, Reply(body=self.articles[0].html()))
        urls = "".join(f"<url><loc>{origin}{a.path}</loc><lastmod>{a.lastmod}</lastmod></url>" for a in self.articles)
        srv.set(
            "/sitemap.xml",
            Reply(
                body='<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
                content_type="application/xml",
            ),
        )
        items = "".join(
            f"<item><title>{a.title}</title><link>{origin}{a.path}</link>"
            f"<description>{a.lead}</description><pubDate>{a.date} 10:30</pubDate></item>"
            for a in self.articles[:3]
        )
        srv.set(
            "/news/rss/xay-dung-dang/",
            Reply(
                body=f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Xây dựng Đảng</title><link>{origin}/</link>{items}</channel></rss>",
                content_type="application/rss+xml; charset=utf-8",
            ),
        )
        pages = {1: self.articles[:3], 2: self.articles[3:], 3: self.articles[3:]}
        for n, arts in pages.items():
            items_html = "\n".join(f'<div class="item"><h3><a href="{a.path}">{a.title}</a></h3></div>' for a in arts)
            if n == 1:
                items_html += f'\n<div class="item"><a href="{self.DISALLOWED}">Nội bộ</a></div>'
            links = "".join(f'<li><a href="/news/xay-dung-dang/page-{k}">{k}</a></li>' for k in pages)
            path = "/news/xay-dung-dang/" if n == 1 else f"/news/xay-dung-dang/page-{n}"
            srv.set(path, Reply(body=NUKEVIET_LISTING.format(items=items_html, pages=links, outside=self.outside)))

    def profile_toml(self) -> str:
        return (
            'name = "loopback-portal"\nfamily = "nukeviet"\ndescription = "Loopback NukeViet portal"\n'
            f'base_url = "{self.server.origin}/"\nlistings = ["news/xay-dung-dang/"]\nmax_pages = 5\n'
            + ('feeds = []\nsitemaps = []\n' if self.listing_only
               else 'feeds = ["news/rss/xay-dung-dang/"]\nsitemaps = ["sitemap.xml"]\n')
        )  # fmt: skip


# -- many small sites at once, for throughput and sharding --------------------------------------

SITEMAP_PROFILE = (
    'name = "{name}"\nfamily = "nukeviet"\ndescription = "Loopback site {name}"\n'
    'base_url = "{origin}/"\nlistings = []\nfeeds = []\nsitemaps = ["sitemap.xml"]\n'
)


class SitemapSite:
    """A NukeViet site whose sitemap lists `n` articles: robots.txt, sitemap, then articles.

    Each article names its site and number, so articles of different sites never coincide.
    `texts` (a title line, then paragraphs) replace the generated articles' bodies, in turn.
    """

    def __init__(self, server: LoopbackServer, name: str, n: int, texts: list[str] = ()) -> None:
        self.server, self.name = server, name
        origin = server.origin
        server.set("/robots.txt", Reply(body="User-agent: *\nDisallow: /admin/\n", content_type="text/plain"))
        self.paths = []
        for i in range(1, n + 1):
            day = 1 + i % 28
            art = PortalArticle(
                id=1000 + i, alias=f"tin-{name}", title=f"Hội nghị Đảng bộ {name} lần thứ {i}",
                date=f"{day:02d}/02/2024", lead=f"(ĐCS) - Đảng bộ {name} kết nạp {i + 10} đảng viên mới.",
                paragraphs=[f"Sáng {day:02d}/02/2024, Đảng ủy {name} tổ chức hội nghị lần thứ {i}.",
                            f"Đồng chí Bí thư Đảng ủy cho biết đã đạt {90 + i % 10},{i % 10}% kế hoạch năm."],
            )
            if texts:
                title, *paragraphs = [p.strip() for p in texts[(i - 1) % len(texts)].split("\n") if p.strip()]
                art.title, art.lead, art.paragraphs = f"{title} ({name}, {i})", paragraphs[0], paragraphs[1:]
            server.set(art.path, Reply(body=art.html()))
            self.paths.append(art.path)
        urls = "".join(f"<url><loc>{origin}{p}</loc></url>" for p in self.paths)
        server.set("/sitemap.xml", Reply(
            body=f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>", content_type="application/xml"))

    def profile_toml(self) -> str:
        return SITEMAP_PROFILE.format(name=self.name, origin=self.server.origin)
