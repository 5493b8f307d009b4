"""The crawl frontier: every URL seen, what it is, and what happened when it was fetched.

It lives in the store's SQLite file (tables prefixed `frontier_`, WAL) so one file holds a
project, and it is what makes nightly runs incremental: an article is fetched again only when
its sitemap lastmod or feed date moved past the version we hold, when it is due for
revalidation (a conditional GET with the stored ETag/Last-Modified), or when the last attempt
failed or hit a block page.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from scrapers.errors import ScrapeError

KINDS = ("article", "listing", "feed", "sitemap")
STATUSES = ("new", "done", "error", "blocked", "gone", "old")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS frontier_urls (
    url TEXT PRIMARY KEY,          -- canonical URL
    kind TEXT NOT NULL,            -- article | listing | feed | sitemap
    site TEXT,                     -- profile name, or host in generic mode
    status TEXT NOT NULL DEFAULT 'new',  -- new | done | error | blocked | gone | old (before --since)
    etag TEXT,
    last_modified TEXT,            -- the server's Last-Modified header, as sent
    lastmod TEXT,                  -- newest sitemap lastmod / feed date seen (ISO, UTC)
    fetched_lastmod TEXT,          -- lastmod when the page was last fetched
    content_hash TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,  -- failed attempts since the last success
    last_error TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    fetched_at TEXT,               -- last successful fetch (ISO, UTC)
    published TEXT                 -- the page's publication date, for pages left out by --since
);
CREATE INDEX IF NOT EXISTS frontier_urls_due ON frontier_urls(site, kind, status);
"""


class FrontierError(ScrapeError):
    """The frontier database cannot be opened or written."""


def now_iso() -> str:
    return iso_utc(dt.datetime.now(dt.UTC))


def iso_utc(when: dt.datetime) -> str:
    """One text format for every stored time, so that SQL compares them as strings."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).replace(microsecond=0).isoformat()


@dataclass
class FrontierEntry:
    url: str
    kind: str
    site: str | None
    status: str
    etag: str | None
    last_modified: str | None
    lastmod: str | None
    fetched_lastmod: str | None
    content_hash: str | None
    attempts: int
    last_error: str | None
    first_seen: str
    last_seen: str
    fetched_at: str | None
    published: str | None = None


class Frontier:
    """The `frontier_` tables of one SQLite file; safe to share between threads."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        try:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.db_path), check_same_thread=False, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA busy_timeout = 30000")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.executescript(_SCHEMA)
            columns = {row["name"] for row in self._db.execute("PRAGMA table_info(frontier_urls)")}
            if "published" not in columns:  # a frontier made before --since pages were kept apart
                self._db.execute("ALTER TABLE frontier_urls ADD COLUMN published TEXT")
        except (sqlite3.Error, OSError) as exc:
            raise FrontierError(f"{db_path}: cannot open the crawl frontier ({exc})") from None
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _exec(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        with self._lock:
            try:
                return self._db.execute(sql, params)
            except sqlite3.Error as exc:
                raise FrontierError(f"{self.db_path}: frontier update failed ({exc})") from None

    def get(self, url: str) -> FrontierEntry | None:
        row = self._exec("SELECT * FROM frontier_urls WHERE url = ?", (url,)).fetchone()
        return FrontierEntry(**dict(row)) if row else None

    def add(self, url: str, kind: str, site: str | None, lastmod: str | None = None) -> str:
        """Record a discovered URL. Returns "new", "changed" (lastmod moved past the fetched
        version), "old" (left out by an earlier --since, never stored) or "known"."""
        if kind not in KINDS:
            raise ValueError(f"unknown frontier kind {kind!r}")
        now = now_iso()
        with self._lock:
            row = self._db.execute("SELECT * FROM frontier_urls WHERE url = ?", (url,)).fetchone()
            if row is None:
                self._db.execute(
                    "INSERT INTO frontier_urls (url, kind, site, lastmod, first_seen, last_seen)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (url, kind, site, lastmod, now, now),
                )
                return "new"
            newer = lastmod is not None and (row["lastmod"] is None or lastmod > row["lastmod"])
            self._db.execute(
                "UPDATE frontier_urls SET last_seen = ?, lastmod = ? WHERE url = ?",
                (now, lastmod if newer else row["lastmod"], url),
            )
            if newer and row["status"] == "done" and _changed_since_fetch(lastmod, row):
                return "changed"
            return "old" if row["status"] == "old" else "known"

    def due(
        self,
        site: str | None,
        kind: str = "article",
        revalidate_after: dt.timedelta = dt.timedelta(days=7),
        max_attempts: int = 5,
        limit: int | None = None,
        since: str | None = None,
    ) -> list[FrontierEntry]:
        """URLs of a site to fetch now, new ones first, then changed, failed and stale ones.

        Pages left out by an earlier `--since` are due again once `since` (ISO date) no longer
        excludes them, or when there is none.
        """
        cutoff = iso_utc(dt.datetime.now(dt.UTC) - revalidate_after)
        sql = """
            SELECT *, CASE status WHEN 'new' THEN 0 WHEN 'old' THEN 0 WHEN 'done' THEN 1 ELSE 2 END AS rank
            FROM frontier_urls
            WHERE site IS ? AND kind = ? AND (
                status = 'new'
                OR (status = 'old' AND (? IS NULL OR published IS NULL OR substr(published, 1, 10) >= ?))
                OR (status IN ('error', 'blocked') AND attempts < ?)
                OR (status = 'done' AND lastmod IS NOT NULL AND (
                        (fetched_lastmod IS NOT NULL AND lastmod > fetched_lastmod)
                     OR (fetched_lastmod IS NULL AND (fetched_at IS NULL OR lastmod > fetched_at))))
                OR (status = 'done' AND (fetched_at IS NULL OR fetched_at <= ?))
            )
            ORDER BY rank, lastmod DESC, first_seen
        """
        params: tuple = (site, kind, since, since, max_attempts, cutoff)
        if limit is not None:
            sql += " LIMIT ?"
            params += (limit,)
        rows = self._exec(sql, params).fetchall()
        entries = []
        for row in rows:
            values = dict(row)
            values.pop("rank")
            entries.append(FrontierEntry(**values))
        return entries

    def mark_done(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        content_hash: str | None = None,
        kind: str | None = None,
    ) -> None:
        """A successful fetch (200, or 304 with validators kept): not due until it changes."""
        self._exec(
            "UPDATE frontier_urls SET status = 'done', attempts = 0, last_error = NULL, fetched_at = ?,"
            " fetched_lastmod = lastmod, etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),"
            " content_hash = COALESCE(?, content_hash), kind = COALESCE(?, kind) WHERE url = ?",
            (now_iso(), etag, last_modified, content_hash, kind, url),
        )

    def mark_not_article(self, url: str) -> None:
        """The page parsed as a listing or stub: remembered as such, never stored as an article."""
        self.mark_done(url, kind="listing")

    def mark_too_old(self, url: str, published: str) -> None:
        """Published before this run's --since: not stored, no validators kept, so that a run
        with an earlier --since (or none) fetches and stores it in full."""
        self._exec(
            "UPDATE frontier_urls SET status = 'old', attempts = 0, last_error = NULL, published = ?,"
            " etag = NULL, last_modified = NULL, content_hash = NULL WHERE url = ?",
            (published, url),
        )

    def mark_error(self, url: str, reason: str) -> None:
        self._mark_failure(url, "error", reason)

    def mark_blocked(self, url: str, reason: str) -> None:
        self._mark_failure(url, "blocked", reason)

    def mark_gone(self, url: str, reason: str) -> None:
        self._mark_failure(url, "gone", reason)

    def _mark_failure(self, url: str, status: str, reason: str) -> None:
        self._exec(
            "UPDATE frontier_urls SET status = ?, attempts = attempts + 1, last_error = ? WHERE url = ?",
            (status, reason[:500], url),
        )

    def status_counts(self, site: str | None = None) -> dict[str, int]:
        rows = self._exec(
            "SELECT status, COUNT(*) AS n FROM frontier_urls WHERE (? IS NULL OR site = ?) GROUP BY status",
            (site, site),
        ).fetchall()
        return {r["status"]: r["n"] for r in rows}

    def rows(self, sites: list[str | None]) -> list[dict]:
        """Every row of these sites, as dicts: what a crawl of them elsewhere starts from."""
        with self._lock:
            found = []
            for site in sites:
                found += [dict(r) for r in self._db.execute("SELECT * FROM frontier_urls WHERE site IS ?", (site,))]
            return found

    def load(self, rows: list[dict]) -> int:
        """Write rows (from `rows`, after a crawl elsewhere) over this frontier's, in one
        transaction; returns how many."""
        if not rows:
            return 0
        columns = list(rows[0])
        sql = (f"INSERT OR REPLACE INTO frontier_urls ({', '.join(columns)})"
               f" VALUES ({', '.join('?' for _ in columns)})")
        with self._lock:
            try:
                self._db.execute("BEGIN")
                self._db.executemany(sql, [tuple(r[c] for c in columns) for r in rows])
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._db.execute("ROLLBACK")
                raise FrontierError(f"{self.db_path}: frontier update failed ({exc})") from None
        return len(rows)


def _changed_since_fetch(lastmod: str, row: sqlite3.Row) -> bool:
    reference = row["fetched_lastmod"] or row["fetched_at"]
    return reference is None or lastmod > reference
