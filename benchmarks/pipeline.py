"""Generate a delivery at one scale, then time the floor and the build on it, repeatedly."""

from __future__ import annotations

import hashlib
import json
import shutil
import statistics
import sys
from pathlib import Path

import duckdb

from benchmarks.measure import run_measured

REPO_ROOT = Path(__file__).resolve().parent.parent
#: Build steps as build_report.json names them, in build order.
STEPS = ("ingest", "model", "checks", "publish")
#: A delivery folder is reused when this file says it was made with the same scale, seed and
#: generator source (a changed generator makes a different delivery).
MARKER = "benchmark_delivery.json"
GENERATOR_SOURCES = ("pipelines/synth/*.py", "pipelines/contract.py")


def generator_fingerprint() -> str:
    """Return a short hash of the generator's source files."""
    digest = hashlib.sha256()
    for pattern in GENERATOR_SOURCES:
        for path in sorted(REPO_ROOT.glob(pattern)):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


def synthesise(scale: float, seed: int, work: Path) -> tuple[Path, dict]:
    """Return the delivery folder for ``scale``/``seed`` under ``work`` and how it was made:
    generated now (seconds, peak memory) or reused from an earlier run (``reused: true``)."""
    folder = work / f"delivery-{scale:g}-seed{seed}"
    marker = folder / MARKER
    wanted = {"scale": scale, "seed": seed, "generator": generator_fingerprint()}
    if marker.is_file() and json.loads(marker.read_text()) == wanted:
        return folder, {"reused": True, **_delivery_size(folder)}
    shutil.rmtree(folder, ignore_errors=True)
    measured = run_measured(
        _python(
            "-m",
            "pipelines",
            "synth",
            "--scale",
            f"{scale:g}",
            "--seed",
            str(seed),
            "--output",
            str(folder),
        ),
        work / "logs" / f"synth-{scale:g}.log",
        cwd=REPO_ROOT,
    )
    marker.write_text(json.dumps(wanted))
    return folder, {
        "reused": False,
        "wall_seconds": measured.wall_seconds,
        "peak_rss_mib": measured.peak_rss_mib,
        **_delivery_size(folder),
    }


def _delivery_size(folder: Path) -> dict:
    files = [p for p in folder.iterdir() if p.is_file() and p.name != MARKER]
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files)}


def measure_floor(delivery: Path, log: Path) -> dict:
    """Return the floor of one run: the child's wall time and peak memory, and the seconds
    DuckDB spent scanning (without interpreter start-up)."""
    measured = run_measured(_python("-m", "benchmarks.floor", str(delivery)), log, cwd=REPO_ROOT)
    scan = json.loads(log.read_text().strip().splitlines()[-1])
    return {
        "wall_seconds": measured.wall_seconds,
        "scan_seconds": scan["seconds"],
        "peak_rss_mib": measured.peak_rss_mib,
        "files": scan["files"],
    }


def measure_build(delivery: Path, output: Path, log: Path) -> dict:
    """Build ``delivery`` into a fresh ``output``; return wall time, peak memory, load and the
    seconds of every step from build_report.json (models summed, and each model)."""
    shutil.rmtree(output, ignore_errors=True)
    measured = run_measured(
        _python("-m", "pipelines", "build", "--input", str(delivery), "--output", str(output)),
        log,
        cwd=REPO_ROOT,
    )
    report = json.loads((output / "build_report.json").read_text())
    steps = {step: 0.0 for step in STEPS}
    models = {}
    for step in report["steps"]:
        steps[step["step"]] = round(steps.get(step["step"], 0.0) + step["seconds"], 3)
        if step["step"] == "model":
            models[step["name"]] = step["seconds"]
    return {
        "wall_seconds": measured.wall_seconds,
        "reported_seconds": report["seconds"],
        "peak_rss_mib": measured.peak_rss_mib,
        "load_before": measured.load_before,
        "load_after": measured.load_after,
        "steps": steps,
        "models": models,
        "disclosure_seconds": report.get("disclosure", {}).get("seconds", 0.0),
        # The map as the browser gets it: GeoJSON bytes of all wijken, and per wijk.
        "map": _map_size(report),
        "_report": report,
    }


def _map_size(report: dict) -> dict:
    kaart = report.get("ingest", {}).get("kaart") or {}
    wijken = kaart.get("wijken_met_vorm") or 0
    return {
        "bytes": kaart.get("bytes", 0),
        "bytes_per_wijk": round(kaart.get("bytes", 0) / wijken) if wijken else None,
        "tolerance_m": kaart.get("tolerantie_m"),
    }


def row_counts(output: Path, report: dict) -> dict:
    """Return rows per delivered file (read, loaded, quarantined), per model, and per published
    table, from the build report and the published database."""
    delivered = {
        f["file"]: {k: f[k] for k in ("rows_read", "rows_loaded", "rows_quarantined")}
        for f in report["ingest"].get("files", [])
    }
    models = {s["name"]: s["rows"] for s in report["steps"] if s["step"] == "model"}
    con = duckdb.connect(str(output / "dashboard.duckdb"), read_only=True)
    try:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
        published = {
            # Names come from the database's own catalogue, quoted as identifiers.
            t: con.execute(f'select count(*) from "{t}"').fetchone()[0]
            for t in sorted(tables)
        }
    finally:
        con.close()
    return {"delivery": delivered, "models": models, "published": published}


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def benchmark_scale(scale: float, seed: int, repeats: int, work: Path, progress) -> dict:
    """Return everything measured at one scale: the delivery, every run (floor then build, so
    both see the same load), medians, the build/floor ratio and row counts."""
    delivery, synth = synthesise(scale, seed, work)
    progress(f"scale {scale:g}: delivery {synth['bytes'] / 1e6:.0f} MB in {delivery}")
    runs = []
    output = work / f"build-{scale:g}"
    for run in range(1, repeats + 1):
        logs = work / "logs"
        floor = measure_floor(delivery, logs / f"floor-{scale:g}-{run}.log")
        build = measure_build(delivery, output, logs / f"build-{scale:g}-{run}.log")
        runs.append({"run": run, "floor": floor, "build": build})
        progress(
            f"scale {scale:g} run {run}/{repeats}: build {build['wall_seconds']:.1f} s, "
            f"{build['peak_rss_mib']:.0f} MiB; floor {floor['wall_seconds']:.1f} s"
        )
    report = runs[-1]["build"].pop("_report")
    for r in runs:
        r["build"].pop("_report", None)
    builds = [r["build"] for r in runs]
    floors = [r["floor"] for r in runs]
    median = {
        "build_wall_seconds": _median([b["wall_seconds"] for b in builds]),
        "build_peak_rss_mib": _median([b["peak_rss_mib"] for b in builds]),
        "floor_wall_seconds": _median([f["wall_seconds"] for f in floors]),
        "floor_scan_seconds": _median([f["scan_seconds"] for f in floors]),
        "steps": {s: _median([b["steps"][s] for b in builds]) for s in STEPS},
        "models": {m: _median([b["models"][m] for b in builds]) for m in builds[0]["models"]},
        "disclosure_seconds": _median([b["disclosure_seconds"] for b in builds]),
        "map": builds[0]["map"],
    }
    median["build_floor_ratio"] = round(
        median["build_wall_seconds"] / median["floor_wall_seconds"], 2
    )
    return {
        "scale": scale,
        "seed": seed,
        "delivery": {"path": str(delivery), **synth},
        "runs": runs,
        "median": median,
        "max_build_peak_rss_mib": max(b["peak_rss_mib"] for b in builds),
        "rows": row_counts(output, report),
        "build_output": str(output),
    }
