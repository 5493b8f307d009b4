"""The Python API; every CLI command is a thin wrapper over one function here.

    from pipeline import api
    for record in api.extract(["article.txt"]): ...
    api.crawl(db="vnnews.db", sites=["thainguyen"])
    df = api.query("SELECT * FROM counts", db="vnnews.db")
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pandas as pd

from corpus import export as _export
from corpus import query as _query
from corpus import stats as _stats
from corpus.model import Article
from corpus.store import FACT_COLUMNS, Store, default_archive_dir
from extractors import EXTRACTOR_VERSION
from pipeline.compose import process, reprocess, to_record
from pipeline.errors import PipelineError
from pipeline.inputs import InputError, read_inputs

DEFAULT_DB = "vnnews.db"


def resolve_db(db: str | Path | None) -> Path:
    """`--db`, else `$VNNEWS_DB`, else `./vnnews.db` (SCHEMA.md §2)."""
    return Path(db or os.environ.get("VNNEWS_DB") or DEFAULT_DB)


def resolve_archive(archive: str | Path | None, db: Path) -> Path:
    return Path(archive) if archive else default_archive_dir(db)


def extract(sources: Iterable[str], stdin: object = None) -> Iterator[dict]:
    """One SCHEMA.md §1 record per article found in each source, in order.

    A source that cannot be read gives `{"source": ..., "error": ...}` in its place.
    """
    for source in sources:
        try:
            for article in read_inputs(source, stdin=stdin):
                article.source = source
                yield to_record(*process(article))
        except InputError as exc:
            yield {"schema": "vnnews.article/1", "source": source, "error": str(exc)}


class StoreSink:
    """The crawler's `on_article`: extract the facts and store article and facts together."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.stored = 0
        self._lock = threading.Lock()  # underthesea is not thread-safe; extraction is cheap next to fetching

    def __call__(self, article: Article) -> None:
        with self._lock:
            composed, facts, place = process(article)
            self.store.save(composed, facts, place, extractor_version=EXTRACTOR_VERSION)
            self.stored += 1


@contextmanager
def crawl_lock(db_path: Path) -> Iterator[None]:
    """One crawl at a time per store: a nightly run that overlaps a slow previous one stops
    at once with a clear message instead of fetching every page twice."""
    import fcntl

    lock_path = db_path.with_name(db_path.name + ".crawl-lock")
    try:
        handle = lock_path.open("a+")
    except OSError as exc:
        raise PipelineError(f"{lock_path}: cannot create the crawl lock ({exc.strerror})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PipelineError(f"{db_path}: another crawl is already running on this store") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def crawl(db: str | Path | None = None, archive: str | Path | None = None, sites: Iterable[str] = (),
          seeds: Iterable[str] = (), since: date | None = None, max_articles: int | None = None,
          delay: float | None = None, profiles: list | None = None,
          on_article: Callable[[Article], None] | None = None, profiles_dir: str | Path | None = None,
          dask: str | None = None, workers: int | None = None, shards: str | Path | None = None):
    """Crawl the named sites (or every enabled one, or the seed URLs) into the store.

    `profiles_dir` is a folder of site profiles to use instead of the shipped ones. With
    `dask` ("local": a `LocalCluster` of `workers` processes, or a scheduler address) the
    crawl is sharded by host on Dask (`pipeline.distributed.crawl_on_dask`); the archive and
    `shards` folder must then be at the same path on every worker.
    """
    from scrapers.crawl import CrawlConfig, Crawler
    from scrapers.profiles import load_profiles

    db_path = resolve_db(db)
    archive_dir = resolve_archive(archive, db_path)
    seeds = list(seeds)
    if profiles is None:
        known = load_profiles(Path(profiles_dir) if profiles_dir else None)
        names = list(sites)
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValueError(f"unknown site {unknown[0]!r}; `vnnews sites list` shows the profiles")
        chosen = names or ([] if seeds else [n for n, p in known.items() if p.enabled])
        profiles = [known[n] for n in chosen]
    archive_dir.mkdir(parents=True, exist_ok=True)
    config = CrawlConfig() if delay is None else CrawlConfig(delay=delay)
    if dask:
        if on_article is not None:
            raise ValueError("a crawl on Dask stores what it finds; on_article cannot be used with dask")
        from pipeline.distributed import crawl_on_dask

        with crawl_lock(db_path):
            Store(db_path).close()  # create or upgrade the store before workers report back
            return crawl_on_dask(db_path, archive_dir, dask, profiles, seeds, config, since=since,
                                 max_articles=max_articles, workers=workers,
                                 shards=Path(shards) if shards else None)
    with crawl_lock(db_path), Store(db_path) as store:
        sink = on_article or StoreSink(store)
        crawler = Crawler(db_path, archive_dir, config)
        return crawler.crawl(profiles=profiles, seeds=seeds, since=since, on_article=sink,
                             max_articles=max_articles)


def reextract(db: str | Path | None = None, workers: int = 1, scheduler: str | None = None,
              dask: str | None = None, archive: str | Path | None = None,
              profiles_dir: str | Path | None = None, shards: str | Path | None = None) -> dict[str, int]:
    """Run the current extractors again over every stored article, replacing its facts.

    For after a rule change: no page is fetched again. With `workers` > 1 the stored texts
    are extracted in that many processes. With `dask` ("local", or a scheduler address such
    as tcp://10.0.0.5:8786; `scheduler` is the same) the pages are parsed again from the WARC
    `archive` on a Dask cluster, so parser changes apply too (`pipeline.distributed`).
    Returns how many articles were re-extracted and how many facts of each type the store
    then holds (and, with `dask`, how many stored articles had no archived page).
    """
    db_path = resolve_db(db)
    if not db_path.is_file():
        raise FileNotFoundError(2, "no such database file", str(db_path))
    dask = dask or scheduler
    if dask:
        from pipeline.distributed import reextract_archive

        result = reextract_archive(db_path, resolve_archive(archive, db_path), dask=dask,
                                   workers=workers if workers > 1 else None,
                                   profiles_dir=Path(profiles_dir) if profiles_dir else None,
                                   shards=Path(shards) if shards else None)
        if result.errors:
            more = f" (and {len(result.errors) - 1} more)" if len(result.errors) > 1 else ""
            raise PipelineError(f"{result.errors[0]}{more}; {result.articles} articles from the other "
                                "files were re-extracted and stored")
        with Store(db_path) as store:
            totals = {"articles": result.articles}
            totals.update({t: store.count(t) for t in FACT_COLUMNS})
        totals["not_in_archive"] = result.not_in_archive
        return totals
    if workers > 1:
        from pipeline.distributed import reextract_on_dask

        done = reextract_on_dask(db_path, workers=workers)
    else:
        with Store(db_path) as store:
            articles = list(store.articles())
            for article in articles:
                store.save(*reprocess(article), extractor_version=EXTRACTOR_VERSION)
        done = len(articles)
    with Store(db_path) as store:
        totals = {"articles": done}
        totals.update({t: store.count(t) for t in FACT_COLUMNS})
    return totals


def query(sql: str, db: str | Path | None = None) -> pd.DataFrame:
    """Run read-only SQL over the store."""
    return _query.query(resolve_db(db), sql)


def summary(db: str | Path | None = None) -> _stats.StoreSummary:
    return _stats.summarize(resolve_db(db))


def stats(db: str | Path | None = None, by: str | None = None) -> pd.DataFrame:
    """Per-indicator statistics (n, articles, sum, min, median, max), optionally grouped."""
    return _stats.indicator_stats(resolve_db(db), by=by)


def export(out: str | Path, fmt: str = "parquet", db: str | Path | None = None) -> list[Path]:
    """Write every table of the store to `out/<table>.<fmt>`."""
    return _export.export(resolve_db(db), out, fmt)


def evaluate(gold: str | Path):
    """Score the extractors on a folder of annotated articles (eval/README.md)."""
    from extractors.evaluation import evaluate as _evaluate

    return _evaluate(Path(gold))


def sites(profiles_dir: str | Path | None = None) -> list[dict]:
    """The site profiles (shipped, or those in `profiles_dir`), with whether each was checked
    against a live page."""
    from scrapers.profiles import load_profiles
    from scrapers.sites import list_sites

    return list_sites(load_profiles(Path(profiles_dir) if profiles_dir else None))


def check_site(name: str, profiles_dir: str | Path | None = None):
    """Fetch a few live pages of one site, politely, and report what its profile parsed."""
    from scrapers.live_check import check_site as _check_site
    from scrapers.profiles import load_profiles

    profiles = load_profiles(Path(profiles_dir) if profiles_dir else None)
    if name not in profiles:
        raise ValueError(f"unknown site {name!r}; `vnnews sites list` shows the profiles")
    return _check_site(profiles[name])
