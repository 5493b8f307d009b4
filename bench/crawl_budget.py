"""Crawl budget share: how much of 20 polite hosts' request budget one crawl uses.

    python bench/crawl_budget.py [--runs 3] [--hosts 20] [--delay 1.0] [--articles 24] [--old]

Each host is a loopback server on its own address (127.0.0.2, 127.0.0.3, ...) that allows one
request per `delay` seconds; each serves robots.txt, a sitemap and `articles` article pages.
Budget share = requests made / (hosts × elapsed / delay), elapsed being the crawl's wall time.
R requests to a host fill only R - 1 gaps, so the strict share counts gaps instead:
Σ (requests - 1) / (hosts × elapsed / delay); it is the figure to hold against 95%. Two sinks:
`crawler` (articles only collected: the scheduler's own share) and `pipeline` (`api.crawl`:
parse, extract and store every article, as a real crawl does). `min gap` is the shortest
distance between two requests to one host, as the server saw it, over the delay (politeness:
it should not be below 1 by more than arrival jitter). `--old` also runs the previous design
(four sites at a time) once. Medians of the runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers.crawl import CrawlConfig, Crawler  # noqa: E402
from scrapers.profiles import load_profile_file  # noqa: E402
from tests.scrapers.loopback import LoopbackServer, SitemapSite  # noqa: E402


def one_run(hosts: int, delay: float, articles: int, sink: str, parallel_sites: int | None = None) -> dict:
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        servers = [stack.enter_context(LoopbackServer(host=f"127.0.0.{2 + i}")) for i in range(hosts)]
        profiles = []
        for i, server in enumerate(servers):
            toml = tmp_path / f"site{i}.toml"
            toml.write_text(SitemapSite(server, f"site{i}", articles).profile_toml(), encoding="utf-8")
            profiles.append(load_profile_file(toml))
        t0 = time.monotonic()
        if sink == "pipeline":
            from pipeline import api

            api.crawl(db=tmp_path / "b.db", archive=tmp_path / "archive", profiles=profiles, delay=delay)
        else:
            config = CrawlConfig(delay=delay, parallel_sites=parallel_sites)
            Crawler(tmp_path / "b.db", tmp_path / "archive", config).crawl(profiles=profiles)
        elapsed = time.monotonic() - t0
        counts = [len(s.log) for s in servers]
        gaps = [b.at - a.at for s in servers for a, b in zip(s.log, s.log[1:], strict=False)]
    available = hosts * elapsed / delay
    return {"elapsed_s": elapsed, "requests": sum(counts), "share": sum(counts) / available,
            "strict_share": sum(c - 1 for c in counts) / available, "min_gap": min(gaps) / delay}


def summarize(rows: list[dict]) -> dict:
    return {k: round(statistics.median(r[k] for r in rows), 3) for k in rows[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--old", action="store_true", help="also run four sites at a time (the old design)")
    args = parser.parse_args()
    print(f"{args.hosts} hosts, delay {args.delay} s, {args.articles} articles each "
          f"({args.articles + 2} requests a host), {args.runs} runs")
    for sink in ("crawler", "pipeline"):
        rows = [one_run(args.hosts, args.delay, args.articles, sink) for _ in range(args.runs)]
        print(f"{sink:9s} median {summarize(rows)}")
    if args.old:
        print(f"{'old (4)':9s} once   {summarize([one_run(args.hosts, args.delay, args.articles, 'crawler', 4)])}")


if __name__ == "__main__":
    main()
