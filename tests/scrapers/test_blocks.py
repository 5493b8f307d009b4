"""Block, captcha and WAF pages raise BlockedPage; stubs, feeds and listings NotAnArticle."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from scrapers.errors import BlockedPage, NotAnArticle
from scrapers.parse import parse_page
from scrapers.profiles import load_profiles

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "sites" / "thainguyen.dcs.vn" / "page.html"

CLOUDFLARE = """<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>
<div id="challenge-running">Checking your browser before accessing thainguyen.dcs.vn.</div>
<script>window._cf_chl_opt={cType:'managed'}</script></body></html>"""
DENIED_VI = "<html><head><title>Truy cập bị từ chối</title></head><body><h1>Truy cập bị từ chối</h1></body></html>"
WAF = """<html><head><title>Request Rejected</title></head><body>The requested URL was rejected.
Please consult with your administrator.<br><br>Your support ID is: 1234567890</body></html>"""


@pytest.mark.parametrize("page", [CLOUDFLARE, DENIED_VI, WAF])
def test_block_pages(page: str) -> None:
    with pytest.raises(BlockedPage, match="example.vn"):
        parse_page(page, "https://example.vn/a-1.html")


def test_profile_block_marker() -> None:
    profile = load_profiles()["thainguyen.dcs.vn"]
    html = FIXTURE.read_text("utf-8")
    assert parse_page(html, None, profile).title  # the real page parses...
    blocked = dataclasses.replace(profile, block_markers=("Xem nhiều nhất",))
    with pytest.raises(BlockedPage, match="Xem nhiều nhất"):  # ...unless the profile names a marker in it
        parse_page(html, None, blocked)


def test_comment_captcha_does_not_block_an_article() -> None:
    html = FIXTURE.read_text("utf-8")
    assert "captcha" in html
    assert parse_page(html, None).body


def test_meta_refresh_stub() -> None:
    page = '<html><head><meta http-equiv="Refresh" content="0; url=/vi/"></head><body></body></html>'
    with pytest.raises(NotAnArticle):
        parse_page(page, "https://example.vn/")


def test_feed_is_not_an_article() -> None:
    feed = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tin</title></channel></rss>'
    with pytest.raises(NotAnArticle, match="feed"):
        parse_page(feed, "https://example.vn/news/rss/")


def test_nukeviet_listing_is_not_an_article() -> None:
    profile = load_profiles()["thainguyen.dcs.vn"]
    listing = """<html><head><title>Xây dựng Đảng</title></head><body><div class="news_column">
    <div class="panel-body"><h3><a href="/news/xay-dung-dang/a-1.html">Tin một</a></h3>
    <div class="text-muted">Thứ Hai - 15/01/2024 10:30</div><p>Tóm tắt tin một.</p></div>
    <div class="panel-body"><h3><a href="/news/xay-dung-dang/b-2.html">Tin hai</a></h3></div>
    </div><ul class="pagination"><li><a href="/news/xay-dung-dang/page-2">2</a></li></ul></body></html>"""
    with pytest.raises(NotAnArticle, match="no article body"):
        parse_page(listing, "https://thainguyen.dcs.vn/news/xay-dung-dang/", profile)
