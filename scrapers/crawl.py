"""The crawl loop: robots → discovery → due articles → fetch (archived) → parse → on_article.

Every site runs at once, each in its own thread (a site's thread mostly sleeps in its host
gate, so threads are cheap next to the budget they keep busy): the host gates keep each server
at, and never above, its politeness budget. Within a site, articles are fetched by as many
threads as the site's concurrency. The frontier makes
runs incremental. Faults are retried and reported, block pages are reported and left for a
later run, and nothing is marked done unless the pipeline's `on_article` accepted it.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.model import Article, content_hash
from scrapers.archive import WarcArchive
from scrapers.discover import Discovery, Link, feed_links, page_url, parse_feed, parse_listing, parse_sitemap
from scrapers.errors import BlockedPage, FetchError, NotAnArticle, ScrapeError
from scrapers.frontier import Frontier, now_iso
from scrapers.http import (
    DEFAULT_USER_AGENT,
    Disallowed,
    FetchResult,
    HttpStatusError,
    NotHTML,
    PoliteClient,
    RedirectRefused,
)
from scrapers.robots import RobotsCache, RobotsRules
from scrapers.urls import bare_host, canonicalize, host_allowed, host_of, looks_like_article, netloc_of, rules

MAX_CHILD_SITEMAPS = 20
# Sites crawled at once when `parallel_sites` is None. Past this many, sites wait for a thread
# (and their budget goes unused meanwhile): shard such crawls by host on Dask instead.
MAX_SITE_THREADS = 256


@dataclass(frozen=True)
class CrawlConfig:
    """Crawl policy. None means "the site profile's value" (or the polite default for seeds)."""

    user_agent: str = DEFAULT_USER_AGENT
    delay: float | None = None  # seconds between requests to one server
    concurrency: int | None = None  # requests at once to one server
    max_retries: int | None = None
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    timeout: float | None = None
    max_bytes: int | None = None
    revalidate_after: dt.timedelta = dt.timedelta(days=7)
    max_pages: int | None = None  # listing pages per listing
    max_attempts: int = 5  # failed attempts after which a URL is left alone
    max_blocked: int = 3  # block pages in a row after which a site is left for a later run
    max_retry_after: float = 600.0  # a longer Retry-After gives up on the URL for this run
    parallel_sites: int | None = None  # sites at once; None: all of them (up to MAX_SITE_THREADS)
    ca_bundle: str | None = None  # a CA bundle path (a site's missing intermediate certificate)


@dataclass
class SiteReport:
    """What happened on one site (or seed host) in one run."""

    site: str
    requests: int = 0
    fetched: int = 0  # article pages downloaded (200)
    not_modified: int = 0  # article pages revalidated with 304 (or unchanged content)
    articles: int = 0  # handed to on_article
    skipped: int = 0
    skip_reasons: Counter[str] = field(default_factory=Counter)
    blocked: int = 0
    blocked_urls: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (url, one-line reason)
    robots: str = "unknown"  # ok | missing | unreachable
    discovered: int = 0  # new or changed article URLs found this run
    ok: bool = True  # False when the site could not be crawled at all
    notes: list[str] = field(default_factory=list)

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped += n
        self.skip_reasons[reason] += n

    def line(self) -> str:
        state = "ok" if self.ok else "FAILED"
        return (
            f"{self.site}: {state}; {self.requests} requests, {self.fetched} fetched, "
            f"{self.not_modified} not modified, {self.articles} articles, {self.skipped} skipped, "
            f"{self.blocked} blocked, {len(self.errors)} errors; robots {self.robots}"
        )


@dataclass
class CrawlReport:
    """Per-site reports of one run, and where its archive went."""

    sites: dict[str, SiteReport] = field(default_factory=dict)
    archive_path: Path | None = None

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.sites.values())

    def total(self, attr: str) -> int:
        return sum(getattr(s, attr) if attr != "errors" else len(s.errors) for s in self.sites.values())

    def summary(self) -> str:
        lines = [r.line() for r in self.sites.values()]
        for report in self.sites.values():
            lines += [f"  note: {n}" for n in report.notes]
            lines += [f"  blocked: {u}" for u in report.blocked_urls[:10]]
            lines += [f"  error: {u}: {why.removeprefix(u + ': ')}" for u, why in report.errors[:10]]
            if len(report.errors) > 10:
                lines.append(f"  … and {len(report.errors) - 10} more errors")
        lines.append(
            f"total: {self.total('articles')} articles, {self.total('fetched')} fetched, "
            f"{self.total('requests')} requests, {self.total('errors')} errors"
            + (f"; archive {self.archive_path}" if self.archive_path else "")
        )
        return "\n".join(lines)


class _Budget:
    """max_articles across all sites: a slot is taken before on_article is called."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.used = 0
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self.limit is not None and self.used >= self.limit:
                return False
            self.used += 1
            return True

    def give_back(self) -> None:
        with self._lock:
            self.used -= 1

    @property
    def exhausted(self) -> bool:
        with self._lock:
            return self.limit is not None and self.used >= self.limit


class Crawler:
    """Crawls site profiles and seed URLs into `on_article`, incrementally (frontier in `db_path`)."""

    def __init__(self, db_path: Path, archive_dir: Path, config: CrawlConfig = CrawlConfig()) -> None:
        self.db_path = Path(db_path)
        self.archive_dir = Path(archive_dir)
        self.config = config

    def crawl(
        self,
        profiles: list[Any] | tuple[Any, ...] = (),
        seeds: list[str] | tuple[str, ...] = (),
        since: dt.date | None = None,
        on_article: Callable[[Article], None] = lambda article: None,
        max_articles: int | None = None,
    ) -> CrawlReport:
        """One run over every profile and seed; see the module docstring."""
        cfg = self.config
        frontier = Frontier(self.db_path)
        archive = WarcArchive(self.archive_dir)
        client = PoliteClient(
            cfg.user_agent,
            archive,
            delay=1.0 if cfg.delay is None else cfg.delay,
            concurrency=1 if cfg.concurrency is None else cfg.concurrency,
            timeout=20.0 if cfg.timeout is None else cfg.timeout,
            max_retries=3 if cfg.max_retries is None else cfg.max_retries,
            backoff_base=cfg.backoff_base,
            backoff_cap=cfg.backoff_cap,
            max_retry_after=cfg.max_retry_after,
            max_bytes=5_000_000 if cfg.max_bytes is None else cfg.max_bytes,
            verify=cfg.ca_bundle or True,
        )
        robots = RobotsCache(client)
        report = CrawlReport(archive_path=archive.path)
        shared = _Shared(frontier, client, robots, _Budget(max_articles), on_article, threading.Lock(), since)
        runs: list[_SiteRun] = []
        for profile in profiles:
            if getattr(profile, "enabled", True):
                runs.append(_SiteRun(shared, cfg, profile, None))
        for seed in seeds:
            try:
                seed_url = canonicalize(seed)
            except ScrapeError as exc:
                bad = SiteReport(site=seed, ok=False)
                bad.errors.append((seed, str(exc)))
                report.sites[seed] = bad
                continue
            runs.append(_SiteRun(shared, cfg, None, seed_url))
        for run in runs:
            report.sites.setdefault(run.report.site, run.report)
        try:
            workers = max(1, min(cfg.parallel_sites or MAX_SITE_THREADS, len(runs)))
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="vnnews-site") as pool:
                for future in [pool.submit(run.run) for run in runs]:
                    future.result()
        finally:
            for run in runs:
                run.report.requests = sum(client.stats(n).requests for n in run.netlocs)
            client.close()
            frontier.close()
        return report


@dataclass
class _Shared:
    frontier: Frontier
    client: PoliteClient
    robots: RobotsCache
    budget: _Budget
    on_article: Callable[[Article], None]
    sink_lock: threading.Lock
    since: dt.date | None


class _SiteRun:
    """One site (profile) or one seed host, crawled by one worker."""

    def __init__(self, shared: _Shared, cfg: CrawlConfig, profile: Any | None, seed: str | None) -> None:
        self.s = shared
        self.cfg = cfg
        self.profile = profile
        self.seed = seed
        if profile is not None:
            self.base = canonicalize(profile.base_url)
            self.name = profile.name
            self.allowed: tuple[str, ...] = tuple(profile.allowed_hosts) or (host_of(self.base),)
        else:
            assert seed is not None
            self.base = seed
            self.name = bare_host(host_of(seed))
            self.allowed = (host_of(seed),)
        self.report = SiteReport(site=self.name)
        self.netlocs: set[str] = set()
        self._lock = threading.Lock()
        self._blocked_in_row = 0
        self._stopped = False
        self.discovery_tries = 0
        self.discovery_failures = 0
        self._older: set[str] = set()  # article URLs found published before --since this run

    # -- settings -------------------------------------------------------------------------
    def _setting(self, name: str, default: Any) -> Any:
        value = getattr(self.cfg, name)
        if value is not None:
            return value
        return getattr(self.profile, name, default) if self.profile is not None else default

    def _prepare_host(self, url: str) -> None:
        netloc = netloc_of(url)
        with self._lock:
            if netloc in self.netlocs:
                return
            self.netlocs.add(netloc)
        profile = self.profile
        self.s.client.configure_host(
            netloc,
            self._setting("delay", 1.0),
            self._setting("concurrency", 1),
            user_agent=getattr(profile, "user_agent", None) if self.cfg.user_agent == DEFAULT_USER_AGENT else None,
            legacy_tls=bool(getattr(profile, "legacy_tls", False)),
        )

    def _robots(self, url: str) -> RobotsRules:
        self._prepare_host(url)
        return self.s.robots.rules_for(url)

    def _allowed(self, url: str) -> bool:
        if not host_allowed(url, self.allowed):
            return False
        return self._robots(url).allowed(url, self.s.robots.user_agent)

    def _fetch(self, url: str, expect_html: bool, etag: str | None = None, last_mod: str | None = None) -> FetchResult:
        self._prepare_host(url)
        return self.s.client.fetch(
            url,
            expect_html=expect_html,
            allowed_hosts=self.allowed,
            etag=etag,
            last_modified=last_mod,
            timeout=self._setting("timeout", 20.0),
            max_bytes=self._setting("max_bytes", 5_000_000),
            max_retries=self._setting("max_retries", 3),
            allow=self._allowed,
        )

    def _error(self, url: str, exc: BaseException | str) -> None:
        with self._lock:
            self.report.errors.append((url, str(exc).splitlines()[0] if str(exc) else type(exc).__name__))

    # -- the run --------------------------------------------------------------------------
    def run(self) -> None:
        try:
            self._run()
        except ScrapeError as exc:  # a store/frontier problem: this site failed, the run goes on
            self.report.ok = False
            self._error(self.base, exc)

    def _run(self) -> None:
        rules_ = self._robots(self.base)
        self.report.robots = rules_.status
        if rules_.status == "unreachable":
            self.report.ok = False  # nothing of the site could be crawled: the run says so
            self.report.notes.append(f"robots.txt unreachable, site left alone this run ({rules_.reason})")
            return
        if self.profile is not None:
            self._discover_profile(rules_)
        else:
            self._discover_generic(rules_)
        if self.discovery_tries and self.discovery_failures == self.discovery_tries:
            self.report.ok = False
            self.report.notes.append("every discovery URL failed")
        self._fetch_articles()

    # -- discovery ------------------------------------------------------------------------
    def _get_source(self, url: str, kind: str, required: bool = True) -> FetchResult | None:
        """Fetch a feed/sitemap/listing with its stored validators; None on failure or 304.

        A URL that is not `required` (a guessed /sitemap.xml) does not count as a failed source.
        """
        if not host_allowed(url, self.allowed):
            self.report.skip("off-host")
            return None
        frontier = self.s.frontier
        frontier.add(url, kind, self.name)
        entry = frontier.get(url)
        self.discovery_tries += int(required)
        try:
            result = self._fetch(url, kind == "listing", entry.etag if entry else None,
                                 entry.last_modified if entry else None)  # fmt: skip
        except Disallowed:
            self.discovery_tries -= int(required)
            self.report.skip("robots")
            return None
        except FetchError as exc:
            self.discovery_failures += int(required)
            frontier.mark_error(url, str(exc))
            if required:
                self._error(url, exc)
            else:
                self.report.notes.append(f"no {kind} at a guessed address ({exc})")
            return None
        frontier.mark_done(url, result.etag, result.last_modified)
        return None if result.not_modified else result

    def _take_links(self, found: Discovery, source: str, *, generic: bool) -> int:
        """Record article links; returns how many are new or changed (for paging)."""
        for problem in found.errors:
            self._error(source, problem)
        if found.offsite:
            self.report.skip("off-host", found.offsite)
        fresh = 0
        since = self.s.since.isoformat() if self.s.since else None
        for link in found.links:
            if not host_allowed(link.url, self.allowed):
                self.report.skip("off-host")
                continue
            if not self._is_article_url(link.url, generic):
                self.report.skip("not article")
                continue
            if since and link.lastmod and link.lastmod[:10] < since:
                self.report.skip("older than since")
                continue
            if not self._allowed(link.url):
                self.report.skip("robots")
                continue
            state = self.s.frontier.add(link.url, "article", self.name, link.lastmod)
            if state == "old":  # left out by an earlier --since: new to the store if this run wants it
                entry = self.s.frontier.get(link.url)
                published = entry.published if entry else None
                state = "new" if not since or not published or published[:10] >= since else "known"
            if state in ("new", "changed"):
                fresh += 1
        self.report.discovered += fresh
        return fresh

    def _is_article_url(self, url: str, generic: bool) -> bool:
        if generic or self.profile is None:
            return looks_like_article(url)
        return re.search(self.profile.article_url_pattern, url) is not None

    def _sitemaps(self, urls: list[str], generic: bool) -> None:
        queue = list(dict.fromkeys(urls))
        done: set[str] = set()
        since = self.s.since.isoformat() if self.s.since else None
        while queue and len(done) < MAX_CHILD_SITEMAPS:
            url = queue.pop(0)
            if url in done:
                continue
            done.add(url)
            result = self._get_source(url, "sitemap")
            if result is None:
                continue
            found = parse_sitemap(result.body, url)
            self._take_links(found, url, generic=generic)
            children = sorted(found.sitemaps, key=lambda x: x.lastmod or "", reverse=True)
            for child in children:
                if since and child.lastmod and child.lastmod[:10] < since:
                    continue
                if child.url not in done and host_allowed(child.url, self.allowed):
                    queue.append(child.url)

    def _feeds(self, urls: list[str], generic: bool) -> None:
        for url in dict.fromkeys(urls):
            result = self._get_source(url, "feed")
            if result is not None:
                self._take_links(parse_feed(result.body, url), url, generic=generic)

    def _listing(self, listing: str, template: str | None, max_pages: int, generic: bool) -> list[str]:
        """Page through a listing until a page brings nothing new; returns its other links."""
        others: list[str] = []
        for n in range(1, max_pages + 1):
            url = page_url(listing, template, n)
            if url is None:
                break
            result = self._get_source(url, "listing")
            if result is None or result.text is None:
                break
            found = parse_listing(result.text, result.url, self.allowed,
                                  None if generic else self.profile.article_url_pattern)  # fmt: skip
            others += found.others
            if self._take_links(found, url, generic=generic) == 0:
                break
            if self.s.since is not None and self._reached_older([x.url for x in found.links]):
                break
        return others

    def _reached_older(self, urls: list[str]) -> bool:
        """With --since, fetch a listing page's new articles now: listings run newest first, so
        paging stops at the first page that holds an article published before --since."""
        for url in urls:
            entry = self.s.frontier.get(url)
            if entry is not None and entry.kind == "article" and entry.status == "new":
                self._article(entry)
        return any(u in self._older for u in urls)

    def _discover_profile(self, robots_rules: RobotsRules) -> None:
        p = self.profile
        sitemaps = [p.absolute(u) for u in p.sitemaps] or [
            u for u in robots_rules.sitemaps if host_allowed(u, self.allowed)
        ]
        self._feeds([canonicalize(p.absolute(u)) for u in p.feeds], generic=False)
        self._sitemaps([canonicalize(u) for u in sitemaps], generic=False)
        max_pages = self.cfg.max_pages or p.max_pages
        for listing in p.listings:
            self._listing(canonicalize(p.absolute(listing)), p.pagination, max_pages, generic=False)

    def _discover_generic(self, robots_rules: RobotsRules) -> None:
        seed = self.seed
        assert seed is not None
        if looks_like_article(seed):
            self.s.frontier.add(seed, "article", self.name)
        result = self._get_source(seed, "listing")
        others: list[str] = []
        if result is not None and result.text is not None:
            self._feeds(feed_links(result.text, result.url), generic=True)
            found = parse_listing(result.text, result.url, self.allowed, None)
            self._take_links(found, seed, generic=True)
            others = found.others
        sitemaps = [u for u in robots_rules.sitemaps if host_allowed(u, self.allowed)]
        if sitemaps:
            self._sitemaps(sitemaps, generic=True)
        else:
            guessed = canonicalize("/sitemap.xml", seed)
            got = self._get_source(guessed, "sitemap", required=False)
            if got is not None:
                self._take_links(parse_sitemap(got.body, guessed), guessed, generic=True)
        for listing in others[: self.cfg.max_pages or 5]:
            if self._allowed(listing):
                self._listing(listing, None, 1, generic=True)

    # -- articles -------------------------------------------------------------------------
    def _fetch_articles(self) -> None:
        if self.s.budget.exhausted:
            return
        since = self.s.since.isoformat() if self.s.since else None
        due = self.s.frontier.due(self.name, "article", self.cfg.revalidate_after, self.cfg.max_attempts, since=since)
        workers = max(1, int(self._setting("concurrency", 1)))
        if workers == 1:
            for entry in due:
                if self._stopped or self.s.budget.exhausted:
                    break
                self._article(entry)
            return
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"vnnews-{self.name}") as pool:
            list(pool.map(self._article, due))

    def _article(self, entry: Any) -> None:
        url = entry.url
        frontier = self.s.frontier
        if self._stopped or self.s.budget.exhausted:
            return
        if not host_allowed(url, self.allowed):
            self.report.skip("off-host")
            return
        try:
            result = self._fetch(url, True, entry.etag, entry.last_modified)
        except Disallowed:
            self.report.skip("robots")
            return
        except HttpStatusError as exc:
            if exc.status in rules()["gone_statuses"]:
                frontier.mark_gone(url, str(exc))
                self._error(url, exc)
            elif exc.status in rules()["blocked_statuses"]:
                self._blocked(url, str(exc))
            else:
                frontier.mark_error(url, str(exc))
                self._error(url, exc)
            return
        except (NotHTML, RedirectRefused) as exc:
            frontier.mark_gone(url, str(exc))
            self.report.skip("not html" if isinstance(exc, NotHTML) else "redirected off-site")
            return
        except FetchError as exc:
            frontier.mark_error(url, str(exc))
            self._error(url, exc)
            return
        if result.not_modified:
            frontier.mark_done(url)
            with self._lock:
                self.report.not_modified += 1
            return
        with self._lock:
            self.report.fetched += 1
        self._handle_page(entry, result)

    def _handle_page(self, entry: Any, result: FetchResult) -> None:
        from scrapers.parse import parse_page  # the profiles engineer's module; parsing is theirs

        url, frontier = entry.url, self.s.frontier
        try:
            article = parse_page(result.text or "", result.url, self.profile)
        except BlockedPage as exc:
            self._blocked(url, str(exc))
            return
        except NotAnArticle:
            frontier.mark_not_article(url)
            self.report.skip("not article")
            return
        except ScrapeError as exc:
            frontier.mark_error(url, str(exc))
            self._error(url, exc)
            return
        self._blocked_in_row = 0
        article.url = article.url or result.url
        if self.profile is not None and not article.site:
            article.site = self.profile.name
        article.fetched_at = now_iso()
        digest = content_hash(article.body or article.title)
        if entry.content_hash == digest and entry.status == "done":
            frontier.mark_done(url, result.etag, result.last_modified, digest)
            with self._lock:
                self.report.not_modified += 1
            return
        since = self.s.since
        if since and article.published and article.published[:10] < since.isoformat():
            with self._lock:
                self._older.add(url)
            if not entry.content_hash:  # never stored: a run with an earlier --since will want it
                frontier.mark_too_old(url, article.published)
            self.report.skip("older than since")
            return
        cut = _cut_short(result)
        if cut and entry.content_hash:
            frontier.mark_error(url, f"{cut}; the stored version is kept")
            self._error(url, f"{cut}; the stored version is kept, fetched again next run")
            return
        if not self.s.budget.take():
            return  # left as it is: the next run picks it up
        try:
            with self.s.sink_lock:
                self.s.on_article(article)
        except Exception as exc:  # the pipeline's failure: report it, retry the URL next run
            self.s.budget.give_back()
            frontier.mark_error(url, f"on_article failed: {type(exc).__name__}: {exc}")
            self._error(url, f"on_article failed: {type(exc).__name__}: {exc}")
            return
        if cut:  # what arrived is stored, and the whole page is asked for again next run
            frontier.mark_error(url, f"{cut}; stored as it arrived")
            self._error(url, f"{cut}; stored as it arrived, fetched again next run")
        else:
            frontier.mark_done(url, result.etag, result.last_modified, digest)
        if result.url != url and not cut:
            frontier.add(result.url, "article", self.name)
            frontier.mark_done(result.url, result.etag, result.last_modified, digest)
        with self._lock:
            self.report.articles += 1

    def _blocked(self, url: str, reason: str) -> None:
        self.s.frontier.mark_blocked(url, reason)
        with self._lock:
            self.report.blocked += 1
            self.report.blocked_urls.append(url)
            self._blocked_in_row += 1
            if self._blocked_in_row >= self.cfg.max_blocked and not self._stopped:
                self._stopped = True
                self.report.notes.append(
                    f"{self._blocked_in_row} block pages in a row: site left for a later run ({reason})"
                )


def _cut_short(result: FetchResult) -> str | None:
    """Why a page is incomplete (the connection broke, or the HTML stops before its end), or None."""
    if result.truncated:
        return "page cut short (the connection broke before the end)"
    tail = result.body[-65536:].lower()
    if not any(marker.encode() in tail for marker in rules()["html_end_markers"]):
        return "page cut short (the HTML stops before its end)"
    return None


__all__ = ["CrawlConfig", "CrawlReport", "Crawler", "Link", "SiteReport"]
