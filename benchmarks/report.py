"""Targets of the performance issue, and the results as JSON and as a short Markdown table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

#: The scale the targets are set for (about national size) and the one it is compared with.
TARGET_SCALE = 70
BASE_SCALE = 10
DOCS_START = "<!-- benchmark-results:start -->"
DOCS_END = "<!-- benchmark-results:end -->"


@dataclass(frozen=True)
class Target:
    name: str
    limit: float
    unit: str


TARGETS = (
    Target("build_wall_seconds", 60, "s"),
    Target("build_peak_rss_mib", 4096, "MiB"),
    Target("build_floor_ratio", 3, "×"),
    Target("scaling_70_over_10", 8, "×"),
    Target("filter_change_ms_worst_page", 150, "ms"),
    Target("first_chart_seconds_worst_page", 2, "s"),
    Target("png_ms", 300, "ms"),
    Target("deck_10_seconds", 5, "s"),
)


def _by_scale(results: dict) -> dict[float, dict]:
    return {s["scale"]: s for s in results["scales"]}


def _worst(section: dict | None, field: str) -> float | None:
    """The largest per-page median of ``field`` in a dashboard section, None when unmeasured."""
    if not section or section.get("status") != "measured":
        return None
    values = [p[field] for p in section["pages"].values() if p.get(field) is not None]
    return max(values) if values else None


def measured_values(results: dict) -> dict[str, float | None]:
    """Return the measured value of every target (None when that part was not run)."""
    scales = _by_scale(results)
    top = scales.get(TARGET_SCALE, {}).get("median", {})
    base = scales.get(BASE_SCALE, {}).get("median", {})
    exports = results.get("exports") or {}
    measured = exports.get("status") == "measured"
    return {
        "build_wall_seconds": top.get("build_wall_seconds"),
        "build_peak_rss_mib": top.get("build_peak_rss_mib"),
        "build_floor_ratio": top.get("build_floor_ratio"),
        "scaling_70_over_10": (
            round(top["build_wall_seconds"] / base["build_wall_seconds"], 2)
            if top and base
            else None
        ),
        "filter_change_ms_worst_page": _worst(results.get("dashboard"), "filter_change_ms"),
        "first_chart_seconds_worst_page": _worst(results.get("browser"), "first_chart_seconds"),
        "png_ms": exports.get("png_ms") if measured else None,
        "deck_10_seconds": exports.get("deck_10_seconds") if measured else None,
    }


def evaluate_targets(results: dict) -> list[dict]:
    """Return one row per target: name, limit, unit, measured value and met (None when not
    measured in this run)."""
    values = measured_values(results)
    rows = []
    for target in TARGETS:
        value = values[target.name]
        met = None if value is None else value <= target.limit
        rows.append(
            {
                "name": target.name,
                "limit": target.limit,
                "unit": target.unit,
                "measured": value,
                "met": met,
            }
        )
    return rows


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def markdown(results: dict) -> str:
    """Return the short Markdown summary: machine, per-scale table, targets, dashboard."""
    m, v = results["machine"], results["versions"]
    lines = [
        f"Run {results['date']} on {m['cpu_model']}, {m['cores']} cores, {m['memory_gib']} GiB "
        f"(load average at start {m['load_average_at_start'][0]}); Python {v['python']}, "
        f"DuckDB {v['duckdb']}, polars {v['polars']}, Streamlit {v['streamlit']}; "
        f"commit {str(results['commit']['commit'])[:10]}; median of "
        f"{results['settings']['repeats']} run(s).",
        "",
        "| scale | delivery MB | rows delivered | floor s | build s | ingest s | models s "
        "| checks s | publish s | of which disclosure s | peak MiB | build/floor |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in results["scales"]:
        med = s["median"]
        rows = sum(f["rows_read"] for f in s["rows"]["delivery"].values())
        steps = med["steps"]
        lines.append(
            f"| {s['scale']:g} | {s['delivery']['bytes'] / 1e6:,.0f} | {rows:,} "
            f"| {_cell(med['floor_wall_seconds'])} | {_cell(med['build_wall_seconds'])} "
            f"| {_cell(steps['ingest'])} | {_cell(steps['model'])} | {_cell(steps['checks'])} "
            f"| {_cell(steps['publish'])} | {_cell(med.get('disclosure_seconds'))} "
            f"| {_cell(med['build_peak_rss_mib'])} "
            f"| {_cell(med['build_floor_ratio'])} |"
        )
    lines += ["", "| target (scale 70) | limit | measured | met |", "|---|---:|---:|---|"]
    for t in results["targets"]:
        met = {True: "yes", False: "**no**", None: "not measured"}[t["met"]]
        lines.append(
            f"| {t['name']} | {_cell(t['limit'])} {t['unit']} | {_cell(t['measured'])} | {met} |"
        )
    lines += _dashboard_lines(results)
    return "\n".join(lines) + "\n"


def _dashboard_lines(results: dict) -> list[str]:
    dashboard = results.get("dashboard") or {}
    browser = results.get("browser") or {}
    exports = results.get("exports") or {}
    lines = [""]
    for name, section in (("dashboard", dashboard), ("browser", browser), ("exports", exports)):
        if section.get("status") != "measured":
            lines.append(
                f"- {name}: {section.get('status', 'not run')} — {section.get('reason', '')}"
            )
    if dashboard.get("status") == "measured" or browser.get("status") == "measured":
        pages = sorted(set(dashboard.get("pages", {})) | set(browser.get("pages", {})))
        lines += [
            "",
            f"| page (scale {dashboard.get('scale', browser.get('scale'))}) | filter | "
            "filter change ms (median) | first chart s, page load (median) "
            "| first chart s, in-app (median) |",
            "|---|---|---:|---:|---:|",
        ]
        for page in pages:
            d = dashboard.get("pages", {}).get(page, {})
            b = browser.get("pages", {}).get(page, {})
            widget = d.get("widget") or "–"
            if d.get("error"):
                # A page that fails is a finding, not a missing number.
                widget = f"**error**: {d['error'][:120]}"
            chart = _cell(b.get("first_chart_seconds"))
            if b.get("note"):
                chart = b["note"]
            in_app = _cell(b.get("in_app_seconds")) if not b.get("note") else chart
            lines.append(
                f"| {page} | {widget} | {_cell(d.get('filter_change_ms'))} | {chart} | {in_app} |"
            )
    if exports.get("status") == "measured":
        lines += [
            "",
            f"Exports (scale {exports['scale']}, after warm-up, median): PNG "
            f"{_cell(exports['png_ms'])} ms, SVG {_cell(exports['svg_ms'])} ms, deck of "
            f"{exports['deck_charts']} charts {_cell(exports['deck_10_seconds'])} s.",
        ]
    return lines


def write_results(results: dict, folder: Path) -> tuple[Path, Path]:
    """Write ``<stamp>.json`` and ``<stamp>.md`` into ``folder``; return both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = results["date"].replace(":", "").replace("-", "").replace("+0000", "Z")
    json_path = folder / f"{stamp}.json"
    md_path = folder / f"{stamp}.md"
    json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
    return json_path, md_path


def update_docs(docs: Path, results: dict, results_file: Path) -> None:
    """Replace the part of ``docs`` between DOCS_START and DOCS_END with the summary. Refuses
    (ValueError) a file without both markers, so hand-written text is never overwritten."""
    text = docs.read_text(encoding="utf-8")
    if DOCS_START not in text or DOCS_END not in text:
        raise ValueError(f"{docs}: no {DOCS_START} … {DOCS_END} markers to write between")
    head, rest = text.split(DOCS_START, 1)
    _, tail = rest.split(DOCS_END, 1)
    body = f"\nFrom `{results_file.as_posix()}`.\n\n{markdown(results)}"
    docs.write_text(f"{head}{DOCS_START}\n{body}{DOCS_END}{tail}", encoding="utf-8")
