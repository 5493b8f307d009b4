"""Re-extraction on a real Dask LocalCluster gives exactly the facts of the sequential run."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from corpus.model import Article, Facts
from corpus.store import Store

pytest.importorskip("dask.distributed")

GOLD = Path(__file__).resolve().parent.parent / "gold"
FACTS_SQL = ('SELECT article_id, value, unit, "start", "end" FROM counts UNION ALL '
             'SELECT article_id, value, kind, "start", "end" FROM percentages UNION ALL '
             'SELECT article_id, name, title, "start", "end" FROM officials ORDER BY 1, 4, 2')


def _store_without_facts(db: Path) -> int:
    from pipeline.compose import compose

    n = 0
    with Store(db) as store:
        for i, path in enumerate(sorted(GOLD.glob("*.json"))[:20]):
            text = json.loads(path.read_text(encoding="utf-8"))["text"]
            title, _, body = text.partition("\n")
            article = compose(Article(title=title, body=body, url=f"http://127.0.0.1/a-{i}.html"))
            store.save(article, Facts())
            n += 1
    return n


def test_dask_reextract_matches_sequential(tmp_path, capsys):
    from pipeline.api import reextract
    from pipeline.cli import main

    seq, par = tmp_path / "seq.db", tmp_path / "par.db"
    n = _store_without_facts(seq)
    _store_without_facts(par)
    reextract(db=seq)
    assert main(["reextract", "--db", str(par), "--workers", "2"]) == 0
    assert f"re-extracted {n} articles" in capsys.readouterr().out
    expected = sqlite3.connect(seq).execute(FACTS_SQL).fetchall()
    assert expected  # the gold articles hold facts, so the comparison is not vacuous
    assert sqlite3.connect(par).execute(FACTS_SQL).fetchall() == expected
