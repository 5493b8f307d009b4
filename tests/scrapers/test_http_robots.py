"""robots.txt handling per RFC 9309, against a loopback server."""

from __future__ import annotations

from scrapers.http import PoliteClient
from scrapers.robots import RobotsCache
from tests.scrapers.loopback import LoopbackServer, Reply


def client() -> PoliteClient:
    return PoliteClient(delay=0.0, backoff_base=0.01, backoff_cap=0.02, max_retries=1)


def test_rules_read_once_and_obeyed() -> None:
    with LoopbackServer() as srv:
        srv.set(
            "/robots.txt",
            Reply(
                body="User-agent: *\nDisallow: /admin/\n\nUser-agent: vnnews\nDisallow: /search\nCrawl-delay: 0.25\n"
                f"Sitemap: {srv.url('/sitemap.xml')}\n",
                content_type="text/plain",
            ),
        )
        c = client()
        robots = RobotsCache(c)
        assert robots.allowed(srv.url("/news/a/x-1.html"))
        assert not robots.allowed(srv.url("/search?q=dang"))  # our own group applies, not "*"
        rules = robots.rules_for(srv.url("/"))
        assert rules.status == "ok" and rules.sitemaps == [srv.url("/sitemap.xml")]
        assert c.gate_delay(f"127.0.0.1:{srv.port}") == 0.25  # Crawl-delay raises our delay
        assert len(srv.hits("/robots.txt")) == 1


def test_4xx_allows_all_5xx_and_429_disallow_all() -> None:
    with LoopbackServer() as srv:
        srv.set("/robots.txt", Reply(status=404))
        assert RobotsCache(client()).rules_for(srv.url("/")).status == "missing"
        assert RobotsCache(client()).allowed(srv.url("/anything"))
        for status in (503, 429):
            srv.set("/robots.txt", Reply(status=status))
            robots = RobotsCache(client())
            assert not robots.allowed(srv.url("/news/a/x-1.html"))
            assert robots.rules_for(srv.url("/")).status == "unreachable"


def test_unreachable_server() -> None:
    with LoopbackServer() as srv:
        url = srv.url("/")
    robots = RobotsCache(client())  # the server is gone: connection refused
    rules = robots.rules_for(url)
    assert rules.status == "unreachable" and "robots.txt" in (rules.reason or "")
    assert not rules.allowed(url)
