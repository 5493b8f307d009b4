"""robots.txt, read first for every server and obeyed for the rest of the crawl run.

Per RFC 9309: a 4xx robots.txt means no rules (all allowed); a 5xx, a 429 or an unreachable
server means the site may be in trouble, so the whole server is treated as disallowed for this
run and the report says so. Parsing is protego's (Scrapy's parser).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from protego import Protego

from scrapers.errors import FetchError
from scrapers.http import HttpStatusError, PoliteClient
from scrapers.urls import bare_host, host_of, netloc_of, origin

ROBOTS_MAX_BYTES = 512_000  # RFC 9309: crawlers must parse at least 500 KiB
ROBOT_TOKEN = "vnnews"


@dataclass
class RobotsRules:
    """The robots verdict for one server (host:port)."""

    netloc: str
    status: str  # "ok" (rules read), "missing" (4xx: all allowed), "unreachable" (all disallowed)
    parser: Protego | None = None
    reason: str | None = None
    sitemaps: list[str] = field(default_factory=list)

    def allowed(self, url: str, user_agent: str = ROBOT_TOKEN) -> bool:
        if self.status == "unreachable":
            return False
        if self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str = ROBOT_TOKEN) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None


def parse_robots(netloc: str, text: str) -> RobotsRules:
    """Rules from a robots.txt body."""
    parser = Protego.parse(text)
    return RobotsRules(netloc, "ok", parser, sitemaps=list(parser.sitemaps))


class RobotsCache:
    """robots.txt per server, fetched once per crawl through the polite client (thread-safe).

    A robots Crawl-delay longer than the server's configured delay becomes its delay.
    """

    def __init__(self, client: PoliteClient, user_agent: str = ROBOT_TOKEN) -> None:
        self.client = client
        self.user_agent = user_agent
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def rules_for(self, url: str) -> RobotsRules:
        netloc = netloc_of(url)
        with self._lock:
            lock = self._locks.setdefault(netloc, threading.Lock())
        with lock:
            rules = self._rules.get(netloc)
            if rules is None:
                rules = self._rules[netloc] = self._fetch(url, netloc)
                delay = rules.crawl_delay(self.user_agent)
                if delay is not None and delay > self.client.gate_delay(netloc):
                    self.client.configure_host(netloc, delay=delay)
            return rules

    def allowed(self, url: str) -> bool:
        return self.rules_for(url).allowed(url, self.user_agent)

    def known(self) -> dict[str, RobotsRules]:
        with self._lock:
            return dict(self._rules)

    def _fetch(self, url: str, netloc: str) -> RobotsRules:
        robots_url = origin(url) + "/robots.txt"
        same_host = (bare_host(host_of(url)),)
        try:
            result = self.client.fetch(
                robots_url,
                expect_html=False,
                allowed_hosts=same_host,
                max_bytes=ROBOTS_MAX_BYTES,
                max_retries=min(1, self.client.max_retries),
            )
        except HttpStatusError as exc:
            if 400 <= exc.status < 500 and exc.status != 429:
                return RobotsRules(netloc, "missing", reason=f"robots.txt: HTTP {exc.status}")
            return RobotsRules(netloc, "unreachable", reason=str(exc))
        except FetchError as exc:
            return RobotsRules(netloc, "unreachable", reason=str(exc))
        if result.not_modified:
            return RobotsRules(netloc, "missing", reason="robots.txt: unexpected 304")
        text = result.body.decode("utf-8", errors="replace").lstrip("\ufeff")
        return parse_robots(netloc, text)
