"""Benchmark: the time to build a PowerPoint of 10 charts (target: under 5 s after warm-up).

    .venv/bin/python benchmarks/export_deck.py [--db PATH] [--runs 5] [--write]

Builds the published database from sample_data/ into a temporary folder unless --db is given,
takes the first 10 charts of the RESV01 report for 2025 (the command line's charts: overview,
then per indicator the wijken and the trend), builds the deck once to warm up vl-convert, then
`--runs` times, and prints the median. With --write the result goes to
benchmarks/results/export_deck.md. This is a measurement, not a test: nothing fails on time.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.export import published, region  # noqa: E402
from dashboard.export.deck import build_deck  # noqa: E402
from dashboard.export.meta import ExportMeta  # noqa: E402
from pipelines.build import BuildSettings, build  # noqa: E402
from pipelines.publish import SCHEMA_VERSION  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "export_deck.md"
CHARTS = 10
TARGET_SECONDS = 5.0


def _charts(db: Path):
    con = published.open_published(db, SCHEMA_VERSION)
    try:
        selection = region.select(con, "RESV01", "2025")
        items = region.region_charts(con, selection)[:CHARTS]
    finally:
        con.close()
    meta = ExportMeta("Benchmark", ("Synthetica Noord",), "2025", selection.bron, "benchmark")
    return items, meta, selection.catalogue


def _time_deck(items, meta, catalogue) -> tuple[float, int]:
    start = time.perf_counter()
    data = build_deck(items, meta, catalogue=catalogue)
    return time.perf_counter() - start, len(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as work:
        db = args.db
        if db is None:
            build(BuildSettings(input_dir=ROOT / "sample_data", output_dir=Path(work)))
            db = Path(work) / "dashboard.duckdb"
        items, meta, catalogue = _charts(db)
        assert len(items) == CHARTS, f"only {len(items)} charts"
        warm_up, size = _time_deck(items, meta, catalogue)
        runs = [_time_deck(items, meta, catalogue)[0] for _ in range(args.runs)]
    median = statistics.median(runs)
    kinds = ", ".join(sorted({type(item.chart).__name__ for item in items}))
    load = os.getloadavg()[0]
    lines = [
        "# Benchmark: PowerPoint of 10 charts",
        "",
        "`.venv/bin/python benchmarks/export_deck.py --write` (median after one warm-up build).",
        "",
        "| | |",
        "|---|---|",
        f"| date | {date.today():%Y-%m-%d} |",
        f"| machine | {platform.machine()}, {os.cpu_count()} cores (shared), "
        f"Python {platform.python_version()}; load average {load_before:.1f} before, "
        f"{load:.1f} after (other work on the machine) |",
        f"| charts | {CHARTS} ({kinds}) of the RESV01 report for 2025, sample_data |",
        f"| deck | {size / 1e6:.1f} MB, 16:9, pictures at 144 ppi |",
        f"| first build (warm-up, includes vl-convert start) | {warm_up:.2f} s |",
        f"| runs | {', '.join(f'{r:.2f}' for r in runs)} s |",
        f"| **median** | **{median:.2f} s** (target < {TARGET_SECONDS:.0f} s: "
        f"{'met' if median < TARGET_SECONDS else 'NOT met'}); fastest {min(runs):.2f} s |",
        "",
        "Per chart the time goes to vl-convert (Vega layout to SVG, then SVG to PNG); the "
        "pictures are rendered two at a time. On a shared machine the runs vary with the load "
        "of other work; the fastest run shows the cost without contention.",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
