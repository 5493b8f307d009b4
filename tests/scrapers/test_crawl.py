"""The crawl loop against a loopback NukeViet portal: complete, polite, incremental."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corpus.model import Article
from scrapers.archive import read_warc
from scrapers.crawl import CrawlConfig, Crawler
from scrapers.frontier import Frontier
from scrapers.profiles import load_profile_file
from tests.scrapers.loopback import LoopbackServer, NukeVietPortal, Reply

FAST = CrawlConfig(delay=0.0, backoff_base=0.01, backoff_cap=0.05, timeout=3.0)


@pytest.fixture
def portal(tmp_path: Path):
    with LoopbackServer() as server, LoopbackServer(host="127.0.0.2") as outside:
        outside.page("/news/xay-dung-dang/ngoai-999.html", "<html><body>elsewhere</body></html>")
        site = NukeVietPortal(server, outside.url("/news/xay-dung-dang/ngoai-999.html"))
        toml = tmp_path / "portal.toml"
        toml.write_text(site.profile_toml(), encoding="utf-8")
        yield site, load_profile_file(toml), outside


def run(tmp_path: Path, profile, config: CrawlConfig = FAST, **kw):
    got: list[Article] = []
    crawler = Crawler(tmp_path / "vnnews.db", tmp_path / "archive", config)
    report = crawler.crawl(profiles=[profile], on_article=got.append, **kw)
    return report, got


def article_hits(server: LoopbackServer) -> list[str]:
    return [p for p in server.paths() if p.endswith(".html")]


def test_first_run_hands_every_article_once(tmp_path: Path, portal) -> None:
    site, profile, outside = portal
    report, got = run(tmp_path, profile)
    paths = sorted(a.path for a in site.articles)
    assert sorted(a.url.split(site.server.origin)[1] for a in got) == paths
    assert len(got) == len(site.articles)
    first = next(a for a in got if a.url.endswith("-101.html"))
    assert first.title == "Kết nạp 25 đảng viên mới trong quý I"
    assert first.site == "loopback-portal" and first.fetched_at
    # each article page fetched once, though feed, sitemap and listing all link to it
    assert sorted(article_hits(site.server)) == paths
    # robots.txt first, the disallowed article and the outside host never touched
    assert site.server.paths()[0] == "/robots.txt"
    assert NukeVietPortal.DISALLOWED not in site.server.paths()
    assert outside.log == []
    # the sitemap had named every article already: listing page 1 brought nothing new, so no page 2
    assert "/news/xay-dung-dang/" in site.server.paths()
    assert "/news/xay-dung-dang/page-2" not in site.server.paths()
    rep = report.sites["loopback-portal"]
    assert rep.ok and report.ok
    assert rep.articles == 5 and rep.fetched == 5 and rep.errors == []
    assert rep.skip_reasons["off-host"] >= 1 and rep.skip_reasons["robots"] >= 1
    assert rep.requests == len(site.server.log)
    assert "loopback-portal" in report.summary()


def test_listing_paged_until_nothing_new(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        site = NukeVietPortal(server, "http://127.0.0.2:9/x-1.html", listing_only=True)
        toml = tmp_path / "portal.toml"
        toml.write_text(site.profile_toml(), encoding="utf-8")
        report, got = run(tmp_path, load_profile_file(toml))
        assert len(got) == 5
        listing = [p for p in server.paths() if not p.endswith((".html", ".txt"))]
        # pages 1 and 2 bring new articles, page 3 repeats page 2: paging stops there
        assert listing == ["/news/xay-dung-dang/", "/news/xay-dung-dang/page-2", "/news/xay-dung-dang/page-3"]


def test_every_request_is_archived(tmp_path: Path, portal) -> None:
    site, profile, _ = portal
    report, got = run(tmp_path, profile)
    assert report.archive_path is not None and report.archive_path.exists()
    archived = {url: body for url, body, _ in read_warc(report.archive_path)}
    for art in site.articles:
        assert art.title.encode("utf-8") in archived[site.server.url(art.path)]
    assert site.server.url("/news/xay-dung-dang/") in archived  # listings too, for re-extraction


def test_second_run_fetches_no_unchanged_article(tmp_path: Path, portal) -> None:
    site, profile, _ = portal
    run(tmp_path, profile)
    before = len(site.server.log)
    report, got = run(tmp_path, profile)
    assert got == []
    assert article_hits(site.server)[5:] == []  # no article page requested again
    assert report.sites["loopback-portal"].ok
    assert len(site.server.log) > before  # discovery did run


def test_article_with_new_lastmod_is_fetched_again(tmp_path: Path, portal) -> None:
    site, profile, _ = portal
    run(tmp_path, profile)
    changed = site.article(103)
    changed.paragraphs.append("Cập nhật: Hội nghị đã bế mạc chiều cùng ngày.")
    changed.lastmod = "2024-02-01T09:00:00+07:00"
    changed.etag = '"a3-v2"'
    site.publish()
    n = len(site.server.log)
    report, got = run(tmp_path, profile)
    assert [a.url for a in got] == [site.server.url(changed.path)]
    assert "bế mạc" in got[0].body
    assert [s.path for s in site.server.log[n:] if s.path.endswith(".html")] == [changed.path]


def test_new_etag_found_by_revalidation(tmp_path: Path, portal) -> None:
    site, profile, _ = portal
    run(tmp_path, profile)
    changed = site.article(102)
    changed.paragraphs.append("Đính chính: danh sách được bổ sung 2 đảng viên.")
    changed.etag = '"a2-v2"'  # the sitemap lastmod is not updated: only a conditional GET notices
    site.publish()
    n = len(site.server.log)
    config = CrawlConfig(delay=0.0, backoff_base=0.01, timeout=3.0, revalidate_after=dt.timedelta(0))
    report, got = run(tmp_path, profile, config)
    assert [a.url for a in got] == [site.server.url(changed.path)]
    later = [s for s in site.server.log[n:] if s.path.endswith(".html")]
    assert all("if-none-match" in s.headers for s in later)  # every revalidation was conditional
    assert report.sites["loopback-portal"].not_modified == 4


def test_on_article_failure_is_reported_and_retried(tmp_path: Path, portal) -> None:
    site, profile, _ = portal

    def flaky(article: Article) -> None:
        if article.url and article.url.endswith("-104.html"):
            raise RuntimeError("store is busy")
        got.append(article)

    got: list[Article] = []
    crawler = Crawler(tmp_path / "vnnews.db", tmp_path / "archive", FAST)
    report = crawler.crawl(profiles=[profile], on_article=flaky)
    rep = report.sites["loopback-portal"]
    assert len(got) == 4 and rep.articles == 4
    assert [u for u, _ in rep.errors] == [site.server.url(site.article(104).path)]
    assert "store is busy" in rep.errors[0][1]
    report2, again = run(tmp_path, profile)
    assert [a.url for a in again] == [site.server.url(site.article(104).path)]


def test_max_articles_leaves_the_rest_for_later(tmp_path: Path, portal) -> None:
    site, profile, _ = portal
    _, got = run(tmp_path, profile, max_articles=2)
    assert len(got) == 2
    _, rest = run(tmp_path, profile)
    assert len(rest) == 3
    assert {a.url for a in got} | {a.url for a in rest} == {site.server.url(a.path) for a in site.articles}


def test_since_skips_older_sitemap_and_feed_entries(tmp_path: Path, portal) -> None:
    site, profile, _ = portal
    _, got = run(tmp_path, profile, since=dt.date(2024, 1, 18))
    # 104 and 105 are dated on or after the 18th; listing links carry no date, and the pages'
    # own dates (15-17 Jan) keep the older ones out
    assert sorted(a.url.rsplit("-", 1)[1] for a in got) == ["104.html", "105.html"]


def test_block_page_reported_not_stored(tmp_path: Path, portal) -> None:
    site, profile, _ = portal
    captcha = (
        "<html><head><title>Attention Required! | Cloudflare</title></head><body>"
        "<h1>Please verify you are a human</h1><div class='cf-captcha-container'>captcha</div></body></html>"
    )
    blocked = site.article(105)
    site.server.set(blocked.path, Reply(body=captcha))
    report, got = run(tmp_path, profile)
    rep = report.sites["loopback-portal"]
    assert len(got) == 4 and blocked.path not in [a.url for a in got]
    assert rep.blocked == 1 and rep.blocked_urls == [site.server.url(blocked.path)]
    assert rep.ok
    entry = Frontier(tmp_path / "vnnews.db").get(site.server.url(blocked.path))
    assert entry is not None and entry.status == "blocked"
    # the next run tries it again, and the page is back
    site.publish()
    _, again = run(tmp_path, profile)
    assert [a.url for a in again] == [site.server.url(blocked.path)]


def test_robots_unreachable_backs_off_the_site(tmp_path: Path, portal) -> None:
    site, profile, _ = portal
    site.server.set("/robots.txt", Reply(status=503))
    report, got = run(tmp_path, profile, CrawlConfig(delay=0.0, backoff_base=0.01, max_retries=1))
    rep = report.sites["loopback-portal"]
    assert got == [] and rep.robots == "unreachable"
    assert set(site.server.paths()) == {"/robots.txt"}
    # nothing of the site could be crawled: the run is not ok (non-zero exit), and says why
    assert not rep.ok and not report.ok
    assert any("robots.txt unreachable" in n for n in rep.notes)


def test_robots_404_allows_all(tmp_path: Path, portal) -> None:
    site, profile, _ = portal
    site.server.set("/robots.txt", Reply(status=404))
    report, got = run(tmp_path, profile)
    assert report.sites["loopback-portal"].robots == "missing"
    # with no robots.txt the page robots.txt used to forbid is fair game too
    assert len(got) == 6 and NukeVietPortal.DISALLOWED in site.server.paths()


def test_every_discovery_url_failing_is_not_ok(tmp_path: Path, portal) -> None:
    site, profile, _ = portal
    for path in ("/sitemap.xml", "/news/rss/xay-dung-dang/", "/news/xay-dung-dang/"):
        site.server.set(path, Reply(status=500))
    report, got = run(tmp_path, profile, CrawlConfig(delay=0.0, backoff_base=0.01, max_retries=1))
    assert got == [] and not report.ok
    assert len(report.sites["loopback-portal"].errors) == 3
