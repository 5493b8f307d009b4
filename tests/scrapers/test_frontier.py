"""The frontier: what is due, and URL canonicalization that decides what counts as one page."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from scrapers.frontier import Frontier, FrontierError
from scrapers.urls import InvalidURL, canonicalize, host_allowed, looks_like_article

A = "http://127.0.0.1/news/a/x-1.html"
B = "http://127.0.0.1/news/a/y-2.html"


def test_canonicalize() -> None:
    assert (
        canonicalize("HTTP://Thainguyen.DCS.vn:80/news/x-1.html#binh-luan") == "http://thainguyen.dcs.vn/news/x-1.html"
    )
    assert canonicalize("x-2.html?utm_source=fb&id=3&fbclid=abc", "https://a.vn/news/cat/") == (
        "https://a.vn/news/cat/x-2.html?id=3"
    )
    assert canonicalize("https://a.vn/list;jsessionid=ABC?PHPSESSID=1") == "https://a.vn/list"
    assert canonicalize("https://a.vn") == "https://a.vn/"
    assert canonicalize("https://a.vn/news/./cat/../x-1.html") == "https://a.vn/news/x-1.html"
    # NukeViet: the listing keeps its slash, the article has none
    assert canonicalize("https://a.vn/news/xay-dung-dang/") == "https://a.vn/news/xay-dung-dang/"
    assert canonicalize("https://a.vn/tin-tức/đảng") == "https://a.vn/tin-t%E1%BB%A9c/%C4%91%E1%BA%A3ng"
    assert canonicalize("https://a.vn:8443/x") == "https://a.vn:8443/x"


def test_canonicalize_rejects_non_http() -> None:
    for bad in ("mailto:a@b.vn", "javascript:void(0)", "", "/relative/only", "http://"):
        with pytest.raises(InvalidURL):
            canonicalize(bad)


def test_hosts_and_shapes() -> None:
    assert host_allowed("https://www.a.vn/x", ("a.vn",))
    assert not host_allowed("https://b.vn/x", ("a.vn",))
    assert host_allowed("https://b.vn/x", None)
    assert looks_like_article("https://a.vn/chinh-tri/dai-hoi-dang-bo-x-12345.html")
    assert not looks_like_article("https://a.vn/chinh-tri/")
    assert not looks_like_article("https://a.vn/uploads/anh-12345.jpg")


def test_new_then_done_then_not_due(tmp_path: Path) -> None:
    f = Frontier(tmp_path / "f.db")
    assert f.add(A, "article", "s", "2024-01-15T03:30:00+00:00") == "new"
    assert f.add(A, "article", "s") == "known"
    assert [e.url for e in f.due("s")] == [A]
    f.mark_done(A, etag='"v1"', content_hash="h")
    assert f.due("s") == []
    e = f.get(A)
    assert e is not None and e.etag == '"v1"' and e.fetched_lastmod == "2024-01-15T03:30:00+00:00"


def test_newer_lastmod_makes_due_older_does_not(tmp_path: Path) -> None:
    f = Frontier(tmp_path / "f.db")
    f.add(A, "article", "s", "2024-01-15T03:30:00+00:00")
    f.mark_done(A)
    assert f.add(A, "article", "s", "2024-01-01T00:00:00+00:00") == "known"
    assert f.due("s") == []
    assert f.add(A, "article", "s", "2024-02-01T00:00:00+00:00") == "changed"
    assert [e.url for e in f.due("s")] == [A]


def test_revalidation_after_interval(tmp_path: Path) -> None:
    f = Frontier(tmp_path / "f.db")
    f.add(A, "article", "s")
    f.mark_done(A)
    assert f.due("s", revalidate_after=dt.timedelta(days=1)) == []
    assert [e.url for e in f.due("s", revalidate_after=dt.timedelta(0))] == [A]


def test_failures_retried_up_to_a_limit_gone_never(tmp_path: Path) -> None:
    f = Frontier(tmp_path / "f.db")
    f.add(A, "article", "s")
    f.add(B, "article", "s")
    f.mark_gone(B, "HTTP 404")
    for _ in range(2):
        f.mark_error(A, "timed out")
    assert [e.url for e in f.due("s", max_attempts=3)] == [A]
    f.mark_blocked(A, "captcha")
    assert f.due("s", max_attempts=3) == []
    assert f.get(A).status == "blocked" and f.get(A).attempts == 3  # type: ignore[union-attr]
    assert f.status_counts("s") == {"blocked": 1, "gone": 1}


def test_sites_and_kinds_kept_apart(tmp_path: Path) -> None:
    f = Frontier(tmp_path / "f.db")
    f.add(A, "article", "s1")
    f.add(B, "listing", "s1")
    f.add("http://127.0.0.2/z-3.html", "article", "s2")
    assert [e.url for e in f.due("s1")] == [A]
    f.mark_not_article(A)
    assert f.get(A).kind == "listing"  # type: ignore[union-attr]


def test_tables_prefixed_and_wal(tmp_path: Path) -> None:
    Frontier(tmp_path / "f.db").close()
    db = sqlite3.connect(tmp_path / "f.db")
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert names and all(n.startswith("frontier_") for n in names)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_unopenable_db_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(FrontierError, match="not-a-db"):
        Frontier(bad)
