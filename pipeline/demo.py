"""The offline demo: the bundled sample portal served on loopback, crawled by the real
crawler, extracted and stored by the real pipeline, then summarised.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from corpus.stats import StoreSummary, summarize
from pipeline.api import crawl, resolve_archive, resolve_db
from pipeline.sample_site import SiteServer, demo_site_root

DEMO_DELAY = 0.05  # seconds between requests: loopback only, so politeness is lowered explicitly
# A fixed port keeps the sample articles' URLs (and so their ids) the same from run to run,
# so a second run shows incremental crawling; a busy port falls back to any free one.
DEMO_PORT = 47321


def demo_profile_path() -> Path:
    return Path(str(resources.files("pipeline") / "demo_site" / "profile.toml"))


def run_demo(db: str | Path | None = None, archive: str | Path | None = None,
             delay: float = DEMO_DELAY):
    """Serve, crawl, extract, store; returns (crawl report, store summary, db path)."""
    from scrapers.profiles import load_profile_file

    db_path = resolve_db(db)
    archive_dir = resolve_archive(archive, db_path)
    profile = load_profile_file(demo_profile_path())
    try:
        server = SiteServer(demo_site_root(), port=DEMO_PORT)
    except OSError:
        server = SiteServer(demo_site_root())
    with server:
        report = crawl(db=db_path, archive=archive_dir, profiles=[profile.rebased(server.base_url + "/")],
                       delay=delay)
    summary: StoreSummary = summarize(db_path)
    return report, summary, db_path
