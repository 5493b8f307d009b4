"""Plain-text rendering of tables and summaries for the terminal."""

from __future__ import annotations

import pandas as pd

from corpus.stats import StoreSummary


def table(df: pd.DataFrame, max_width: int = 60) -> str:
    """A DataFrame as an aligned text table; long cells are cut with an ellipsis."""
    if df.empty:
        return "(no rows)" if len(df.columns) == 0 else " | ".join(map(str, df.columns)) + "\n(no rows)"

    def cell(v: object) -> str:
        s = "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
        s = " ".join(s.split())
        if isinstance(v, float) and v.is_integer():
            s = str(int(v))
        return s if len(s) <= max_width else s[: max_width - 1] + "…"

    rows = [[cell(v) for v in rec] for rec in df.itertuples(index=False, name=None)]
    head = [str(c) for c in df.columns]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(head), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out)


def summary(s: StoreSummary, db: str) -> str:
    """What the store holds: articles, facts per type, and the indicator figures."""
    lines = [f"Store: {db}", f"Articles stored: {s.articles}"
             + (f" ({s.duplicates} marked as duplicates of another)" if s.duplicates else "")]
    lines.append("Facts: " + ", ".join(f"{k} {v}" for k, v in s.facts.items()))
    lines.append("")
    if s.indicators.empty:
        lines.append("Indicators: none found")
    else:
        df = s.indicators.copy()
        df["value"] = [
            ("~" if isinstance(a, str) else "") + ("+" if c == 1 else "") + _num(v) for v, a, c in
            zip(df["value"], df["approximate"], df["change"], strict=True)
        ]
        view = df[["indicator", "value", "unit", "published", "title"]].rename(
            columns={"title": "source article"})
        view["published"] = view["published"].fillna("").str.slice(0, 10)
        lines.append(f"Indicators ({len(df)} figures):")
        lines.append(table(view, max_width=70))
    return "\n".join(lines)


def _num(v: object) -> str:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(v)
    return str(int(f)) if f.is_integer() else str(f)
