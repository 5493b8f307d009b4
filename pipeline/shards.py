"""Parquet shards: the articles and facts one distributed task produced, for one writer to merge.

A shard is a folder: `articles.parquet` (one row per article, keyed by `rec`, its number in
the task) and `<table>.parquet` for each fact table, with the store's columns plus `rec`.
Columns that hold whole or decimal numbers or text (`value`, `total`) and lists
(`recipients`) are JSON text, so 25 and 25.0 come back as they went in. Workers write shards
to a folder every machine shares; the driver reads them and calls `Store.save`, so SQLite
keeps a single writer.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from corpus.model import FACT_TYPES, Article, Facts, Place
from corpus.store import FACT_COLUMNS

ARTICLE_FIELDS = ("url", "site", "title", "lead", "published", "text", "body_start", "fetched_at", "source")
PLACE_FIELDS = ("province", "district", "province_2025")
_JSON_COLUMNS = {"value", "total", "recipients"}
_FACT_CLASS = {t.kind_name: t for t in FACT_TYPES}


@dataclass
class ShardWriter:
    """Collects one task's articles and facts; `close()` writes them as a shard folder."""

    folder: Path
    articles: list[dict] = field(default_factory=list)
    facts: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def add(self, article: Article, facts: Facts, place: Place, **extra: object) -> int:
        """Add one composed article with its facts; `extra` columns (e.g. `warc_date`) go along."""
        rec = len(self.articles)
        row = {"rec": rec, "id": article.id, **{k: getattr(article, k) for k in ARTICLE_FIELDS},
               "authors": json.dumps(article.authors, ensure_ascii=False),
               **{k: getattr(place, k) for k in PLACE_FIELDS}, **extra}
        self.articles.append(row)
        for table, columns in FACT_COLUMNS.items():
            for fact in getattr(facts, table):
                cells = {c: _encode(c, getattr(fact, c)) for c in columns}
                self.facts[table].append({"rec": rec, **cells})
        return rec

    def close(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self.articles:
            return self.folder  # an empty shard: no files (readers treat it as no rows)
        pq.write_table(pa.Table.from_pylist(self.articles), self.folder / "articles.parquet")
        for table, rows in self.facts.items():
            pq.write_table(pa.Table.from_pylist(rows), self.folder / f"{table}.parquet")
        return self.folder


def _encode(column: str, value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if column in _JSON_COLUMNS else value


def _decode(column: str, value: object) -> object:
    return json.loads(value) if column in _JSON_COLUMNS and isinstance(value, str) else value


def shard_index(folder: Path, columns: tuple[str, ...] = ("rec", "id")) -> list[dict]:
    """A few columns of every article row of a shard (to choose which version of each to keep)."""
    path = Path(folder) / "articles.parquet"
    if not path.exists():
        return []
    return pq.read_table(path, columns=list(columns)).to_pylist()


def read_shard(folder: Path, keep: set[int] | None = None) -> Iterator[tuple[Article, Facts, Place]]:
    """The (article, facts, place) of each row of a shard in `rec` order (only `keep`, if given)."""
    folder = Path(folder)
    if not (folder / "articles.parquet").exists():
        return
    facts: dict[int, Facts] = defaultdict(Facts)
    for table, columns in FACT_COLUMNS.items():
        path = folder / f"{table}.parquet"
        if not path.exists():
            continue
        for row in pq.read_table(path).to_pylist():
            if keep is not None and row["rec"] not in keep:
                continue
            values = {c: _decode(c, row.get(c)) for c in columns}
            getattr(facts[row["rec"]], table).append(_FACT_CLASS[table](**values))
    for row in pq.read_table(folder / "articles.parquet").to_pylist():
        rec = row["rec"]
        if keep is not None and rec not in keep:
            continue
        article = Article(**{k: row[k] for k in ARTICLE_FIELDS}, authors=json.loads(row["authors"] or "[]"))
        article.body_start = article.body_start or 0
        article.text = article.text or ""
        yield article, facts.get(rec, Facts()), Place(**{k: row[k] for k in PLACE_FIELDS})
