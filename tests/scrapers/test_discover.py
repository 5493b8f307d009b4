"""Discovery from bytes: feeds, sitemaps (plain, index, gzip, hostile), listings, pagination."""

from __future__ import annotations

import gzip

from scrapers.discover import (
    feed_links,
    gunzip_capped,
    page_url,
    parse_date,
    parse_feed,
    parse_listing,
    parse_sitemap,
)

SM = "http://127.0.0.1:8000/sitemap.xml"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def test_sitemap_urls_with_lastmod() -> None:
    xml = (
        f'<?xml version="1.0"?><urlset {NS}>'
        "<url><loc>http://127.0.0.1:8000/news/a/x-1.html</loc><lastmod>2024-01-15T10:30:00+07:00</lastmod></url>"
        "<url><loc>http://127.0.0.1:8000/news/a/y-2.html?utm_source=fb</loc><lastmod>2024-01-16</lastmod></url>"
        "<url><loc>  </loc></url></urlset>"
    ).encode()
    found = parse_sitemap(xml, SM)
    assert found.errors == []
    assert [(x.url, x.lastmod) for x in found.links] == [
        ("http://127.0.0.1:8000/news/a/x-1.html", "2024-01-15T03:30:00+00:00"),
        # a bare date is read as Vietnam time (+07:00): midnight there is 17:00 UTC the day before
        ("http://127.0.0.1:8000/news/a/y-2.html", "2024-01-15T17:00:00+00:00"),
    ]


def test_sitemap_index() -> None:
    xml = (
        f"<sitemapindex {NS}><sitemap><loc>http://127.0.0.1:8000/sitemap-news.xml</loc>"
        "<lastmod>2024-03-01</lastmod></sitemap></sitemapindex>"
    ).encode()
    found = parse_sitemap(xml, SM)
    assert found.links == [] and [s.url for s in found.sitemaps] == ["http://127.0.0.1:8000/sitemap-news.xml"]


def test_gzip_sitemap() -> None:
    xml = f"<urlset {NS}><url><loc>http://127.0.0.1:8000/a-1.html</loc></url></urlset>".encode()
    found = parse_sitemap(gzip.compress(xml), SM + ".gz")
    assert [x.url for x in found.links] == ["http://127.0.0.1:8000/a-1.html"]


def test_gzip_bomb_fails_cleanly() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * 60_000_000)
    assert len(bomb) < 200_000
    found = parse_sitemap(bomb, SM + ".gz")
    assert found.links == []
    assert len(found.errors) == 1 and "expands beyond" in found.errors[0] and SM in found.errors[0]


def test_gunzip_cap_and_corrupt() -> None:
    assert gunzip_capped(gzip.compress(b"x" * 100), 100, "f") == b"x" * 100
    for data in (gzip.compress(b"x" * 101), b"\x1f\x8b\x08garbage"):
        try:
            gunzip_capped(data, 100, "f.gz")
        except ValueError as exc:
            assert str(exc).startswith("f.gz: ")
        else:
            raise AssertionError("expected ValueError")


def test_malformed_sitemap_reported_and_salvaged() -> None:
    xml = f"<urlset {NS}><url><loc>http://127.0.0.1:8000/a-1.html</loc></url><url><loc>oops".encode()
    found = parse_sitemap(xml, SM)
    assert len(found.errors) == 1 and "malformed XML" in found.errors[0]
    assert [x.url for x in found.links] == ["http://127.0.0.1:8000/a-1.html"]


def test_html_served_as_sitemap_reported() -> None:
    found = parse_sitemap(b"<html><body>Not found</body></html>", SM)
    assert found.links == [] and "not a sitemap" in found.errors[0]
    assert "empty" in parse_sitemap(b"", SM).errors[0]


def test_entities_not_expanded() -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://127.0.0.1/x-&c;.html</loc>'
        b"</url></urlset>"
    )
    found = parse_sitemap(xml, SM)
    assert all("aaaa" not in x.url for x in found.links)


def test_rss_feed() -> None:
    rss = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tin</title>
    <item><title>Một</title><link>http://127.0.0.1:8000/news/a/mot-1.html</link>
      <pubDate>Mon, 15 Jan 2024 10:30:00 +0700</pubDate></item>
    <item><title>Hai</title><guid>http://127.0.0.1:8000/news/a/hai-2.html</guid></item>
    <item><title>Ba</title><guid isPermaLink="false">tag:x,3</guid></item>
    </channel></rss>""".encode()
    found = parse_feed(rss, "http://127.0.0.1:8000/news/rss/a/")
    assert found.errors == []
    assert [(x.url, x.lastmod) for x in found.links] == [
        ("http://127.0.0.1:8000/news/a/mot-1.html", "2024-01-15T03:30:00+00:00"),
        ("http://127.0.0.1:8000/news/a/hai-2.html", None),
    ]


def test_atom_feed() -> None:
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>x</title><link rel="alternate" href="/news/a/x-9.html"/><link rel="edit" href="/edit/9"/>
    <updated>2024-02-01T08:00:00Z</updated></entry></feed>"""
    found = parse_feed(atom, "http://127.0.0.1:8000/feed.atom")
    assert [(x.url, x.lastmod) for x in found.links] == [
        ("http://127.0.0.1:8000/news/a/x-9.html", "2024-02-01T08:00:00+00:00")
    ]


def test_malformed_feed_reported() -> None:
    found = parse_feed(b"<rss><channel><item><link>http://127.0.0.1/a-1.html</link></item>", "http://127.0.0.1/rss")
    assert found.errors and "malformed XML" in found.errors[0]
    assert "not an RSS" in parse_feed(b"<html/>", "http://127.0.0.1/rss").errors[0]


def test_listing_links_pattern_and_hosts() -> None:
    html = """<html><body>
    <a href="/news/xay-dung-dang/ket-nap-12.html#top">a</a>
    <a href="http://127.0.0.1:8000/news/xay-dung-dang/ket-nap-12.html">dup</a>
    <a href="/news/xay-dung-dang/page-2">2</a>
    <a href="http://127.0.0.2:8000/news/xay-dung-dang/ngoai-13.html">outside</a>
    <a href="javascript:void(0)">js</a><a href="mailto:a@b.vn">m</a>
    </body></html>"""
    found = parse_listing(html, "http://127.0.0.1:8000/news/xay-dung-dang/", ("127.0.0.1",), r"-\d+\.html$")
    assert [x.url for x in found.links] == ["http://127.0.0.1:8000/news/xay-dung-dang/ket-nap-12.html"]
    assert found.others == ["http://127.0.0.1:8000/news/xay-dung-dang/page-2"]
    assert found.offsite == 1


def test_listing_generic_shapes() -> None:
    html = """<a href="/tin-tuc/dai-hoi-dang-bo-tinh-lan-thu-xx-thanh-cong-tot-dep">slug</a>
    <a href="/chinh-tri/">cat</a><a href="/tag/dang-vien">tag</a><a href="/Tin-tuc/post/12345/x">id</a>"""
    found = parse_listing(html, "http://127.0.0.1/", ("127.0.0.1",))
    assert [x.url for x in found.links] == [
        "http://127.0.0.1/tin-tuc/dai-hoi-dang-bo-tinh-lan-thu-xx-thanh-cong-tot-dep",
        "http://127.0.0.1/Tin-tuc/post/12345/x",
    ]
    assert found.others == ["http://127.0.0.1/chinh-tri/", "http://127.0.0.1/tag/dang-vien"]


def test_feed_links_in_head() -> None:
    html = """<head><link rel="alternate" type="application/rss+xml" href="/rss/xay-dung-dang/">
    <link rel="alternate" type="text/html" href="/en/"><link rel="stylesheet" href="/a.css"></head>"""
    assert feed_links(html, "http://127.0.0.1/") == ["http://127.0.0.1/rss/xay-dung-dang/"]


def test_page_url_templates() -> None:
    listing = "http://127.0.0.1/news/xay-dung-dang/"
    assert page_url(listing, "{listing}page-{n}", 1) == listing
    assert page_url(listing, "{listing}page-{n}", 3) == "http://127.0.0.1/news/xay-dung-dang/page-3"
    assert page_url(listing, "{listing}?page={n}", 2) == "http://127.0.0.1/news/xay-dung-dang/?page=2"
    assert page_url(listing, None, 2) is None


def test_parse_date_forms() -> None:
    assert parse_date("Mon, 15 Jan 2024 10:30:00 GMT") == "2024-01-15T10:30:00+00:00"
    assert parse_date("2024-01-15T10:30:00+07:00") == "2024-01-15T03:30:00+00:00"
    assert parse_date("15/01/2024 10:30") is None
    assert parse_date("") is None and parse_date(None) is None
