"""A crawl sharded by host on a real Dask LocalCluster stores what a one-process crawl stores."""

from __future__ import annotations

import json
import sqlite3
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.scrapers.loopback import SITEMAP_PROFILE, LoopbackServer, SitemapSite

pytest.importorskip("dask.distributed")

GOLD = Path(__file__).resolve().parent.parent / "gold"
ARTICLES_SQL = "SELECT id, url, site, title, lead, text, published, duplicate_of FROM articles ORDER BY id"
FRONTIER_SQL = "SELECT url, kind, site, status, etag, last_modified, content_hash FROM frontier_urls ORDER BY url"


def _fact_rows(db: Path) -> dict[str, list[tuple]]:
    from corpus.store import FACT_COLUMNS

    conn = sqlite3.connect(db)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in FACT_COLUMNS}
    finally:
        conn.close()


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def three_sites(tmp_path: Path):
    """Three loopback hosts with three articles each (gold texts, so they hold facts)."""
    texts = [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(GOLD.glob("*.json"))[:9]]
    profiles = tmp_path / "profiles" / "sites"
    profiles.mkdir(parents=True)
    with ExitStack() as stack:
        servers = [stack.enter_context(LoopbackServer(host=f"127.0.0.{2 + i}")) for i in range(3)]
        for i, server in enumerate(servers):
            site = SitemapSite(server, f"site{i}", 3, texts[3 * i : 3 * i + 3])
            (profiles / f"site{i}.toml").write_text(site.profile_toml(), encoding="utf-8")
        yield servers, profiles.parent


def test_dask_crawl_matches_one_process_and_stays_incremental(tmp_path: Path, three_sites, capsys) -> None:
    from pipeline import api
    from pipeline.cli import main

    servers, profiles = three_sites
    seq, par = tmp_path / "seq.db", tmp_path / "par.db"
    report = api.crawl(db=seq, delay=0.0, profiles_dir=profiles, sites=["site0", "site1", "site2"])
    assert report.ok and report.total("articles") == 9
    for server in servers:
        server.log.clear()
    code = main(["crawl", "--db", str(par), "--dask", "local", "--workers", "2", "--delay", "0",
                 "--profiles", str(profiles), "--site", "site0", "--site", "site1", "--site", "site2"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "total: 9 articles" in out and all(f"site{i}: ok" in out for i in range(3))
    # every host crawled once, by one task: robots.txt, sitemap and three articles
    assert [len(s.log) for s in servers] == [5, 5, 5]
    assert _rows(par, ARTICLES_SQL) == _rows(seq, ARTICLES_SQL)
    facts = _fact_rows(seq)
    assert all(facts[t] for t in ("counts", "percentages", "officials"))  # not a vacuous comparison
    assert _fact_rows(par) == facts
    assert _rows(par, FRONTIER_SQL) == _rows(seq, FRONTIER_SQL)  # the frontier came back from the workers
    assert len(list((tmp_path / "par-archive").glob("*.warc.gz"))) == 3  # one WARC file per task
    assert not list(tmp_path.glob("par-archive-shards/crawl-*"))  # shards merged and removed

    # the next night: the frontier knows every article, so none is fetched or stored again
    for server in servers:
        server.log.clear()
    again = api.crawl(db=par, dask="local", workers=2, delay=0.0, profiles_dir=profiles,
                      sites=["site0", "site1", "site2"])
    assert again.ok and again.total("articles") == 0 and again.total("fetched") == 0
    assert all(s.paths() == ["/robots.txt", "/sitemap.xml"] for s in servers)
    assert _rows(par, ARTICLES_SQL) == _rows(seq, ARTICLES_SQL)


def test_a_host_that_fails_is_its_own_sites_failure(tmp_path: Path, three_sites) -> None:
    """A site whose server is gone fails; the hosts that answered are stored all the same."""
    from pipeline import api

    servers, profiles = three_sites
    with LoopbackServer(host="127.0.0.9") as gone:
        origin = gone.origin
    (profiles / "sites" / "gone.toml").write_text(SITEMAP_PROFILE.format(name="gone", origin=origin),
                                                  encoding="utf-8")
    report = api.crawl(db=tmp_path / "v.db", dask="local", workers=2, delay=0.0, profiles_dir=profiles,
                       sites=["site0", "gone", "site2"])
    assert not report.ok and not report.sites["gone"].ok
    assert report.sites["site0"].ok and report.sites["site2"].ok
    assert report.total("articles") == 6
    assert _rows(tmp_path / "v.db", "SELECT count(*) FROM articles") == [(6,)]


def test_profiles_sharing_a_host_are_one_task() -> None:
    """Politeness is per host: two profiles (or a profile and a seed) on one host are never
    crawled by two tasks at once."""
    from pipeline.distributed import host_groups
    from scrapers.profiles import SiteProfile

    def profile(name: str, base: str, allowed: tuple[str, ...] = ()) -> SiteProfile:
        return SiteProfile(name=name, family="nukeviet", description=name, base_url=base,
                           article_url_pattern=r"\.html$", title=("h1",), body=("div",), allowed_hosts=allowed)

    a = profile("a", "http://www.tinh-a.vn/")
    b = profile("b", "http://tinh-b.vn/", allowed=("tinh-b.vn", "tinh-a.vn"))  # also fetches from a's host
    c = profile("c", "http://tinh-c.vn/")
    groups = host_groups([a, b, c], ["http://tinh-c.vn/tin-tuc/", "http://tinh-d.vn/"])
    as_names = sorted(sorted(names) for _, _, names in groups)
    assert as_names == [["a", "b"], ["c", "tinh-c.vn"], ["tinh-d.vn"]]
