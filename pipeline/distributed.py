"""Re-extraction on a Dask cluster: the stored articles' texts go out in batches, the facts
come back, and one process (this one) writes them, so SQLite sees a single writer.

Tagging with underthesea is the slow step and is not thread-safe, so workers are processes
(`LocalCluster(processes=True)`), or the machines of an existing cluster given by address.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from corpus.model import Article, Facts, Place
from corpus.store import Store
from extractors import EXTRACTOR_VERSION
from pipeline.errors import PipelineError

BATCH = 16  # articles per task: large enough to amortise scheduling, small enough to spread load


def _extract_batch(articles: list[Article]) -> list[tuple[Article, Facts, Place]]:
    from pipeline.compose import reprocess

    return [reprocess(a) for a in articles]


def _batches(items: list[Article], size: int) -> Iterator[list[Article]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def reextract_on_dask(db: Path, workers: int = 2, scheduler: str | None = None) -> int:
    """Re-extract every stored article on Dask workers; returns how many were written.

    `scheduler` is the address of a running `dask.distributed` scheduler (many machines);
    without it a `LocalCluster` of `workers` processes is started and stopped here.
    """
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise PipelineError("Dask is not installed: pip install 'vnnews[dask]'") from None

    with Store(db) as store:
        articles = list(store.articles())
        if not articles:
            return 0
        cluster = None
        if scheduler:
            try:
                client = Client(scheduler, timeout=30)
            except OSError as exc:
                raise PipelineError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        written = 0
        try:
            futures = [client.submit(_extract_batch, batch, pure=False) for batch in _batches(articles, BATCH)]
            for future in as_completed(futures):
                for article, facts, place in future.result():
                    store.save(article, facts, place, extractor_version=EXTRACTOR_VERSION)
                    written += 1
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    return written
