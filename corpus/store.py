"""The SQLite store: one file any SQLite tool can open (SCHEMA.md §2).

An article and its facts are written in one transaction, so a failure half-way
leaves what was stored before untouched. Re-storing an article replaces its facts
(a rule change followed by re-extraction must not leave stale facts behind).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from corpus.dedup import THRESHOLD, band_buckets, jaccard, shingles
from corpus.model import Article, Facts, Place

STORE_VERSION = 1

ARTICLE_COLUMNS = (
    "id", "url", "site", "title", "lead", "authors", "published", "province", "district",
    "province_2025", "text", "content_hash", "duplicate_of", "fetched_at", "extractor_version",
    "body_start",
)

# Columns of each fact table after `article_id`, in SCHEMA.md order; the last four are common.
_SPAN = ("start", "end", "evidence", "rule")
FACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "counts": ("value", "approximate", "unit", "subject", "indicator", "change", "total", *_SPAN),
    "percentages": ("value", "kind", "about", *_SPAN),
    "officials": ("name", "title", "organization", "honorific", *_SPAN),
    "awards": ("award", "awarding_body", "collectives", "individuals", "recipients", "reason", *_SPAN),
    "dates": ("value", "value_to", "kind", *_SPAN),
    "locations": ("name", "level", "province", "province_2025", *_SPAN),
}

_SQL_TYPES = {
    "value": "", "total": "", "start": "INTEGER", "end": "INTEGER", "change": "INTEGER",
    "collectives": "INTEGER", "individuals": "INTEGER", "body_start": "INTEGER",
}


class StoreError(Exception):
    """The store file cannot be opened or written; the message names the file."""


def _q(name: str) -> str:
    return f'"{name}"'


def _schema_sql() -> str:
    cols = ",\n  ".join(
        f"{_q(c)} TEXT PRIMARY KEY" if c == "id" else f"{_q(c)} {_SQL_TYPES.get(c, 'TEXT')}" for c in ARTICLE_COLUMNS
    )
    parts = [
        "CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT)",
        f"CREATE TABLE IF NOT EXISTS articles (\n  {cols}\n)",
        "CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash)",
        "CREATE INDEX IF NOT EXISTS articles_site ON articles(site, published)",
    ]
    for table, columns in FACT_COLUMNS.items():
        body = ", ".join(f"{_q(c)} {_SQL_TYPES.get(c, 'TEXT')}".rstrip() for c in columns)
        parts.append(
            f"CREATE TABLE IF NOT EXISTS {table} (article_id TEXT NOT NULL "
            f"REFERENCES articles(id) ON DELETE CASCADE, {body})"
        )
        parts.append(f"CREATE INDEX IF NOT EXISTS {table}_article ON {table}(article_id)")
    parts += [
        "CREATE INDEX IF NOT EXISTS counts_indicator ON counts(indicator)",
        # MinHash band buckets of each article's body, to find reposts that were lightly edited
        "CREATE TABLE IF NOT EXISTS article_bands (article_id TEXT NOT NULL "
        "REFERENCES articles(id) ON DELETE CASCADE, band INTEGER NOT NULL, bucket INTEGER NOT NULL)",
        "CREATE INDEX IF NOT EXISTS article_bands_bucket ON article_bands(band, bucket)",
        "CREATE INDEX IF NOT EXISTS article_bands_article ON article_bands(article_id)",
        "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
        "title, lead, text, content='articles', content_rowid='rowid', tokenize='unicode61')",
        "CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, title, lead, text) VALUES (new.rowid, new.title, new.lead, new.text); END",
        "CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, lead, text) "
        "VALUES ('delete', old.rowid, old.title, old.lead, old.text); END",
        "CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, lead, text) "
        "VALUES ('delete', old.rowid, old.title, old.lead, old.text); "
        "INSERT INTO articles_fts(rowid, title, lead, text) VALUES (new.rowid, new.title, new.lead, new.text); END",
    ]
    return ";\n".join(parts) + ";"


def default_archive_dir(db_path: Path) -> Path:
    """`vnnews.db` keeps its raw pages in `vnnews-archive/` beside it."""
    return db_path.with_name(db_path.stem + "-archive")


class Store:
    """Read-write access to one store file; creates the schema on first use.

    One connection, guarded by a lock, so crawler threads can hand articles over.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder, not a database file")
        if not self.path.parent.exists():
            raise StoreError(f"{self.path}: folder {self.path.parent} does not exist")
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.executescript(_schema_sql())
            self._migrate()
            self.conn.execute(
                "INSERT OR IGNORE INTO store_meta(key, value) VALUES ('store_version', ?)", (str(STORE_VERSION),)
            )
            self.conn.commit()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable vnnews database ({exc})") from None

    def _migrate(self) -> None:
        """Add columns that later versions introduced to a store made by an earlier one."""
        for table, columns in (("articles", ARTICLE_COLUMNS), *FACT_COLUMNS.items()):
            have = {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}
            for column in columns:
                if column not in have:
                    kind = _SQL_TYPES.get(column, "TEXT")
                    self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {_q(column)} {kind}".rstrip())

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            with self.conn:
                yield self.conn
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: write failed ({exc})") from None

    def save(self, article: Article, facts: Facts, place: Place | None = None,
             extractor_version: str = "") -> str:
        """Store (or replace) an article and its facts; returns its id.

        An article whose folded text equals one already stored under another id is
        kept, marked `duplicate_of` the earliest such article, so statistics can skip it.
        """
        place = place or Place()
        aid = article.id
        chash = article.content_hash
        body_shingles = shingles(_body(article.text, article.body_start) if article.text else article.body)
        buckets = band_buckets(body_shingles)
        with self._lock, self._transaction() as conn:
            row = conn.execute(
                "SELECT id FROM articles WHERE content_hash = ? AND id != ? AND duplicate_of IS NULL "
                "ORDER BY fetched_at, rowid LIMIT 1",
                (chash, aid),
            ).fetchone() or self._near_duplicate(conn, aid, body_shingles, buckets)
            values = {
                "id": aid, "url": article.url, "site": article.site, "title": article.title,
                "lead": article.lead, "authors": json.dumps(article.authors, ensure_ascii=False),
                "published": article.published, "province": place.province, "district": place.district,
                "province_2025": place.province_2025, "text": article.text, "content_hash": chash,
                "duplicate_of": row[0] if row else None,
                "fetched_at": article.fetched_at or datetime.now(UTC).isoformat(timespec="seconds"),
                "extractor_version": extractor_version,
                "body_start": article.body_start,
            }
            cols = ", ".join(_q(c) for c in ARTICLE_COLUMNS)
            marks = ", ".join("?" for _ in ARTICLE_COLUMNS)
            updates = ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in ARTICLE_COLUMNS if c != "id")
            conn.execute(
                f"INSERT INTO articles ({cols}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}",
                [values[c] for c in ARTICLE_COLUMNS],
            )
            conn.execute("DELETE FROM article_bands WHERE article_id = ?", (aid,))
            conn.executemany("INSERT INTO article_bands (article_id, band, bucket) VALUES (?, ?, ?)",
                             [(aid, band, bucket) for band, bucket in enumerate(buckets)])
            for table, columns in FACT_COLUMNS.items():
                conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
                rows = [
                    (aid, *(_cell(getattr(f, c)) for c in columns)) for f in getattr(facts, table)
                ]
                if rows:
                    marks = ", ".join("?" for _ in range(len(columns) + 1))
                    names = ", ".join(_q(c) for c in ("article_id", *columns))
                    conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        return aid

    def articles(self) -> Iterator[Article]:
        """Every stored article, as the pipeline composed it (for re-extraction)."""
        cur = self.conn.execute(
            "SELECT id, url, site, title, lead, authors, published, text, fetched_at, body_start FROM articles"
        )
        for aid, url, site, title, lead, authors, published, text, fetched_at, body_start in cur:
            yield Article(
                title=title or "", lead=lead, authors=json.loads(authors or "[]"), published=published, url=url,
                site=site, fetched_at=fetched_at, text=text or "", body_start=body_start or 0,
                source=aid,
            )

    @staticmethod
    def _near_duplicate(conn: sqlite3.Connection, aid: str, body_shingles: set[int],
                        buckets: list[int]) -> tuple[str] | None:
        """The earliest stored original whose body is nearly the same (`corpus.dedup`)."""
        if not buckets:
            return None
        where = " OR ".join("(b.band = ? AND b.bucket = ?)" for _ in buckets)
        params = [v for pair in enumerate(buckets) for v in pair]
        candidates = conn.execute(
            "SELECT DISTINCT a.id, a.text, a.body_start, a.fetched_at, a.rowid FROM article_bands b "
            f"JOIN articles a ON a.id = b.article_id WHERE a.duplicate_of IS NULL AND a.id != ? AND ({where}) "
            "ORDER BY a.fetched_at, a.rowid",
            [aid, *params],
        ).fetchall()
        for cid, text, body_start, _, _ in candidates:
            if jaccard(body_shingles, shingles(_body(text or "", body_start or 0))) >= THRESHOLD:
                return (cid,)
        return None

    def count(self, table: str) -> int:
        if table not in ("articles", *FACT_COLUMNS):
            raise StoreError(f"{self.path}: no table {table!r}")
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _body(text: str, body_start: int) -> str:
    """The body alone: a repost often changes the title and lead but keeps the body."""
    return text[body_start:] if 0 < body_start < len(text) else text


def _cell(value: object) -> object:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value
