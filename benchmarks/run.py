"""The one benchmark command.

``python -m benchmarks.run [--scales 1 10 70] [--repeats 3]`` generates a synthetic delivery per
scale, measures the floor (DuckDB only reading the delivery) and the build on it, measures the
dashboard (filter change per page, first chart in Chromium) and the exports on the build of the
largest scale, and writes ``benchmarks/results/<stamp>.json|md`` and the summary table in
``docs/benchmarks.md``. Exit status 0 done, 2 a measured command failed (the message names its
log file).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks import machine, pipeline, report
from benchmarks.measure import BenchmarkFailed, run_measured
from pipelines.cli import positive_float, positive_int

REPO_ROOT = Path(__file__).resolve().parent.parent
#: The parts measured on a published database, each a module run in its own process.
UI_PARTS = {
    "dashboard": "benchmarks.dashboard_latency",
    "browser": "benchmarks.browser_latency",
    "exports": "benchmarks.export_latency",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[2])
    p.add_argument("--scales", type=positive_float, nargs="+", default=[1.0, 10.0, 70.0])
    p.add_argument("--repeats", type=positive_int, default=3, help="builds per scale; default: 3")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work", type=Path, default=REPO_ROOT / "benchmarks" / "work")
    p.add_argument("--results", type=Path, default=REPO_ROOT / "benchmarks" / "results")
    p.add_argument("--docs", type=Path, default=REPO_ROOT / "docs" / "benchmarks.md")
    p.add_argument("--no-docs", action="store_true", help="do not update the docs table")
    p.add_argument(
        "--report-only",
        type=Path,
        metavar="JSON",
        help="measure nothing: rewrite the Markdown and the docs table from a results file",
    )
    p.add_argument(
        "--ui-repeats",
        type=positive_int,
        default=5,
        help="filter changes, page loads and exports timed per item; default: 5",
    )
    for part in UI_PARTS:
        p.add_argument(f"--skip-{part}", action="store_true", help=f"do not measure {part}")
    return p


def _progress(message: str) -> None:
    print(message, flush=True)


def measure_ui(part: str, database: Path, scale: float, repeats: int, work: Path) -> dict:
    """Run one UI part's module on ``database`` in its own process; return its JSON result,
    or a ``failed`` section naming the log when it did not finish."""
    out = work / f"{part}-{scale:g}.json"
    out.unlink(missing_ok=True)
    log = work / "logs" / f"{part}-{scale:g}.log"
    command = [
        sys.executable,
        "-m",
        UI_PARTS[part],
        "--db",
        str(database),
        "--repeats",
        str(repeats),
        "--json",
        str(out),
    ]
    try:
        run_measured(command, log, cwd=REPO_ROOT)
    except BenchmarkFailed as failure:
        return {"status": "failed", "reason": str(failure)}
    return {**json.loads(out.read_text()), "scale": scale}


def run(args: argparse.Namespace) -> dict:
    """Measure everything the arguments ask for; return the results."""
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    results = {
        "benchmark_version": 1,
        "date": machine.now(),
        "machine": machine.describe_machine(),
        "versions": machine.describe_versions(),
        "commit": machine.describe_commit(REPO_ROOT),
        "settings": {
            "scales": args.scales,
            "repeats": args.repeats,
            "seed": args.seed,
            "ui_repeats": args.ui_repeats,
        },
        "scales": [],
    }
    for scale in args.scales:
        results["scales"].append(
            pipeline.benchmark_scale(scale, args.seed, args.repeats, work, _progress)
        )
    top = max(results["scales"], key=lambda s: s["scale"])
    database = Path(top["build_output"]) / "dashboard.duckdb"
    for part in UI_PARTS:
        if getattr(args, f"skip_{part}"):
            results[part] = {"status": "skipped", "reason": f"--skip-{part}"}
            continue
        _progress(f"{part}: measuring on the scale {top['scale']:g} build")
        results[part] = measure_ui(part, database, top["scale"], args.ui_repeats, work)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = report.evaluate_targets(results)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.report_only:
        try:
            results = json.loads(args.report_only.read_text(encoding="utf-8"))
        except (OSError, ValueError) as problem:
            print(f"benchmark failed: cannot read {args.report_only}: {problem}", file=sys.stderr)
            return 2
        results["targets"] = report.evaluate_targets(results)
        json_path = args.report_only.resolve()
        md_path = json_path.with_suffix(".md")
        md_path.write_text(report.markdown(results), encoding="utf-8")
    else:
        try:
            results = run(args)
        except BenchmarkFailed as failure:
            print(f"benchmark failed: {failure}", file=sys.stderr)
            return 2
        json_path, md_path = report.write_results(results, args.results)
    if not args.no_docs:
        report.update_docs(
            args.docs,
            results,
            json_path.relative_to(REPO_ROOT) if json_path.is_relative_to(REPO_ROOT) else json_path,
        )
    _progress(f"results: {json_path} and {md_path}")
    print(report.markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
