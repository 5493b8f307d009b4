"""Export the store's tables as Parquet, CSV or JSON Lines files, one file a table."""

from __future__ import annotations

from pathlib import Path

from corpus.query import read_table
from corpus.store import FACT_COLUMNS

FORMATS = ("parquet", "csv", "jsonl")
TABLES = ("articles", *FACT_COLUMNS)


class ExportError(Exception):
    """The export could not be written; the message names the path."""


def export(db: Path | str, out_dir: Path | str, fmt: str = "parquet",
           tables: tuple[str, ...] = TABLES, include_duplicates: bool = False) -> list[Path]:
    """Write each table to `out_dir/<table>.<fmt>`; returns the files written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{out}: cannot create folder ({exc.strerror})") from None
    written = []
    for table in tables:
        df = read_table(db, table, include_duplicates=include_duplicates)
        path = out / f"{table}.{fmt}"
        try:
            if fmt == "parquet":
                df.to_parquet(path, index=False)
            elif fmt == "csv":
                df.to_csv(path, index=False)
            else:
                df.to_json(path, orient="records", lines=True, force_ascii=False)
        except OSError as exc:
            raise ExportError(f"{path}: cannot write ({exc.strerror})") from None
        written.append(path)
    return written
