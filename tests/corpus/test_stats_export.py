"""Indicator statistics and exports over a real store."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from corpus.export import ExportError, export
from corpus.model import Article, Count, Facts, Place
from corpus.stats import indicator_stats, summarize
from corpus.store import Store


def _save(store: Store, url: str, body: str, figures: list[tuple[str, int, str, bool]], province: str) -> None:
    text = "Tin\n\n" + body
    counts = []
    for phrase, value, indicator, change in figures:
        s = text.index(phrase)
        counts.append(Count(start=s, end=s + len(phrase), evidence=phrase, rule="t", value=value,
                            unit="đảng viên", indicator=indicator, change=change))
    store.save(Article(title="Tin", body=body, text=text, url=url, published="2024-03-15T08:30:00+07:00"),
               Facts(counts=counts), Place(province=province))


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as store:
        _save(store, "http://127.0.0.1/1.html", "Kết nạp 31 đảng viên, tăng 5 đảng viên.",
              [("31 đảng viên", 31, "party.members_admitted", False),
               ("tăng 5 đảng viên", 5, "party.members_admitted", True)], "Bình Dương")
        _save(store, "http://127.0.0.1/2.html", "Kết nạp 9 đảng viên mới.",
              [("9 đảng viên", 9, "party.members_admitted", False)], "Bình Định")
        # the same story reposted elsewhere must not count twice
        _save(store, "http://127.0.0.9/x.html", "Kết nạp 9 đảng viên mới.",
              [("9 đảng viên", 9, "party.members_admitted", False)], "Bình Định")
    return path


def test_indicator_stats_skip_changes_and_duplicates(db):
    df = indicator_stats(db)
    row = df.set_index("indicator").loc["party.members_admitted"]
    assert (row["n"], row["articles"], row["sum"], row["min"], row["max"]) == (2, 2, 40, 9, 31)
    by = indicator_stats(db, by="province").set_index("province")
    assert by.loc["Bình Dương", "sum"] == 31 and by.loc["Bình Định", "sum"] == 9


def test_summary_counts_articles_and_facts(db):
    s = summarize(db)
    assert s.articles == 3 and s.duplicates == 1
    assert s.facts["counts"] == 4
    assert sorted(s.indicators["value"].tolist()) == [5, 9, 31]


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_writes_every_table(db, tmp_path, fmt):
    files = export(db, tmp_path / "out", fmt)
    names = sorted(p.name for p in files)
    assert f"articles.{fmt}" in names and f"counts.{fmt}" in names
    counts = tmp_path / "out" / f"counts.{fmt}"
    if fmt == "parquet":
        df = pd.read_parquet(counts)
    elif fmt == "csv":
        df = pd.read_csv(counts)
    else:
        df = pd.DataFrame([json.loads(line) for line in counts.read_text(encoding="utf-8").splitlines()])
    assert sorted(df["value"].tolist()) == [5, 9, 31]  # the duplicate article's figure is left out


def test_export_unknown_format(db, tmp_path):
    with pytest.raises(ExportError, match="unknown format"):
        export(db, tmp_path / "out", "xlsx")
