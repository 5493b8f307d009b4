"""Re-extraction on a real Dask LocalCluster gives exactly the facts of the sequential run."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from corpus.model import Article, Facts
from corpus.store import Store
from pipeline.errors import PipelineError

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


# -- re-extraction from the WARC archive --------------------------------------------------------

def _gold_texts(n: int) -> list[str]:
    return [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(GOLD.glob("*.json"))[:n]]


def _fact_rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every fact table, all columns, in one canonical order."""
    from corpus.store import FACT_COLUMNS

    conn = sqlite3.connect(db)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in FACT_COLUMNS}
    finally:
        conn.close()


def _clear_facts(db: Path) -> None:
    from corpus.store import FACT_COLUMNS

    conn = sqlite3.connect(db)
    with conn:
        for table in FACT_COLUMNS:
            conn.execute(f"DELETE FROM {table}")
    conn.close()


@pytest.fixture
def crawled(tmp_path: Path):
    """Three loopback sites crawled one run each (three WARC files) into a store."""
    from pipeline import api
    from tests.scrapers.loopback import LoopbackServer, SitemapSite

    profiles = tmp_path / "profiles" / "sites"
    profiles.mkdir(parents=True)
    texts = _gold_texts(9)
    db = tmp_path / "crawl.db"
    with LoopbackServer(host="127.0.0.2") as a, LoopbackServer(host="127.0.0.3") as b, \
            LoopbackServer(host="127.0.0.4") as c:
        for i, server in enumerate((a, b, c)):
            site = SitemapSite(server, f"site{i}", 3, texts[3 * i : 3 * i + 3])
            (profiles / f"site{i}.toml").write_text(site.profile_toml(), encoding="utf-8")
        for i in range(3):
            report = api.crawl(db=db, sites=[f"site{i}"], delay=0.0, profiles_dir=profiles.parent)
            assert report.ok and report.total("articles") == 3
    return db, db.with_name("crawl-archive"), profiles.parent


def test_archive_reextract_on_local_cluster_matches_single_process(tmp_path: Path, crawled, capsys) -> None:
    from pipeline.cli import main

    db, archive, profiles = crawled
    assert len(list(archive.glob("*.warc.gz"))) == 3
    at_crawl = _fact_rows(db)
    assert all(at_crawl[t] for t in ("counts", "percentages", "officials", "dates", "locations"))
    seq, par = tmp_path / "seq.db", tmp_path / "par.db"
    for copy in (seq, par):
        shutil.copy(db, copy)
        _clear_facts(copy)
    assert main(["reextract", "--db", str(seq)]) == 0
    capsys.readouterr()
    code = main(["reextract", "--db", str(par), "--dask", "local", "--workers", "2", "--archive", str(archive),
                 "--profiles", str(profiles)])
    out = capsys.readouterr().out
    assert code == 0 and "re-extracted 9 articles" in out and "no page in the archive" not in out
    assert _fact_rows(par) == _fact_rows(seq) == at_crawl
    assert not list(archive.parent.glob("*-shards/reextract-*"))  # the shards are merged and removed


def test_archive_reextract_takes_the_newest_whole_page(tmp_path: Path) -> None:
    """Two archived versions of one page: the newer one is stored; a truncated one is ignored."""
    import time

    from pipeline.api import reextract
    from pipeline.distributed import reextract_archive
    from scrapers.archive import WarcArchive
    from tests.scrapers.loopback import PortalArticle

    def page(n: int) -> bytes:
        return PortalArticle(id=7, alias="ket-nap", title=f"Kết nạp {n} đảng viên mới", date="15/01/2024",
                             lead=f"Đảng bộ xã kết nạp {n} đảng viên mới.", paragraphs=["Hội nghị diễn ra sáng nay."]
                             ).html().encode("utf-8")

    archive, db = tmp_path / "archive", tmp_path / "v.db"
    url = "http://127.0.0.9/news/xay-dung-dang/ket-nap-7.html"
    html = [("Content-Type", "text/html; charset=utf-8")]
    for n, truncated in ((12, None), (15, None), (99, "disconnect")):
        with WarcArchive(archive) as warc:
            warc.write_exchange(url, "GET", {}, 200, "OK", html, page(n), truncated)
        time.sleep(1.05)  # WARC-Date has whole seconds: the three versions are three moments
    with Store(db) as store:  # the store holds the article (with the older text and no facts)
        store.save(Article(title="x", text="Kết nạp 12 đảng viên mới", url=url), Facts())
        store.save(Article(title="y", text="Một bài không có trong kho lưu trữ", url="http://127.0.0.9/y-1.html"),
                   Facts())
    result = reextract_archive(db, archive)
    assert (result.articles, result.not_in_archive, result.files, result.errors) == (1, 1, 3, [])
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT title FROM articles WHERE url = ?", (url,)).fetchone() == ("Kết nạp 15 đảng viên mới",)
    assert {r[0] for r in conn.execute("SELECT value FROM counts")} == {15}
    # a corrupt file is named; what the others held is stored all the same
    (archive / "zz-broken.warc.gz").write_bytes(b"\x1f\x8b\x08\x00 not gzip")
    with pytest.raises(PipelineError, match="zz-broken.warc.gz"):
        reextract(db=db, dask="local", workers=1, archive=archive)
    assert {r[0] for r in sqlite3.connect(db).execute("SELECT value FROM counts")} == {15}


def test_reextract_dask_without_archive_is_one_line(tmp_path: Path, capsys) -> None:
    from pipeline.cli import main

    db = tmp_path / "v.db"
    Store(db).close()
    assert main(["reextract", "--db", str(db), "--dask", "local"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "v-archive: no WARC files" in err
