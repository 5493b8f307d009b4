"""Reposted stories with light edits are marked duplicate_of the original; distinct stories are not."""

from __future__ import annotations

import json
from pathlib import Path

from corpus.dedup import band_buckets, jaccard, shingles
from corpus.model import Article, Facts
from corpus.query import query
from corpus.store import Store

GOLD = Path(__file__).resolve().parent.parent / "gold"


def _gold_bodies() -> list[str]:
    return [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(GOLD.glob("*.json"))]


def _article(url: str, title: str, body: str) -> Article:
    text = f"{title}\n\n{body}"
    return Article(title=title, body=body, text=text, url=url, body_start=len(title) + 2)


def test_signatures_are_stable_and_sized():
    body = max(_gold_bodies(), key=len)
    assert band_buckets(shingles(body)) == band_buckets(shingles(body))
    assert len(band_buckets(shingles(body))) == 20
    assert band_buckets(shingles("Quá ngắn để so sánh.")) == []


def test_lightly_edited_repost_is_a_duplicate(tmp_path):
    body = max(_gold_bodies(), key=len)
    # a repost: its own title, the original's headline line dropped, a caption and a byline added
    repost_body = ("Quang cảnh buổi lễ.\n\n" + body.split("\n", 1)[1].strip()
                   + "\n\nTheo Báo Sông Hồng điện tử")
    assert jaccard(shingles(body), shingles(repost_body)) >= 0.8
    db = tmp_path / "d.db"
    with Store(db) as store:
        original = store.save(_article("http://127.0.0.1/goc-1.html", "Tin gốc", body), Facts())
        store.save(_article("http://127.0.0.2/dang-lai-9.html", "Tiêu đề khác hẳn", repost_body), Facts())
    rows = query(db, "SELECT url, duplicate_of FROM articles ORDER BY rowid")
    assert rows["duplicate_of"].iloc[1] == original


def test_distinct_stories_are_not_duplicates_even_when_formulaic(tmp_path):
    db = tmp_path / "d.db"
    with Store(db) as store:
        for i, body in enumerate(_gold_bodies()):
            store.save(_article(f"http://127.0.0.1/tin-{i}.html", f"Tin {i}", body), Facts())
    dupes = query(db, "SELECT COUNT(*) AS n FROM articles WHERE duplicate_of IS NOT NULL")
    assert dupes["n"].iloc[0] == 0
