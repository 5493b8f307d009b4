"""`vnnews crawl` end to end through the CLI: loopback sites into a real store, twice, with faults.

Every site here is a real HTTP server on 127.0.0.1; the store is real SQLite; extraction is the
real pipeline. Politeness is lowered explicitly for loopback (`--delay 0`, `delay = 0.0`).
"""

from __future__ import annotations

import gzip
import json
import socket
import sqlite3
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.scrapers.loopback import LoopbackServer, NukeVietPortal, Reply
from tests.scrapers.test_crawl_generic import article_page

FACT_TABLES = ("counts", "percentages", "officials", "awards", "dates", "locations")
CAPTCHA = (
    "<html><head><title>Attention Required! | Cloudflare</title></head><body>"
    "<h1>Please verify you are a human</h1><div class='cf-captcha-container'>captcha</div></body></html>"
)


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def stored(db: Path) -> dict[str, dict]:
    """Every stored article by URL, with its facts (all columns but the article id), for comparison."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    out = {}
    for row in conn.execute("SELECT * FROM articles"):
        art = {k: row[k] for k in ("id", "title", "lead", "authors", "published", "text", "content_hash", "site")}
        for table in FACT_TABLES:
            facts = conn.execute(f'SELECT * FROM {table} WHERE article_id = ? ORDER BY "start", "end"', (row["id"],))
            art[table] = [{k: f[k] for k in f.keys() if k != "article_id"} for f in facts]  # noqa: SIM118
        out[row["url"]] = art
    conn.close()
    return out


def profiles_dir(tmp_path: Path, site: NukeVietPortal, extra: str = "") -> Path:
    """A --profiles folder with the loopback portal's profile (loopback politeness, short timeouts)."""
    folder = tmp_path / "profiles" / "sites"
    folder.mkdir(parents=True, exist_ok=True)
    toml = site.profile_toml() + "delay = 0.0\ntimeout = 1.0\nmax_retries = 1\n" + extra
    (folder / "loopback-portal.toml").write_text(toml, encoding="utf-8")
    return folder.parent


@pytest.fixture
def portal(tmp_path: Path):
    with LoopbackServer() as server, LoopbackServer(host="127.0.0.2") as outside:
        outside.page("/news/xay-dung-dang/ngoai-999.html", "<html><body>elsewhere</body></html>")
        site = NukeVietPortal(server, outside.url("/news/xay-dung-dang/ngoai-999.html"))
        yield site, profiles_dir(tmp_path, site), outside


def crawl_site(tmp_path: Path, folder: Path, capsys, *extra: str) -> tuple[int, str, str]:
    db = tmp_path / "vnnews.db"
    return run_cli(["crawl", "--db", str(db), "--site", "loopback-portal", "--profiles", str(folder), *extra], capsys)


# -- generic mode -------------------------------------------------------------------------------


def test_seed_without_profile_finds_articles_by_every_route(tmp_path: Path, capsys) -> None:
    with LoopbackServer() as srv, LoopbackServer(host="127.0.0.2") as outside:
        by_sitemap = "/tin-tuc/ket-nap-45-dang-vien-moi-trong-quy-i-nam-2024"
        by_feed = "/tin-tuc/so-ket-cong-tac-xay-dung-dang-quy-i-12345.html"
        by_listing = "/tin-tuc/khen-thuong-tap-the-va-ca-nhan-xuat-sac-nam-2024"
        srv.set("/robots.txt", Reply(body=f"User-agent: *\nDisallow: /private/\nSitemap: {srv.url('/sm/index.xml')}\n",
                                     content_type="text/plain"))  # fmt: skip
        srv.set("/sm/index.xml", Reply(
            body='<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{srv.url('/sm/posts.xml')}</loc></sitemap></sitemapindex>",
            content_type="application/xml"))  # fmt: skip
        srv.set("/sm/posts.xml", Reply(
            body='<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{srv.url(by_sitemap)}</loc><lastmod>2024-03-15</lastmod></url>"
            f"<url><loc>{outside.url('/tin-tuc/bai-o-trang-khac-cung-dang-tin-nam-2024')}</loc></url></urlset>",
            content_type="application/xml"))  # fmt: skip
        srv.page("/", '<html><head><link rel="alternate" type="application/rss+xml" href="/rss/"></head><body>'
                 '<a href="/chinh-tri/">Chính trị</a><a href="/private/bai-viet-noi-bo-khong-cong-khai-2024">x</a>'
                 "</body></html>")  # fmt: skip
        srv.set("/rss/", Reply(body=f"<rss><channel><item><link>{srv.url(by_feed)}</link></item></channel></rss>",
                               content_type="application/rss+xml"))  # fmt: skip
        srv.page("/chinh-tri/", f'<html><body><a href="{by_listing}">Khen thưởng</a></body></html>')
        titles = {by_sitemap: "Kết nạp 45 đảng viên mới", by_feed: "Sơ kết quý I", by_listing: "Khen thưởng"}
        for path, title in titles.items():
            srv.page(path, article_page(title))

        db = tmp_path / "vnnews.db"
        code, out, err = run_cli(["crawl", "--db", str(db), "--seed", srv.url("/"), "--delay", "0"], capsys)
        assert code == 0, out + err
        got = stored(db)
        # the three articles, each once; the home page, the feed, the sitemaps and the listing never
        assert sorted(got) == sorted(srv.url(p) for p in titles)
        assert {got[srv.url(p)]["title"] for p in titles} == set(titles.values())
        art = got[srv.url(by_sitemap)]
        assert art["published"] == "2024-03-15T08:30:00+07:00"  # "15/03/2024 08:30" under the title
        # "kết nạp 45 đảng viên mới, đạt 112% chỉ tiêu" in the page's second paragraph
        assert [(c["value"], c["unit"]) for c in art["counts"] if c["value"] == 45] == [(45, "đảng viên")]
        assert [(p["value"], p["kind"]) for p in art["percentages"]] == [(112, "attainment")]
        assert not any(p.startswith("/private/") for p in srv.paths())
        assert outside.log == []
        assert "127.0.0.1: ok" in out and "3 articles" in out


# -- a profiled site, twice -------------------------------------------------------------------


def test_site_crawled_twice_stores_each_article_once_and_refetches_nothing(tmp_path: Path, portal, capsys) -> None:
    site, folder, outside = portal
    code, out, err = crawl_site(tmp_path, folder, capsys)
    assert code == 0, out + err
    got = stored(tmp_path / "vnnews.db")
    assert sorted(got) == sorted(site.server.url(a.path) for a in site.articles)
    first = got[site.server.url(site.article(101).path)]
    assert first["title"] == "Kết nạp 25 đảng viên mới trong quý I" and first["site"] == "loopback-portal"
    assert first["published"] == "2024-01-15T10:30:00+07:00"  # "Thứ Hai - 15/01/2024 10:30"
    assert first["lead"] == site.article(101).lead
    # "kết quả đạt 104,1% kế hoạch năm" in the body of article 101
    assert [(p["value"], p["kind"]) for p in first["percentages"]] == [(104.1, "attainment")]
    assert "Những tin mới hơn" not in first["text"]  # cut at the boilerplate marker
    assert outside.log == [] and NukeVietPortal.DISALLOWED not in site.server.paths()

    n = len(site.server.log)
    code, out, _ = crawl_site(tmp_path, folder, capsys)
    assert code == 0
    assert [s.path for s in site.server.log[n:] if s.path in {a.path for a in site.articles}] == []
    assert stored(tmp_path / "vnnews.db") == got
    assert "0 articles" in out


def test_extract_from_the_crawl_archive_gives_what_the_crawl_stored(tmp_path: Path, portal, capsys) -> None:
    site, folder, _ = portal
    assert crawl_site(tmp_path, folder, capsys)[0] == 0
    got = stored(tmp_path / "vnnews.db")
    (warc,) = (tmp_path / "vnnews-archive").glob("*.warc.gz")
    code, out, err = run_cli(["extract", str(warc), "--format", "jsonl"], capsys)
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert sorted(r["url"] for r in records) == sorted(got)  # listings, feed, robots, sitemap left out
    for record in records:
        art = got[record["url"]]
        assert record["id"] == art["id"]
        for key in ("title", "lead", "published", "text"):
            assert record[key] == art[key], key
        for table in FACT_TABLES:
            from_store = [(f["start"], f["end"], f["evidence"], f["rule"]) for f in art[table]]
            offline = sorted((f["start"], f["end"], f["evidence"], f["rule"]) for f in record[table])
            assert offline == sorted(from_store), table


# -- faults on a second run never lose or corrupt what is stored ---------------------------------


def gzip_bomb() -> bytes:
    """A small gzip file that expands to 60 MB, beyond the 50 MB a sitemap may have."""
    return gzip.compress(b"<" + b" " * 60_000_000, compresslevel=9)


def test_faults_on_a_later_run_keep_the_stored_articles(tmp_path: Path, portal, capsys) -> None:
    site, folder, _ = portal
    assert crawl_site(tmp_path, folder, capsys)[0] == 0
    before = stored(tmp_path / "vnnews.db")
    assert len(before) == 5

    # every article is announced as changed, and every one of them meets a fault
    for art in site.articles:
        art.lastmod = "2024-06-01T08:00:00+07:00"
        art.etag = art.etag.replace("v1", "v2")
    site.publish()
    srv = site.server
    a101, a102, a103, a104, a105 = (site.article(i) for i in range(101, 106))
    srv.set(a101.path, [Reply(status=429, headers={"Retry-After": "1"}), Reply(body=a101.html(), etag=a101.etag)])
    srv.set(a102.path, Reply(body=CAPTCHA))
    srv.set(a103.path, Reply(fault="reset"))
    srv.set(a104.path, Reply(fault="hang", hang=3.0, body=a104.html()))
    page = a105.html()
    srv.set(a105.path, Reply(body=page[: page.index("Hội nghị cũng") + 12]))  # the HTML stops mid-body
    # new pages that must not become articles: a block page, an oversized page, a PDF
    blocked = "/news/xay-dung-dang/bi-chan-201.html"
    new = {
        blocked: [Reply(status=503, headers={"Retry-After": "1"}), Reply(body=CAPTCHA)],
        "/news/xay-dung-dang/qua-lon-202.html": Reply(body=a101.html() + "<!--" + "x" * 100_000 + "-->"),
        "/news/xay-dung-dang/tai-lieu-203.html": Reply(body=b"%PDF-1.4", content_type="application/pdf"),
    }
    for path, reply in new.items():
        srv.set(path, reply)
    urls = "".join(f"<url><loc>{srv.url(a.path)}</loc><lastmod>{a.lastmod}</lastmod></url>" for a in site.articles)
    urls += "".join(f"<url><loc>{srv.url(p)}</loc></url>" for p in new)
    srv.set("/sitemap.xml", Reply(
        body='<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{srv.url('/sitemap-bomb.xml.gz')}</loc></sitemap>"
        f"<sitemap><loc>{srv.url('/sitemap-news.xml')}</loc></sitemap></sitemapindex>",
        content_type="application/xml"))  # fmt: skip
    srv.set("/sitemap-news.xml", Reply(
        body=f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        content_type="application/xml"))  # fmt: skip
    srv.set("/sitemap-bomb.xml.gz", Reply(body=gzip_bomb(), content_type="application/x-gzip"))
    folder = profiles_dir(tmp_path / "again", site, "max_bytes = 80000\n")  # the bomb's 58 kB pass

    code, out, err = crawl_site(tmp_path, folder, capsys)
    # the run finished: faults were retried and reported, block pages reported, so it exits 0
    assert code == 0, out + err
    assert "Traceback" not in out + err
    after = stored(tmp_path / "vnnews.db")
    assert after == before  # every article still there, with the same text and facts
    assert "blocked: " + srv.url(a102.path) in out and "blocked: " + srv.url(blocked) in out
    assert "gzip data expands beyond" in out
    assert f"error: {srv.url(a105.path)}: page cut short" in out
    assert "exceeds the limit" in out
    first, second = srv.hits(a101.path)[-2:]
    assert second.at - first.at >= 1.0  # Retry-After is a floor

    # the next run, with the site healthy again, fetches what failed and stores nothing twice
    site.publish()
    code, out, err = crawl_site(tmp_path, folder, capsys)
    assert code == 0, out + err
    final = stored(tmp_path / "vnnews.db")
    assert sorted(final) == sorted(before)
    assert {u: a["text"] for u, a in final.items()} == {u: a["text"] for u, a in before.items()}


# -- exit status and one-line messages ---------------------------------------------------------------


def test_a_site_that_cannot_be_crawled_at_all_exits_non_zero(tmp_path: Path, capsys) -> None:
    with socket.socket() as probe:  # a loopback port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, out, err = run_cli(["crawl", "--db", str(tmp_path / "x.db"), "--seed", f"http://127.0.0.1:{port}/",
                              "--delay", "0"], capsys)  # fmt: skip
    assert code == 1
    assert "127.0.0.1: FAILED" in out and "robots.txt unreachable" in out and "connection refused" in out
    assert "Traceback" not in out + err


def test_every_discovery_source_failing_exits_non_zero(tmp_path: Path, portal, capsys) -> None:
    site, folder, _ = portal
    for path in ("/sitemap.xml", "/news/rss/xay-dung-dang/", "/news/xay-dung-dang/"):
        site.server.set(path, Reply(status=500))
    code, out, _ = crawl_site(tmp_path, folder, capsys)
    assert code == 1 and "loopback-portal: FAILED" in out and "every discovery URL failed" in out


def test_unknown_site_malformed_profile_and_bad_since_are_one_line(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.db")
    code, out, err = run_cli(["crawl", "--db", db, "--site", "no-such-site"], capsys)
    assert (code, out) == (1, "")
    assert err == "vnnews crawl: error: unknown site 'no-such-site'; `vnnews sites list` shows the profiles\n"

    folder = tmp_path / "bad" / "sites"
    folder.mkdir(parents=True)
    bad = folder / "broken.toml"
    bad.write_text('family = "nukeviet"\ndescription = "x"\nbase_url = "http://127.0.0.1:9/"\ndelay = "fast"\n',
                   encoding="utf-8")  # fmt: skip
    code, out, err = run_cli(["crawl", "--db", db, "--profiles", str(folder.parent)], capsys)
    assert (code, out) == (1, "")
    assert err == f"vnnews crawl: error: {bad}: field 'delay' must be a number, got str\n"

    with pytest.raises(SystemExit) as stop:
        main(["crawl", "--db", db, "--since", "2024-13-45"])
    assert stop.value.code == 2  # a usage error, as argparse reports them
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines() == [  # one line, no usage dump
        "vnnews crawl: error: argument --since: '2024-13-45' is not a date; write it as YYYY-MM-DD"
        " (see vnnews crawl --help)"
    ]
    assert not Path(db).exists()  # nothing was started


# -- --since ------------------------------------------------------------------------------------------


def test_since_stops_paging_at_older_articles_and_a_later_run_backfills(tmp_path: Path, capsys) -> None:
    with LoopbackServer() as srv:
        site = NukeVietPortal(srv, "http://127.0.0.2:9/news/a/x-1.html", listing_only=True)
        site.articles.reverse()  # listings show the newest first: page 1 holds 105, 104, 103
        site.publish()
        folder = profiles_dir(tmp_path, site)
        code, out, err = crawl_site(tmp_path, folder, capsys, "--since", "2024-01-18")
        assert code == 0, out + err
        db = tmp_path / "vnnews.db"
        # 105 (19 Jan) and 104 (18 Jan) are stored; 103 (17 Jan) is older, so paging stops at page 1
        assert sorted(stored(db)) == sorted(srv.url(site.article(i).path) for i in (104, 105))
        assert "/news/xay-dung-dang/page-2" not in srv.paths()
        assert site.article(101).path not in srv.paths() and site.article(102).path not in srv.paths()

        code, out, err = crawl_site(tmp_path, folder, capsys)  # no --since: the rest is fetched
        assert code == 0, out + err
        assert sorted(stored(db)) == sorted(srv.url(a.path) for a in site.articles)
        assert "/news/xay-dung-dang/page-2" in srv.paths()
