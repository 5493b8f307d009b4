"""Read-only access to a store: SQL in, a pandas DataFrame out.

The connection is opened read-only at the SQLite level (`mode=ro` and `query_only`),
so no statement a researcher types can change what is stored.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd


class QueryError(Exception):
    """A query could not be run; the message names the database or the SQL error."""


def connect_readonly(path: Path | str) -> sqlite3.Connection:
    path = Path(path)
    if not path.is_file():
        raise QueryError(f"{path}: no such database file")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise QueryError(f"{path}: not a readable SQLite database ({exc})") from None
    return conn


def query(path: Path | str, sql: str, params: tuple | dict = ()) -> pd.DataFrame:
    """Run one read-only SQL statement and return its rows."""
    if not sql.strip():
        raise QueryError("empty SQL statement")
    conn = connect_readonly(path)
    try:
        cur = conn.execute(sql, params)
        columns = [d[0] for d in cur.description or ()]
        rows = cur.fetchall()
    except sqlite3.Warning as exc:  # e.g. several statements at once
        raise QueryError(f"SQL not run: {exc}") from None
    except sqlite3.Error as exc:
        msg = str(exc)
        if "readonly" in msg or "read-only" in msg or "query_only" in msg:
            msg = f"the store is read-only here ({msg})"
        raise QueryError(f"SQL error: {msg}") from None
    finally:
        conn.close()
    return pd.DataFrame.from_records(rows, columns=columns)


def read_table(path: Path | str, table: str, include_duplicates: bool = False) -> pd.DataFrame:
    """A whole table as a DataFrame; fact tables skip articles that repeat another."""
    from corpus.store import FACT_COLUMNS

    if table == "articles":
        where = "" if include_duplicates else " WHERE duplicate_of IS NULL"
        return query(path, f"SELECT * FROM articles{where}")
    if table not in FACT_COLUMNS:
        raise QueryError(f"no table {table!r}; tables: articles, {', '.join(FACT_COLUMNS)}")
    if include_duplicates:
        return query(path, f"SELECT * FROM {table}")
    return query(
        path,
        f"SELECT f.* FROM {table} f JOIN articles a ON a.id = f.article_id WHERE a.duplicate_of IS NULL",
    )
