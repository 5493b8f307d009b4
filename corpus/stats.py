"""Summaries of a store: what it holds, and statistics per indicator (SCHEMA.md §3).

Articles marked `duplicate_of` another are left out, so a reposted story does not
count twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from corpus.query import query
from corpus.store import FACT_COLUMNS


@dataclass
class StoreSummary:
    articles: int
    duplicates: int
    facts: dict[str, int]
    indicators: pd.DataFrame  # one row per indicator figure, with its article


def summarize(db: Path | str) -> StoreSummary:
    """Articles stored, facts per type, and every indicator figure with its source."""
    n = query(db, "SELECT COUNT(*) AS n, SUM(duplicate_of IS NOT NULL) AS d FROM articles")
    facts = {}
    for table in FACT_COLUMNS:
        facts[table] = int(query(db, f"SELECT COUNT(*) AS n FROM {table}")["n"].iloc[0])
    indicators = query(
        db,
        "SELECT c.indicator, c.value, c.unit, c.approximate, c.change, a.title, a.url, a.published,"
        " c.evidence FROM counts c JOIN articles a ON a.id = c.article_id"
        " WHERE c.indicator IS NOT NULL AND a.duplicate_of IS NULL"
        " ORDER BY c.indicator, a.published, c.start",
    )
    return StoreSummary(
        articles=int(n["n"].iloc[0] or 0),
        duplicates=int(n["d"].iloc[0] or 0),
        facts=facts,
        indicators=indicators,
    )


def indicator_stats(db: Path | str, by: str | None = None) -> pd.DataFrame:
    """Per indicator (and optionally per `province`, `site` or `year`): n, articles, sum, min, median, max.

    Differences ("tăng 5 đảng viên") are left out: they are not levels and would
    distort sums.
    """
    group_expr = {
        None: None,
        "province": "a.province",
        "province_2025": "a.province_2025",
        "site": "a.site",
        "year": "substr(a.published, 1, 4)",
    }
    if by not in group_expr:
        raise ValueError(f"cannot group by {by!r}; choose one of province, province_2025, site, year")
    extra = f", {group_expr[by]} AS {by}" if by else ""
    df = query(
        db,
        f"SELECT c.indicator, c.value, c.article_id{extra} FROM counts c"
        " JOIN articles a ON a.id = c.article_id"
        " WHERE c.indicator IS NOT NULL AND a.duplicate_of IS NULL AND NOT c.change",
    )
    keys = ["indicator"] + ([by] if by else [])
    if df.empty:
        return pd.DataFrame(columns=[*keys, "n", "articles", "sum", "min", "median", "max"])
    df["value"] = pd.to_numeric(df["value"])
    out = df.groupby(keys, dropna=False).agg(
        n=("value", "size"),
        articles=("article_id", "nunique"),
        sum=("value", "sum"),
        min=("value", "min"),
        median=("value", "median"),
        max=("value", "max"),
    )
    return out.reset_index()
