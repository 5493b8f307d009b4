"""The SQLite store, on real SQLite files."""

from __future__ import annotations

import sqlite3

import pytest

from corpus.model import Article, Award, Count, Facts, Official, Place
from corpus.query import QueryError, query, read_table
from corpus.store import Store, StoreError


def _article(url: str, body: str) -> Article:
    title = "Kết nạp đảng viên"
    text = f"{title}\n\n{body}"
    return Article(title=title, body=body, text=text, url=url, body_start=len(title) + 2)


def _count(text: str, phrase: str, value: int) -> Count:
    start = text.index(phrase)
    return Count(start=start, end=start + len(phrase), evidence=phrase, rule="test", value=value,
                 unit="đảng viên", indicator="party.members_admitted")


def test_article_and_facts_round_trip(tmp_path):
    db = tmp_path / "s.db"
    a = _article("http://127.0.0.1/a-1.html", "Huyện kết nạp 31 đảng viên mới.")
    facts = Facts(
        counts=[_count(a.text, "31 đảng viên", 31)],
        officials=[Official(start=0, end=5, evidence=a.text[:5], rule="t", name="Nguyễn Văn An",
                            title="Bí thư", organization="Huyện ủy", honorific="đồng chí")],
        awards=[Award(start=0, end=5, evidence=a.text[:5], rule="t", awarding_body="Huyện ủy",
                      collectives=2, individuals=3, recipients=["Lê Thị Bình"])],
    )
    with Store(db) as store:
        aid = store.save(a, facts, Place(province="Bình Dương", province_2025="Thành phố Hồ Chí Minh"))
    arts = query(db, "SELECT * FROM articles")
    assert list(arts["id"]) == [aid]
    assert arts.loc[0, "province_2025"] == "Thành phố Hồ Chí Minh"
    counts = query(db, 'SELECT value, unit, "start", "end", evidence FROM counts')
    row = counts.iloc[0]
    assert row["value"] == 31 and row["unit"] == "đảng viên"
    assert a.text[row["start"]:row["end"]] == row["evidence"] == "31 đảng viên"
    awards = query(db, "SELECT recipients, collectives FROM awards")
    assert awards.loc[0, "recipients"] == '["Lê Thị Bình"]' and awards.loc[0, "collectives"] == 2


def test_saving_again_replaces_facts_instead_of_adding(tmp_path):
    db = tmp_path / "s.db"
    a = _article("http://127.0.0.1/a-1.html", "Huyện kết nạp 31 đảng viên mới.")
    with Store(db) as store:
        store.save(a, Facts(counts=[_count(a.text, "31 đảng viên", 31)]))
        store.save(a, Facts(counts=[_count(a.text, "31 đảng viên", 31)]))
        assert store.count("articles") == 1
        assert store.count("counts") == 1


def test_reposted_story_is_marked_duplicate(tmp_path):
    db = tmp_path / "s.db"
    body = "Huyện kết nạp 31 đảng viên mới."
    first = _article("http://127.0.0.1/a-1.html", body)
    repost = _article("http://127.0.0.2/tin/b-9.html", body.replace("Huyện", "HUYỆN"))
    with Store(db) as store:
        first_id = store.save(first, Facts(counts=[_count(first.text, "31 đảng viên", 31)]))
        store.save(repost, Facts(counts=[_count(repost.text, "31 đảng viên", 31)]))
    rows = query(db, "SELECT id, duplicate_of FROM articles ORDER BY rowid")
    assert rows["duplicate_of"].isna().tolist() == [True, False]
    assert rows["duplicate_of"].iloc[1] == first_id
    # researchers' readers skip the repeat, so the figure is counted once
    assert len(read_table(db, "counts")) == 1
    assert len(read_table(db, "counts", include_duplicates=True)) == 2


def test_full_text_search_finds_article(tmp_path):
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.save(_article("http://127.0.0.1/a-1.html", "Khen thưởng 4 tập thể."), Facts())
        store.save(_article("http://127.0.0.1/a-2.html", "Hội nghị sơ kết."), Facts())
    hits = query(db, "SELECT a.url FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                     "WHERE articles_fts MATCH 'thưởng'")
    assert hits["url"].tolist() == ["http://127.0.0.1/a-1.html"]


def test_query_refuses_writes_and_keeps_data(tmp_path):
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.save(_article("http://127.0.0.1/a-1.html", "Hội nghị."), Facts())
    with pytest.raises(QueryError, match="read-only"):
        query(db, "DELETE FROM articles")
    with pytest.raises(QueryError, match="syntax error"):
        query(db, "SELEC * FROM articles")
    assert len(query(db, "SELECT * FROM articles")) == 1


def test_missing_and_non_database_files_give_clear_errors(tmp_path):
    with pytest.raises(QueryError, match="no such database file"):
        query(tmp_path / "absent.db", "SELECT 1")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(QueryError, match="junk.db"):
        query(junk, "SELECT 1")
    with pytest.raises(StoreError, match="junk.db"):
        Store(junk)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "such" / "x.db")


def test_failed_write_leaves_earlier_articles(tmp_path):
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.save(_article("http://127.0.0.1/a-1.html", "Hội nghị."), Facts())
        bad = Facts(counts=[Count(start=0, end=1, evidence="H", rule="t", value=object())])  # unbindable
        with pytest.raises((StoreError, sqlite3.ProgrammingError)):
            store.save(_article("http://127.0.0.1/a-2.html", "Khác."), bad)
    assert query(db, "SELECT url FROM articles")["url"].tolist() == ["http://127.0.0.1/a-1.html"]


def test_store_made_by_an_earlier_version_gains_new_columns(tmp_path):
    db = tmp_path / "old.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE counts DROP COLUMN total")
    conn.execute("ALTER TABLE articles DROP COLUMN body_start")
    conn.commit()
    conn.close()
    a = _article("http://127.0.0.1/a-1.html", "Xã có 65/65 chi bộ.")
    c = _count(a.text, "65", 65)
    c.total = 65
    with Store(db) as store:
        store.save(a, Facts(counts=[c]))
    assert query(db, "SELECT total FROM counts")["total"].tolist() == [65]
