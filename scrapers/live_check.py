"""Checking a site profile against the live site: does discovery find articles, do they parse?

For users with internet access, before trusting a profile (and to set its `verified_live`):
a handful of requests through the polite client, robots.txt obeyed, nothing stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from scrapers.discover import parse_feed, parse_listing, parse_sitemap
from scrapers.errors import ScrapeError
from scrapers.http import DEFAULT_USER_AGENT, PoliteClient
from scrapers.robots import RobotsCache
from scrapers.urls import canonicalize, host_allowed


@dataclass
class PageCheck:
    """One article page as fetched and parsed."""

    url: str
    ok: bool
    title: str | None = None
    published: str | None = None
    has_lead: bool = False
    body_chars: int = 0
    error: str | None = None


@dataclass
class SiteCheck:
    """What a live check found on one site."""

    site: str
    robots: str = "unknown"
    sources: dict[str, int] = field(default_factory=dict)  # feed/sitemap/listing URL -> article links
    errors: list[tuple[str, str]] = field(default_factory=list)
    pages: list[PageCheck] = field(default_factory=list)
    unreachable: str | None = None  # why the site could not be reached at all

    @property
    def ok(self) -> bool:
        return bool(self.pages) and all(p.ok for p in self.pages)

    def summary(self) -> str:
        if self.unreachable:
            return f"{self.site}: NOT OK: {self.unreachable}; a live check needs internet access"
        lines = [f"{self.site}: {'ok' if self.ok else 'NOT OK'} (robots {self.robots})"]
        lines += [f"  source {url}: {n} article links" for url, n in self.sources.items()]
        for p in self.pages:
            if p.ok:
                lead = "lead" if p.has_lead else "NO lead"
                lines.append(f"  page {p.url}: {p.title!r}, {p.published or 'NO date'}, {lead}, {p.body_chars} chars")
            else:
                lines.append(f"  page {p.url}: FAILED {p.error}")
        lines += [f"  error {url}: {why}" for url, why in self.errors]
        return "\n".join(lines)


def check_site(profile: Any, client: PoliteClient | None = None, n: int = 3) -> SiteCheck:
    """Discover up to `n` article URLs from the profile's feeds, sitemaps and listings (in that
    order, stopping once enough are found), then fetch and parse each.

    Without a `client`, one is made with the profile's politeness settings (and closed after).
    """
    if client is None:
        own = PoliteClient(
            profile.user_agent or DEFAULT_USER_AGENT,
            timeout=profile.timeout,
            max_retries=profile.max_retries,
            max_bytes=profile.max_bytes,
        )
        try:
            return _check(profile, own, n)
        finally:
            own.close()
    return _check(profile, client, n)


def _check(profile: Any, client: PoliteClient, n: int) -> SiteCheck:
    from scrapers.parse import parse_page

    check = SiteCheck(site=profile.name)
    robots = RobotsCache(client)
    allowed = tuple(profile.allowed_hosts)
    base = canonicalize(profile.base_url)
    client.configure_host(base.split("/")[2], profile.delay, profile.concurrency)
    rules = robots.rules_for(base)
    check.robots = rules.status
    if rules.status == "unreachable":
        check.errors.append((base, f"robots.txt unreachable: {rules.reason}"))
        check.unreachable = f"cannot reach {base}: {rules.reason}"
        return check
    pattern = re.compile(profile.article_url_pattern)
    found: list[str] = []
    sources = [("feed", u) for u in profile.feeds] + [("sitemap", u) for u in profile.sitemaps]
    sources += [("listing", u) for u in profile.listings]
    for kind, rel in sources:
        if len(found) >= n:
            break
        url = canonicalize(profile.absolute(rel))
        try:
            result = client.fetch(url, expect_html=kind == "listing", allowed_hosts=allowed, allow=robots.allowed)
        except ScrapeError as exc:
            check.errors.append((url, str(exc)))
            continue
        if kind == "listing":
            disc = parse_listing(result.text or "", result.url, allowed, profile.article_url_pattern)
        else:
            disc = (parse_feed if kind == "feed" else parse_sitemap)(result.body, url)
        check.errors += [(url, e) for e in disc.errors]
        links = [x.url for x in disc.links if host_allowed(x.url, allowed) and pattern.search(x.url)]
        check.sources[url] = len(links)
        found += [u for u in links if u not in found]
    for url in found[:n]:
        try:
            result = client.fetch(url, allowed_hosts=allowed, allow=robots.allowed)
            article = parse_page(result.text or "", result.url, profile)
        except ScrapeError as exc:
            check.pages.append(PageCheck(url, ok=False, error=str(exc)))
            continue
        check.pages.append(
            PageCheck(
                url,
                ok=bool(article.title and article.body),
                title=article.title,
                published=article.published,
                has_lead=bool(article.lead),
                body_chars=len(article.body),
                error=None if article.title and article.body else "no title or no body",
            )
        )
    if not found:
        check.errors.append((base, "no article URL found by any feed, sitemap or listing"))
    return check
