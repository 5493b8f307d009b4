"""Work on a Dask cluster, with the store's single writer kept in this process.

- `reextract_on_dask`: the stored articles' texts go out in batches, the facts come back.
- `reextract_archive`: re-parse and re-extract the raw WARC archive (after a parser or rule
  change); a task per WARC file (or per share of a large one) reads the file from a path every
  worker sees, and writes a Parquet shard (`pipeline.shards`) to a shared folder; this process
  then merges the shards into the store with `Store.save`.
- `crawl_on_dask`: a crawl sharded by host (see its docstring).

Tagging with underthesea is the slow step and is not thread-safe, so extraction workers are
processes (`LocalCluster(processes=True)`), or the machines of a cluster given by address.
`LocalCluster` starts its workers with spawn: scripts that call these need the
`if __name__ == "__main__":` guard.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.model import Article, Facts, Place
from corpus.store import Store, default_archive_dir
from extractors import EXTRACTOR_VERSION
from pipeline.errors import PipelineError

BATCH = 16  # articles per task: large enough to amortise scheduling, small enough to spread load
PART_BYTES = 32_000_000  # a WARC file larger than this is split into shares, one task each
MAX_PARTS = 16  # each share reads (decompresses) the whole file and parses only its own records
WARC_GLOBS = ("*.warc.gz", "*.warc")


@contextmanager
def dask_client(dask: str, workers: int | None = None, threads_per_worker: int = 1) -> Iterator[Any]:
    """A `dask.distributed.Client`: "local" starts a `LocalCluster` of `workers` processes here
    (stopped on exit); anything else is a scheduler address such as tcp://10.0.0.5:8786."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise PipelineError("Dask is not installed: pip install 'vnnews[dask]'") from None
    cluster = None
    if dask == "local":
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 2, threads_per_worker=threads_per_worker,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(dask, timeout=30)
        except (OSError, TimeoutError) as exc:
            raise PipelineError(f"cannot reach the Dask scheduler at {dask} ({exc})") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -- re-extraction of the stored texts ----------------------------------------------------------

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
    from dask.distributed import as_completed

    with Store(db) as store:
        articles = list(store.articles())
        if not articles:
            return 0
        written = 0
        with dask_client(scheduler or "local", workers) as client:
            futures = [client.submit(_extract_batch, batch, pure=False) for batch in _batches(articles, BATCH)]
            for future in as_completed(futures):
                for article, facts, place in future.result():
                    store.save(article, facts, place, extractor_version=EXTRACTOR_VERSION)
                    written += 1
    return written


# -- re-extraction of the WARC archive ----------------------------------------------------------

@dataclass
class ArchiveReextract:
    """What a re-extraction from the archive did."""

    articles: int = 0  # stored articles re-parsed, re-extracted and saved
    not_in_archive: int = 0  # stored articles with no archived page: left as they were
    files: int = 0
    tasks: int = 0
    errors: list[str] = field(default_factory=list)  # one line per WARC file that could not be read


@dataclass(frozen=True)
class _Part:
    path: str  # absolute, the same on every worker
    part: int
    parts: int
    shard: str


def warc_files(archive: Path) -> list[Path]:
    """The archive's WARC files, oldest first (file names start with the run's UTC time)."""
    found = {p for pattern in WARC_GLOBS for p in Path(archive).glob(pattern) if p.is_file()}
    return sorted(found, key=lambda p: p.name)


def _warc_date(value: str) -> str | None:
    from scrapers.frontier import iso_utc

    try:
        return iso_utc(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


def extract_warc_part(task: _Part, profiles_dir: str | None = None) -> dict:
    """Worker side: parse and extract this share of one WARC file into a Parquet shard.

    Records `i` with `i % parts == part` are this task's; truncated records are left out (the
    crawl never stores a page cut short over a whole one). Returns counts and, for a file
    that cannot be read, the one-line reason (what was read before it is kept).
    """
    from pipeline.compose import process
    from pipeline.inputs import InputError, archived_article
    from pipeline.shards import ShardWriter
    from scrapers.archive import read_warc_responses
    from scrapers.errors import ScrapeError
    from scrapers.profiles import load_profiles

    profiles = load_profiles(Path(profiles_dir) if profiles_dir else None)
    writer = ShardWriter(Path(task.shard))
    error = None
    try:
        for i, response in enumerate(read_warc_responses(Path(task.path))):
            if i % task.parts != task.part or response.truncated:
                continue
            try:
                article = archived_article(response.url, response.body, response.headers, task.path, profiles)
            except InputError:
                continue  # listings, feeds and block pages are archived too; they are not articles
            article.fetched_at = _warc_date(response.date) or article.fetched_at
            article.source = None
            writer.add(*process(article), warc_date=response.date, record=i)
    except ScrapeError as exc:
        error = str(exc).splitlines()[0]
    writer.close()
    return {"articles": len(writer.articles), "error": error}


def reextract_archive(db: Path, archive: Path | None = None, dask: str | None = None,
                      workers: int | None = None, profiles_dir: Path | None = None,
                      shards: Path | None = None, part_bytes: int = PART_BYTES) -> ArchiveReextract:
    """Re-parse and re-extract every stored article from its newest whole page in the archive.

    `dask` is "local" (a `LocalCluster` of `workers` processes), a scheduler address, or None
    to run the same tasks in this process. The archive, `profiles_dir` and the shard folder
    (default: `<archive>-shards/`, removed after the merge) must be at the same path on every
    worker. Archived pages of articles the store does not hold are not added.
    """
    db = Path(db)
    archive = Path(archive) if archive else default_archive_dir(db)
    files = warc_files(archive) if archive.is_dir() else []
    if not files:
        raise PipelineError(f"{archive}: no WARC files to re-extract from")
    root = Path(shards) if shards else archive.with_name(archive.name + "-shards")
    run_dir = root.resolve() / f"reextract-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    tasks = []
    for n, path in enumerate(files):
        parts = max(1, min(MAX_PARTS, math.ceil(path.stat().st_size / part_bytes)))
        tasks += [_Part(str(path.resolve()), k, parts, str(run_dir / f"{n:05d}-{k:03d}")) for k in range(parts)]
    profiles = str(Path(profiles_dir).resolve()) if profiles_dir else None
    result = ArchiveReextract(files=len(files), tasks=len(tasks))
    try:
        if dask is None:
            outcomes = [extract_warc_part(t, profiles) for t in tasks]
        else:
            with dask_client(dask, workers) as client:
                futures = client.map(extract_warc_part, tasks, profiles_dir=profiles, pure=False)
                outcomes = client.gather(futures)
        result.errors = list(dict.fromkeys(o["error"] for o in outcomes if o["error"]))
        _merge_archive_shards(db, [Path(t.shard) for t in tasks], result)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    return result


def _merge_archive_shards(db: Path, shards: list[Path], result: ArchiveReextract) -> None:
    """Save the newest archived version of each stored article, shard by shard (one writer)."""
    from pipeline.shards import read_shard, shard_index

    with Store(db) as store:
        stored = {row[0] for row in store.conn.execute("SELECT id FROM articles")}
        newest: dict[str, tuple[tuple, int, int]] = {}  # id -> (order key, shard number, rec)
        for n, shard in enumerate(shards):
            for row in shard_index(shard, ("rec", "id", "warc_date", "record")):
                if row["id"] not in stored:
                    continue
                key = (row["warc_date"] or "", shard.name.split("-")[0], row["record"])
                if row["id"] not in newest or key > newest[row["id"]][0]:
                    newest[row["id"]] = (key, n, row["rec"])
        keep: dict[int, set[int]] = {}
        for _, n, rec in newest.values():
            keep.setdefault(n, set()).add(rec)
        for n, shard in enumerate(shards):
            if n in keep:
                for article, facts, place in read_shard(shard, keep[n]):
                    store.save(article, facts, place, extractor_version=EXTRACTOR_VERSION)
                    result.articles += 1
        result.not_in_archive = len(stored) - len(newest)


# -- a crawl sharded by host --------------------------------------------------------------------

@dataclass(frozen=True)
class _HostTask:
    """The profiles and seeds that share a host: crawled by one task, so one politeness gate."""

    profiles: tuple[Any, ...]
    seeds: tuple[str, ...]
    sites: tuple[str, ...]  # their names in the frontier's `site` column
    archive: str  # the WARC folder, the same path on every worker
    shard: str


def _task_hosts(profile: Any | None, seed: str | None) -> tuple[str, set[str]]:
    """(frontier site name, hosts) of one profile or seed."""
    from scrapers.errors import ScrapeError
    from scrapers.urls import bare_host, canonicalize, host_of

    if profile is not None:
        hosts = {bare_host(host_of(profile.base_url))} | {bare_host(h) for h in profile.allowed_hosts}
        return profile.name, {h for h in hosts if h}
    assert seed is not None
    try:
        host = bare_host(host_of(canonicalize(seed)))
    except ScrapeError:
        host = ""
    return host or seed, {host or seed}


def host_groups(profiles: list[Any], seeds: list[str]) -> list[tuple[list[Any], list[str], list[str]]]:
    """Profiles and seeds grouped so that any two sharing a host are in one group.

    Politeness is per host: two tasks crawling one host on two machines would each keep the
    delay and together break it. Returns (profiles, seeds, frontier site names) per group.
    """
    units = [(p, None) for p in profiles if getattr(p, "enabled", True)] + [(None, s) for s in seeds]
    groups: list[tuple[set[str], list[int]]] = []
    for i, (profile, seed) in enumerate(units):
        _, hosts = _task_hosts(profile, seed)
        touching = [g for g in groups if g[0] & hosts]
        merged = (set(hosts), [i])
        for g in touching:
            merged[0].update(g[0])
            merged[1].extend(g[1])
            groups.remove(g)
        groups.append(merged)
    out = []
    for _, members in groups:
        members.sort()
        chosen = [units[i] for i in members]
        names = list(dict.fromkeys(_task_hosts(p, s)[0] for p, s in chosen))
        out.append(([p for p, _ in chosen if p is not None], [s for _, s in chosen if s is not None], names))
    return out


def crawl_hosts(task: _HostTask, frontier_rows: list[dict], config: Any, since: dt.date | None,
                max_articles: int | None) -> dict:
    """Worker side: crawl one host group from the driver's frontier rows into a Parquet shard.

    The frontier is a private SQLite file in the worker's temp folder, so the store's SQLite
    keeps a single writer; the WARC file goes to the shared archive. Returns the site
    reports, the updated frontier rows and how many articles the shard holds.
    """
    import tempfile
    import threading

    from pipeline.compose import process
    from pipeline.shards import ShardWriter
    from scrapers.crawl import Crawler
    from scrapers.frontier import Frontier

    tmp = Path(tempfile.mkdtemp(prefix="vnnews-crawl-"))
    try:
        db = tmp / "frontier.db"
        frontier = Frontier(db)
        frontier.load(frontier_rows)
        frontier.close()
        writer = ShardWriter(Path(task.shard))
        lock = threading.Lock()

        def sink(article: Article) -> None:
            with lock:  # underthesea is not thread-safe
                writer.add(*process(article))

        report = Crawler(db, Path(task.archive), config).crawl(
            profiles=list(task.profiles), seeds=list(task.seeds), since=since, on_article=sink,
            max_articles=max_articles)
        writer.close()
        frontier = Frontier(db)
        rows = frontier.rows(list(task.sites))
        frontier.close()
        return {"sites": report.sites, "frontier": rows, "articles": len(writer.articles),
                "warc": str(report.archive_path)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def crawl_on_dask(db: Path, archive: Path, dask: str, profiles: list[Any], seeds: list[str],
                  config: Any, since: dt.date | None = None, max_articles: int | None = None,
                  workers: int | None = None, shards: Path | None = None) -> Any:
    """Crawl with one Dask task per host group, merging each into the store as it finishes.

    Each task gets its sites' frontier rows, so a nightly run stays incremental (conditional
    GETs, nothing fetched again without need); it crawls at the host's own delay wherever it
    runs, writes its WARC file to `archive` and its articles and facts to a Parquet shard
    (`<archive>-shards/` unless `shards` is given; both must be at the same path on every
    worker). This process writes the frontier rows and the shard to the store, one task at
    a time, so a run killed half-way keeps every host that had finished; the hosts in flight
    are crawled again by the next run. `max_articles` caps each task, not the whole run.
    A task that fails is reported as its sites' failure; the other hosts are kept.
    """
    from dask.distributed import as_completed

    from pipeline.shards import read_shard
    from scrapers.crawl import CrawlReport, SiteReport
    from scrapers.frontier import Frontier

    db, archive = Path(db), Path(archive)
    archive.mkdir(parents=True, exist_ok=True)
    root = Path(shards) if shards else archive.with_name(archive.name + "-shards")
    run_dir = root.resolve() / f"crawl-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    report = CrawlReport(archive_path=archive)
    groups = host_groups(profiles, seeds)
    frontier = Frontier(db)
    try:
        tasks = [(_HostTask(tuple(p), tuple(s), tuple(names), str(archive.resolve()), str(run_dir / f"{n:05d}")),
                  frontier.rows(names)) for n, (p, s, names) in enumerate(groups)]
        for task, _ in tasks:
            for name in task.sites:
                report.sites[name] = SiteReport(site=name)
        if not tasks:
            return report
        with dask_client(dask, workers) as client, Store(db) as store:
            futures = {client.submit(crawl_hosts, task, rows, config, since, max_articles, pure=False): task
                       for task, rows in tasks}
            for future in as_completed(futures):
                task = futures[future]
                try:
                    out = future.result()
                except Exception as exc:  # a worker's failure is this host group's, not the run's
                    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    for name in task.sites:
                        report.sites[name].ok = False
                        report.sites[name].errors.append((name, f"crawl task failed: {reason}"))
                    continue
                for article, facts, place in read_shard(Path(task.shard)):
                    store.save(article, facts, place, extractor_version=EXTRACTOR_VERSION)
                frontier.load(out["frontier"])
                report.sites.update(out["sites"])
                shutil.rmtree(task.shard, ignore_errors=True)
    finally:
        frontier.close()
        shutil.rmtree(run_dir, ignore_errors=True)
    return report
