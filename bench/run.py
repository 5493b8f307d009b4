"""Benchmarks: extraction throughput and the demo crawl, as medians of several runs.

    python bench/run.py [--runs 5]

Extraction is timed on the annotated articles in tests/gold (texts of realistic length);
the crawl on the bundled sample portal served on loopback, into a fresh store each run.
Figures are medians; compare runs on the same machine as ratios, not absolute times. The
peak resident memory of the whole benchmark process is printed last.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench_extract(runs: int) -> dict:
    from extractors import extract_facts
    from extractors.normalize import normalize_text
    from extractors.tokens import clear_cache

    texts = [normalize_text(json.loads(p.read_text(encoding="utf-8"))["text"])
             for p in sorted((ROOT / "tests" / "gold").glob("*.json"))]
    chars = sum(len(t) for t in texts)
    extract_facts(texts[0])  # warm-up: loads underthesea's models once
    times = []
    for _ in range(runs):
        clear_cache()  # each run tags every sentence afresh, as a crawl of new articles does
        t0 = time.perf_counter()
        for t in texts:
            extract_facts(t)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    return {"articles": len(texts), "chars": chars, "median_s": round(med, 3),
            "min_s": round(min(times), 3), "max_s": round(max(times), 3),
            "articles_per_s": round(len(texts) / med, 2), "kchars_per_s": round(chars / med / 1000, 1)}


def bench_demo(runs: int) -> dict:
    from pipeline.demo import run_demo

    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            run_demo(db=Path(tmp) / "b.db")
            times.append(time.perf_counter() - t0)
    return {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
            "max_s": round(max(times), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("extract:", json.dumps(bench_extract(args.runs)))
    print("demo crawl:", json.dumps(bench_demo(max(1, args.runs // 2 + 1))))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print("peak memory:", json.dumps({"max_rss_mb": round(peak_mb, 1)}))


if __name__ == "__main__":
    main()
