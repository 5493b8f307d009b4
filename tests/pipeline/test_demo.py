"""`vnnews demo`: the real crawler on the bundled portal served on loopback, into a real store."""

from __future__ import annotations

import re
import sqlite3

import pytest

from pipeline.cli import main
from pipeline.sample_site import demo_site_root


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    import contextlib
    import io

    db = tmp_path_factory.mktemp("demo") / "vnnews.db"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["demo", "--db", str(db)])
    return code, out.getvalue(), db


def test_demo_exits_zero_and_summarises(demo_run):
    code, out, _ = demo_run
    assert code == 0, out
    assert re.search(r"Articles stored: (\d+)", out)
    assert "Facts: counts" in out
    assert "party.members_admitted" in out  # the indicator table names its figures


def _expected_article_paths() -> set[str]:
    """The sample articles, as listed by the hand-written annotations of the demo's stories."""
    import json
    from pathlib import Path

    gold = Path(__file__).resolve().parent.parent / "gold"
    paths = {json.loads(p.read_text(encoding="utf-8"))["demo_path"] for p in gold.glob("songhong-*.json")}
    seed = next((demo_site_root() / "vi" / "news").rglob("thi-xa-ben-cat-*.html"))
    return paths | {"/" + seed.relative_to(demo_site_root()).as_posix()}


def test_demo_stores_every_article_once_and_no_other_page(demo_run):
    from urllib.parse import urlsplit

    _, out, db = demo_run
    conn = sqlite3.connect(db)
    urls = [u for (u,) in conn.execute("SELECT url FROM articles")]
    assert len(urls) == len(set(urls))
    assert {urlsplit(u).path for u in urls} == _expected_article_paths()
    assert len(urls) >= 13
    assert f"Articles stored: {len(urls)}" in out


def test_demo_seed_article_facts(demo_run):
    _, _, db = demo_run
    conn = sqlite3.connect(db)
    (aid, text) = conn.execute("SELECT id, text FROM articles WHERE title LIKE 'Thị xã Bến Cát%'").fetchone()
    counts = sorted(v for (v,) in conn.execute("SELECT value FROM counts WHERE article_id = ?", (aid,)))
    assert counts == [4, 5, 6, 10, 31]
    for start, end, evidence in conn.execute(
            'SELECT "start", "end", evidence FROM counts WHERE article_id = ?', (aid,)):
        assert text[start:end] == evidence
    # the caption repeated as a paragraph on the page is kept once
    assert text.count("Đồng chí Trần Đỗ Hoài Bảo, Bí thư Chi bộ") == 1
    assert "Phản hồi" not in text and "Xem nhiều nhất" not in text


def test_demo_archives_raw_pages(demo_run):
    _, _, db = demo_run
    archive = db.with_name("vnnews-archive")
    assert list(archive.glob("*.warc.gz"))


def test_second_demo_run_fetches_no_unchanged_article(demo_run, capsys):
    _, _, db = demo_run
    before = sqlite3.connect(db).execute("SELECT COUNT(*), MAX(fetched_at) FROM articles").fetchone()
    assert main(["demo", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    site_line = next(line for line in out.splitlines() if line.startswith("demo: "))
    assert re.search(r"\b0 fetched\b", site_line) and re.search(r"\b0 articles\b", site_line), site_line
    after = sqlite3.connect(db).execute("SELECT COUNT(*), MAX(fetched_at) FROM articles").fetchone()
    assert after == before
