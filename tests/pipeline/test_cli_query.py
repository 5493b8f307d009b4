"""`vnnews query`, `stats`, `export` through the CLI on a real store."""

from __future__ import annotations

import json

import pytest

from corpus.model import Article, Count, Facts
from corpus.store import Store
from pipeline.cli import main


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "q.db"
    text = "Tin\n\nKết nạp 31 đảng viên."
    s = text.index("31 đảng viên")
    with Store(path) as store:
        store.save(Article(title="Tin", body="Kết nạp 31 đảng viên.", text=text, url="http://127.0.0.1/1.html"),
                   Facts(counts=[Count(start=s, end=s + 12, evidence="31 đảng viên", rule="t", value=31,
                                       unit="đảng viên", indicator="party.members_admitted")]))
    return path


def test_query_formats(db, capsys):
    assert main(["query", "--db", str(db), "SELECT value, unit FROM counts", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"value": 31, "unit": "đảng viên"}]
    assert main(["query", "--db", str(db), "SELECT value, unit FROM counts", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["value,unit", "31,đảng viên"]
    assert main(["query", "--db", str(db), "SELECT value, unit FROM counts"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["value", "unit"] and out[2].split() == ["31", "đảng", "viên"]


@pytest.mark.parametrize("sql", ["DELETE FROM articles", "DROP TABLE counts", "UPDATE counts SET value = 0"])
def test_query_refuses_writes(db, capsys, sql):
    code = main(["query", "--db", str(db), sql])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "read-only" in err and "Traceback" not in err
    main(["query", "--db", str(db), "SELECT COUNT(*) AS n FROM counts", "--format", "json"])
    assert json.loads(capsys.readouterr().out) == [{"n": 1}]


def test_query_sql_error_and_missing_db(db, tmp_path, capsys):
    assert main(["query", "--db", str(db), "SELECT nope FROM counts"]) == 1
    err = capsys.readouterr().err
    assert "no such column: nope" in err and len(err.strip().splitlines()) == 1
    assert main(["query", "--db", str(tmp_path / "absent.db"), "SELECT 1"]) == 1
    assert "absent.db: no such database file" in capsys.readouterr().err


def test_stats_and_export(db, tmp_path, capsys):
    assert main(["stats", "--db", str(db), "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["indicator"] == "party.members_admitted" and row["sum"] == 31
    assert main(["export", "--db", str(db), "--format", "csv", "--out", str(tmp_path / "x")]) == 0
    header, first = (tmp_path / "x" / "counts.csv").read_text(encoding="utf-8").splitlines()[:2]
    assert header.startswith("article_id,value,") and ",31," in first


def test_bad_since_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["crawl", "--since", "2024-13-45"])
    assert exc.value.code == 2
    assert "'2024-13-45' is not a date" in capsys.readouterr().err


def test_reextract_replaces_facts_from_stored_text(tmp_path, capsys):
    from corpus.model import Article, Facts
    from corpus.store import Store

    db = tmp_path / "r.db"
    title = "Huyện ủy kết nạp đảng viên"
    body = "Năm 2024, Đảng bộ huyện kết nạp 45 đảng viên mới."
    text = f"{title}\n\n{body}"
    with Store(db) as store:  # stored with no facts, as by an older extractor
        store.save(Article(title=title, body=body, text=text, url="http://127.0.0.1/r-1.html",
                           body_start=len(title) + 2), Facts())
    assert main(["reextract", "--db", str(db)]) == 0
    assert "re-extracted 1 articles" in capsys.readouterr().out
    assert main(["query", "--db", str(db), "SELECT value, unit FROM counts", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"value": 45, "unit": "đảng viên"}]
    assert main(["reextract", "--db", str(tmp_path / "absent.db")]) == 1
    assert "absent.db" in capsys.readouterr().err


def test_a_second_crawl_on_the_same_store_stops_at_once(tmp_path, capsys):
    """Nightly runs must not overlap: the second one refuses with one line, the store untouched."""
    from pipeline.api import crawl_lock

    db = tmp_path / "n.db"
    with crawl_lock(db):
        code = main(["crawl", "--db", str(db), "--seed", "http://127.0.0.1:9/"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip().splitlines() == [f"vnnews crawl: error: {db}: another crawl is already running on this store"]
    assert not db.exists()
