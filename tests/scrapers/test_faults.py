"""Faults met in a crawl: each is retried or reported, none stops the run or stores junk."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from corpus.model import Article
from scrapers.crawl import CrawlConfig, Crawler
from scrapers.frontier import Frontier
from scrapers.profiles import load_profile_file
from tests.scrapers.loopback import LoopbackServer, NukeVietPortal, Reply
from tests.scrapers.test_http import to_cp1258

FAST = CrawlConfig(delay=0.0, backoff_base=0.01, backoff_cap=0.05, timeout=0.5, max_retries=1)


@pytest.fixture
def portal(tmp_path: Path):
    with LoopbackServer() as server:
        site = NukeVietPortal(server, "http://127.0.0.2:9/news/a/x-1.html")
        toml = tmp_path / "portal.toml"
        toml.write_text(site.profile_toml(), encoding="utf-8")
        yield site, load_profile_file(toml)


def crawl(tmp_path: Path, profile, config: CrawlConfig = FAST) -> tuple:
    got: list[Article] = []
    report = Crawler(tmp_path / "db.sqlite", tmp_path / "warc", config).crawl(profiles=[profile], on_article=got.append)
    return report.sites[profile.name], got


def status(tmp_path: Path, url: str) -> str | None:
    entry = Frontier(tmp_path / "db.sqlite").get(url)
    return entry.status if entry else None


def test_timeouts_resets_and_truncation_on_articles(tmp_path: Path, portal) -> None:
    site, profile = portal
    slow, reset, cut = (site.article(i) for i in (101, 102, 103))
    site.server.set(slow.path, Reply(fault="hang", hang=3.0, body=slow.html()))
    site.server.set(reset.path, [Reply(fault="reset"), Reply(body=reset.html())])
    site.server.set(cut.path, Reply(fault="truncate", body=cut.html()[:-300]))
    rep, got = crawl(tmp_path, profile)
    urls = {a.url for a in got}
    assert site.server.url(reset.path) in urls  # a reset is retried
    assert site.server.url(cut.path) in urls  # a cut-off page is parsed from what arrived
    assert site.server.url(slow.path) not in urls
    errors = dict(rep.errors)
    assert sorted(errors) == sorted(site.server.url(a.path) for a in (slow, cut))
    assert "timed out" in errors[site.server.url(slow.path)]
    assert "cut short" in errors[site.server.url(cut.path)]
    assert status(tmp_path, site.server.url(slow.path)) == "error"
    assert status(tmp_path, site.server.url(cut.path)) == "error"  # stored as it arrived, asked again
    assert rep.ok
    # the next run retries the two that failed, and only them; the cut one now arrives whole
    site.publish()
    n = len(site.server.log)
    _, again = crawl(tmp_path, profile)
    assert sorted(a.url for a in again) == sorted(site.server.url(a.path) for a in (slow, cut))
    assert "Hội nghị cũng triển khai" in next(a for a in again if a.url.endswith(cut.path)).body
    later = [s.path for s in site.server.log[n:] if s.path.endswith(".html")]
    assert sorted(later) == sorted([slow.path, cut.path])


def test_cut_page_never_replaces_a_stored_one(tmp_path: Path, portal) -> None:
    site, profile = portal
    crawl(tmp_path, profile)
    art = site.article(104)
    art.etag = '"a4-v2"'
    art.lastmod = "2024-03-01T08:00:00+07:00"  # announced as changed, so the next run fetches it
    site.publish()
    whole = art.html()
    site.server.set(art.path, Reply(body=whole[: whole.index("Hội nghị cũng") + 12], etag=art.etag))
    rep, got = crawl(tmp_path, profile)
    assert got == []  # the HTML stops mid-body: nothing handed on to the store
    assert [u for u, _ in rep.errors] == [site.server.url(art.path)] and "stored version is kept" in rep.errors[0][1]
    assert status(tmp_path, site.server.url(art.path)) == "error"


def test_gone_non_html_and_oversized_articles(tmp_path: Path, portal) -> None:
    site, profile = portal
    gone, pdf, big = (site.article(i) for i in (101, 102, 103))
    site.server.set(gone.path, Reply(status=404))
    site.server.set(pdf.path, Reply(body=b"%PDF-1.4", content_type="application/pdf"))
    site.server.set(big.path, Reply(body=big.html() + "<!--" + "x" * 20_000 + "-->"))
    config = CrawlConfig(delay=0.0, backoff_base=0.01, timeout=2.0, max_retries=1, max_bytes=10_000)
    rep, got = crawl(tmp_path, profile, config)
    assert len(got) == 2
    assert status(tmp_path, site.server.url(gone.path)) == "gone"
    assert status(tmp_path, site.server.url(pdf.path)) == "gone" and rep.skip_reasons["not html"] == 1
    assert status(tmp_path, site.server.url(big.path)) == "error"
    assert any("exceeds the limit" in why for _, why in rep.errors)
    # the next run does not ask for the 404 or the PDF again
    n = len(site.server.log)
    crawl(tmp_path, profile, config)
    later = [s.path for s in site.server.log[n:]]
    assert gone.path not in later and pdf.path not in later and big.path in later


def test_429_on_article_waits_retry_after(tmp_path: Path, portal) -> None:
    site, profile = portal
    art = site.article(104)
    site.server.set(art.path, [Reply(status=429, headers={"Retry-After": "1"}), Reply(body=art.html())])
    rep, got = crawl(tmp_path, profile)
    assert len(got) == 5 and rep.errors == []
    first, second = site.server.hits(art.path)
    assert second.at - first.at >= 1.0


def test_charsets_and_nfd_on_article_pages(tmp_path: Path, portal) -> None:
    site, profile = portal
    a, b, c = (site.article(i) for i in (101, 102, 103))
    html_1258 = a.html().replace('<meta charset="utf-8">', '<meta charset="windows-1258">')
    site.server.set(a.path, Reply(body=to_cp1258(html_1258), content_type="text/html"))
    site.server.set(b.path, Reply(body=unicodedata.normalize("NFD", b.html())))
    site.server.set(c.path, Reply(body=c.html().encode("utf-8"), content_type="text/html; charset=iso-8859-1"))
    _, got = crawl(tmp_path, profile)
    by_url = {x.url: x for x in got}
    for art in (a, b, c):
        parsed = by_url[site.server.url(art.path)]
        assert parsed.title == art.title
        assert art.paragraphs[1] in parsed.body
        assert unicodedata.is_normalized("NFC", parsed.body)


def test_politeness_delay_across_the_crawl(tmp_path: Path, portal) -> None:
    site, profile = portal
    config = CrawlConfig(delay=0.2, backoff_base=0.01, timeout=2.0)
    crawl(tmp_path, profile, config)
    times = [s.at for s in site.server.log]
    assert len(times) > 8
    assert all(b - a >= 0.19 for a, b in zip(times, times[1:], strict=False))


def test_since_keeps_old_pages_out_even_without_dates_in_discovery(tmp_path: Path, portal) -> None:
    site, profile = portal
    config = CrawlConfig(delay=0.0, backoff_base=0.01, timeout=2.0)
    got: list[Article] = []
    Crawler(tmp_path / "db.sqlite", tmp_path / "warc", config).crawl(
        profiles=[profile], on_article=got.append, since=dt.date(2030, 1, 1)
    )
    assert got == []
