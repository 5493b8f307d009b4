"""Many hosts at once: every host crawled in parallel, none faster than its delay.

Times are the servers' own arrival clocks; the test asserts order and spacing (politeness is
correctness), never speed: the budget share is measured by bench/crawl_budget.py.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from scrapers.crawl import CrawlConfig, Crawler
from scrapers.profiles import load_profile_file
from tests.scrapers.loopback import SITEMAP_PROFILE, LoopbackServer, SitemapSite

HOSTS = 20
DELAY = 0.5
# The client spaces request starts exactly; arrival at the server adds a few ms of jitter (a
# new connection, 40 threads of client and servers sharing one interpreter).
SLACK = 0.05


def test_twenty_hosts_in_parallel_each_at_its_delay(tmp_path: Path) -> None:
    with ExitStack() as stack:
        servers = [stack.enter_context(LoopbackServer(host=f"127.0.0.{2 + i}")) for i in range(HOSTS)]
        profiles = []
        for i, server in enumerate(servers):
            site = SitemapSite(server, f"site{i}", 3)
            toml = tmp_path / f"site{i}.toml"
            toml.write_text(site.profile_toml(), encoding="utf-8")
            profiles.append(load_profile_file(toml))
        got = []
        config = CrawlConfig(delay=DELAY, backoff_base=0.01, backoff_cap=0.05, timeout=3.0)
        report = Crawler(tmp_path / "v.db", tmp_path / "archive", config).crawl(
            profiles=profiles, on_article=got.append)
        assert report.ok and len(got) == HOSTS * 3
        for server in servers:
            times = [s.at for s in server.log]
            # robots.txt, the sitemap and three articles, each once
            assert len(times) == 5 and server.paths()[:2] == ["/robots.txt", "/sitemap.xml"]
            gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
            # robots.txt opens the connection: under load its arrival is stamped late (the server
            # starts a handler thread first), so its gap is only checked to be a positive one
            assert gaps[0] > 0 and min(gaps[1:]) >= DELAY - SLACK, (server.host, gaps)
        # in parallel: every host had its first request before any host had its last one
        # (four sites at a time, as before, would start the fifth host only after the first ended)
        assert max(s.log[0].at for s in servers) < min(s.log[-1].at for s in servers)


def test_shared_host_is_one_gate_for_two_sites(tmp_path: Path) -> None:
    """Two profiles on one server share its budget: their requests together keep the delay."""
    with LoopbackServer(host="127.0.0.2") as server:
        SitemapSite(server, "one", 3)
        profiles = []
        for name in ("one", "two"):
            toml = tmp_path / f"{name}.toml"
            toml.write_text(SITEMAP_PROFILE.format(name=name, origin=server.origin), encoding="utf-8")
            profiles.append(load_profile_file(toml))
        config = CrawlConfig(delay=DELAY, timeout=3.0)
        Crawler(tmp_path / "v.db", tmp_path / "archive", config).crawl(profiles=profiles)
        times = [s.at for s in server.log]
        assert len(times) >= 5
        assert all(b - a >= DELAY - SLACK for a, b in zip(times, times[1:], strict=False))
