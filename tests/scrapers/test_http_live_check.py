"""live_check against the loopback portal (the real thing needs internet; tests never do)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from scrapers.http import PoliteClient
from scrapers.live_check import check_site
from scrapers.profiles import load_profile_file
from tests.scrapers.loopback import LoopbackServer, NukeVietPortal, Reply


def portal_profile(tmp_path: Path, site: NukeVietPortal):
    toml = tmp_path / "portal.toml"
    toml.write_text(site.profile_toml(), encoding="utf-8")
    return dataclasses.replace(load_profile_file(toml), delay=0.0)  # loopback: no politeness delay


def test_check_site_reports_parsed_pages(tmp_path: Path) -> None:
    with LoopbackServer() as srv:
        site = NukeVietPortal(srv, "http://127.0.0.2:9/x-1.html")
        check = check_site(portal_profile(tmp_path, site), PoliteClient(delay=0.0), n=2)
        assert check.ok and check.robots == "ok"
        assert [p.title for p in check.pages] == [a.title for a in site.articles[:2]]
        assert all(p.has_lead and p.body_chars > 100 for p in check.pages)
        assert check.sources == {srv.url("/news/rss/xay-dung-dang/"): 3}  # the feed sufficed
        assert "/sitemap.xml" not in srv.paths()
        assert "NOT OK" not in check.summary()


def test_check_site_reports_failures(tmp_path: Path) -> None:
    with LoopbackServer() as srv:
        site = NukeVietPortal(srv, "http://127.0.0.2:9/x-1.html")
        srv.set(site.articles[0].path, Reply(status=404))
        check = check_site(portal_profile(tmp_path, site), PoliteClient(delay=0.0, max_retries=0), n=2)
        assert not check.ok
        assert check.pages[0].ok is False and "404" in (check.pages[0].error or "")
        assert "FAILED" in check.summary()
