"""The `vnnews` command line: one sub-command per function of `pipeline.api`.

User errors (a missing file, a bad date, a malformed profile, an SQL error) print one
line naming the input and exit non-zero; they never print a traceback.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

from pipeline import api
from pipeline.errors import PipelineError as UserError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2




def _user_error_types() -> tuple[type[BaseException], ...]:
    from corpus.export import ExportError
    from corpus.query import QueryError
    from corpus.store import StoreError
    from pipeline.inputs import InputError
    from scrapers.errors import ScrapeError

    return (UserError, InputError, ScrapeError, QueryError, StoreError, ExportError,
            FileNotFoundError, PermissionError, IsADirectoryError, sqlite3.DatabaseError, ValueError)


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: the message and where to look, not the whole usage."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return n


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="the SQLite store (default: $VNNEWS_DB, else ./vnnews.db)")


def _add_profiles(p: argparse.ArgumentParser) -> None:
    p.add_argument("--profiles", type=Path, metavar="DIR",
                   help="a folder of site profiles (sites/*.toml, optional families/) instead of the shipped ones")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="vnnews",
        description="Vietnamese local party news into research data: crawl, archive, parse, extract, "
        "store, query.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("extract", help="extract facts from text, HTML or WARC files, URLs, or stdin",
                       description="Print one JSON object per article (SCHEMA.md §1) for each input.")
    p.add_argument("inputs", nargs="+", metavar="PATH_OR_URL",
                   help="a .txt, .html or .warc(.gz) file, a URL, or - for standard input")
    p.add_argument("--format", choices=("jsonl", "json", "table"),
                   help="output format (default: jsonl when not writing to a terminal, else table)")
    p.add_argument("--out", type=Path, help="write to this file instead of standard output")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("crawl", help="crawl sites into the store (every enabled site by default)",
                       description="Fetch, archive (WARC), parse, extract and store articles, incrementally.")
    _add_db(p)
    p.add_argument("--archive", type=Path, help="WARC folder (default: beside the database)")
    p.add_argument("--site", action="append", default=[], metavar="NAME", help="a site profile (repeatable)")
    p.add_argument("--seed", action="append", default=[], metavar="URL",
                   help="crawl a site without a profile from this URL (repeatable)")
    p.add_argument("--since", type=_date, help="ignore articles published before this date (YYYY-MM-DD)")
    p.add_argument("--max-articles", type=_positive_int, help="stop after this many articles")
    p.add_argument("--delay", type=float, help="seconds between requests to one host (default: the profile's)")
    p.add_argument("--dask", metavar="local|ADDRESS",
                   help="shard the crawl by host on Dask: 'local' (a local cluster of --workers processes) or a "
                   "scheduler address such as tcp://10.0.0.5:8786; the archive must be a path every worker sees")
    p.add_argument("--workers", type=_positive_int, help="with --dask local: the cluster's processes")
    _add_profiles(p)
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("demo", help="crawl the bundled sample portal on loopback into the store, then summarise",
                       description="Serve the bundled sample NukeViet portal on 127.0.0.1, crawl it with the "
                       "real crawler, extract, store and print a summary. Runs offline.")
    _add_db(p)
    p.add_argument("--archive", type=Path, help="WARC folder (default: beside the database)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("reextract", help="run the current extractors again over every stored article",
                       description="Replace every stored article's facts with what the current rules find; "
                       "fetches nothing.")
    _add_db(p)
    p.add_argument("--workers", type=_positive_int, default=1,
                   help="extract in this many processes (default: 1); with --dask local, the local cluster's size")
    p.add_argument("--dask", metavar="local|ADDRESS",
                   help="parse and extract again from the WARC archive on Dask: 'local' (a local cluster of "
                   "--workers processes) or a scheduler address such as tcp://10.0.0.5:8786")
    p.add_argument("--scheduler", metavar="ADDRESS", help="the same as --dask ADDRESS")
    p.add_argument("--archive", type=Path, help="with --dask: the WARC folder (default: beside the database)")
    p.add_argument("--shards", type=Path, metavar="DIR",
                   help="with --dask: a folder every worker can write for the Parquet shards "
                   "(default: beside the archive)")
    _add_profiles(p)
    p.set_defaults(func=cmd_reextract)

    p = sub.add_parser("query", help="run read-only SQL over the store",
                       description="Run one read-only SQL statement; the store cannot be changed from here.")
    _add_db(p)
    p.add_argument("sql", help='e.g. "SELECT indicator, value FROM counts"')
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--out", type=Path, help="write to this file instead of standard output")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("stats", help="per-indicator statistics over the store",
                       description="n, articles, sum, min, median and max per indicator; duplicates left out.")
    _add_db(p)
    p.add_argument("--by", choices=("province", "province_2025", "site", "year"), help="group further")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("summary", help="what the store holds: articles, facts, indicator figures")
    _add_db(p)
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("export", help="export every table as Parquet, CSV or JSON Lines")
    _add_db(p)
    p.add_argument("--format", choices=("parquet", "csv", "jsonl"), default="parquet")
    p.add_argument("--out", type=Path, required=True, help="folder to write <table>.<format> files into")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("eval", help="score the extractors on annotated articles",
                       description="Precision, recall and F1 per fact type (eval/README.md scoring).")
    p.add_argument("--gold", type=Path, required=True, help="folder of annotated article JSON files")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the scores as JSON to FILE")
    p.add_argument("--details", action="store_true", help="list misses and spurious facts per article")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("sites", help="the shipped site profiles")
    sp = p.add_subparsers(dest="sites_command", metavar="SUBCOMMAND")
    sp.required = True
    q = sp.add_parser("list", help="list the profiles and whether each was checked against a live page")
    _add_profiles(q)
    q.set_defaults(func=cmd_sites_list)
    q = sp.add_parser("check", help="fetch a few live pages of a site and report what was parsed (needs internet)")
    q.add_argument("name")
    _add_profiles(q)
    q.set_defaults(func=cmd_sites_check)
    return parser


def _open_out(path: Path | None):
    if path is None:
        return sys.stdout
    try:
        return path.open("w", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: cannot write ({exc.strerror})") from None


def cmd_extract(args: argparse.Namespace) -> int:
    fmt = args.format or ("jsonl" if args.out or not sys.stdout.isatty() else "table")
    out = _open_out(args.out)
    failed = 0
    records = []
    try:
        for record in api.extract(args.inputs):
            if "error" in record:
                failed += 1
                print(f"vnnews extract: {record['error']}", file=sys.stderr)
            if fmt == "jsonl":
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                out.flush()
            elif fmt == "json":
                records.append(record)
            else:
                out.write(_record_table(record) + "\n")
        if fmt == "json":
            out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return EXIT_FAIL if failed else EXIT_OK


def _record_table(record: dict) -> str:
    if "error" in record:
        return f"== {record['source']}: ERROR {record['error']}\n"
    lines = [f"== {record['source']}: {record['title']}"]
    if record.get("published"):
        lines.append(f"   published {record['published']}")
    place = {k: v for k, v in (record.get("place") or {}).items() if v}
    if place:
        lines.append("   place " + ", ".join(f"{k}={v}" for k, v in place.items()))
    show = {
        "counts": lambda f: f"{f['value']} {f.get('unit') or ''}".strip()
        + (f" [{f['indicator']}]" if f.get("indicator") else ""),
        "percentages": lambda f: f"{f['value']}% ({f.get('kind') or '?'})",
        "officials": lambda f: f"{f['name']}: {f.get('title') or ''}, {f.get('organization') or ''}",
        "awards": lambda f: f"{f['award']} by {f.get('awarding_body')}: {f.get('collectives')} collectives, "
        f"{f.get('individuals')} individuals",
        "dates": lambda f: f"{f['value']}" + (f" / {f['value_to']}" if f.get("value_to") else ""),
        "locations": lambda f: f"{f['name']} ({f['level']})",
    }
    for kind, fmt in show.items():
        facts = record.get(kind) or []
        if facts:
            lines.append(f"   {kind} ({len(facts)}):")
            lines += [f"     - {fmt(f)}  «{f['evidence']}»" for f in facts]
    return "\n".join(lines) + "\n"


def cmd_crawl(args: argparse.Namespace) -> int:
    report = api.crawl(db=args.db, archive=args.archive, sites=args.site, seeds=args.seed,
                       since=args.since, max_articles=args.max_articles, delay=args.delay,
                       profiles_dir=args.profiles, dask=args.dask, workers=args.workers)
    print(report.summary())
    return EXIT_OK if report.ok else EXIT_FAIL


def cmd_demo(args: argparse.Namespace) -> int:
    from pipeline.demo import run_demo
    from pipeline.render import summary

    report, store_summary, db_path = run_demo(db=args.db, archive=args.archive)
    print(report.summary())
    print()
    print(summary(store_summary, str(db_path)))
    return EXIT_OK if report.ok else EXIT_FAIL


def _write_frame(df, fmt: str, out_path: Path | None) -> None:
    from pipeline.render import table

    out = _open_out(out_path)
    try:
        if fmt == "csv":
            df.to_csv(out, index=False)
        elif fmt == "json":
            out.write(df.to_json(orient="records", force_ascii=False) + "\n")
        else:
            out.write(table(df) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()


def cmd_reextract(args: argparse.Namespace) -> int:
    totals = api.reextract(db=args.db, workers=args.workers, scheduler=args.scheduler, dask=args.dask,
                           archive=args.archive, profiles_dir=args.profiles, shards=args.shards)
    missing = totals.pop("not_in_archive", 0)
    print(f"re-extracted {totals.pop('articles')} articles; facts now: "
          + ", ".join(f"{k} {v}" for k, v in totals.items()))
    if missing:
        print(f"note: {missing} stored articles have no page in the archive; their facts are unchanged "
              "(`vnnews reextract` without --dask re-extracts their stored text)")
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    _write_frame(api.query(args.sql, db=args.db), args.format, args.out)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    _write_frame(api.stats(db=args.db, by=args.by), args.format, None)
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    from pipeline.render import summary

    db = api.resolve_db(args.db)
    print(summary(api.summary(db), str(db)))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    for path in api.export(args.out, args.format, db=args.db):
        print(path)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    report = api.evaluate(args.gold)
    print(report.table())
    if args.details:
        print()
        print(report.details())
    if args.json:
        try:
            args.json.write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
        except OSError as exc:
            raise UserError(f"{args.json}: cannot write ({exc.strerror})") from None
    return EXIT_OK


def cmd_sites_list(args: argparse.Namespace) -> int:
    import pandas as pd

    from pipeline.render import table

    rows = api.sites(args.profiles)
    print(table(pd.DataFrame(rows)))
    return EXIT_OK


def cmd_sites_check(args: argparse.Namespace) -> int:
    result = api.check_site(args.name, args.profiles)
    print(result.summary())
    return EXIT_OK if result.ok else EXIT_FAIL


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except _user_error_types() as exc:
        msg = str(exc) or exc.__class__.__name__
        if isinstance(exc, FileNotFoundError | PermissionError | IsADirectoryError) and exc.filename:
            msg = f"{exc.filename}: {exc.strerror}"
        print(f"vnnews {args.command}: error: {msg.splitlines()[0] if msg else msg}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print(f"vnnews {args.command}: interrupted; what was stored is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
