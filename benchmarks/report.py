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
    #: Where the value comes from: the target scale, the base scale or the largest one run.
    at: str


AT_TARGET = f"scale {TARGET_SCALE}"
AT_BASE = f"scale {BASE_SCALE}"
AT_LARGEST = "largest scale"

TARGETS = (
    Target("build_wall_seconds", 60, "s", AT_TARGET),
    # Issue 15's budget for the whole build, beside the first one.
    Target("build_wall_seconds_issue15", 15, "s", AT_TARGET),
    Target("publish_seconds", 6, "s", AT_TARGET),
    Target("build_peak_rss_mib", 4096, "MiB", AT_TARGET),
    Target("build_floor_ratio", 3, "×", AT_TARGET),
    Target("build_floor_ratio_scale10", 8, "×", AT_BASE),
    Target("scaling_70_over_10", 8, "×", AT_TARGET),
    Target("map_bytes_per_wijk", 2500, "B", AT_LARGEST),
    Target("map_bytes_national", 2_000_000, "B", AT_TARGET),
    Target("map_delta_bytes_national", 2_000_000, "B", AT_TARGET),
    Target("map_draw_seconds", 1.5, "s", AT_TARGET),
    Target("filter_change_ms_worst_page", 150, "ms", AT_LARGEST),
    Target("first_chart_seconds_worst_page", 2, "s", AT_LARGEST),
    # The same full load by a returning visitor (Streamlit's files from the browser's cache).
    Target("first_chart_seconds_returning_worst_page", 2, "s", AT_LARGEST),
    Target("png_ms", 300, "ms", AT_LARGEST),
    Target("deck_10_seconds", 5, "s", AT_LARGEST),
)


def _by_scale(results: dict) -> dict[float, dict]:
    return {s["scale"]: s for s in results["scales"]}


def _worst(section: dict | None, field: str) -> float | None:
    """The largest per-page median of ``field`` in a dashboard section, None when unmeasured."""
    if not section or section.get("status") != "measured":
        return None
    values = [p[field] for p in section.get("pages", {}).values() if p.get(field) is not None]
    return max(values) if values else None


def national_map(results: dict) -> dict:
    """The browser's map measurement when it was made on the target scale's build, else {}
    (a smaller region's map says nothing about the national one)."""
    browser = results.get("browser") or {}
    if browser.get("status") != "measured" or browser.get("scale") != TARGET_SCALE:
        return {}
    return browser.get("map") or {}


def measured_values(results: dict) -> dict[str, float | None]:
    """Return the measured value of every target (None when that part was not run)."""
    scales = _by_scale(results)
    top = scales.get(TARGET_SCALE, {}).get("median", {})
    base = scales.get(BASE_SCALE, {}).get("median", {})
    largest = scales[max(scales)]["median"] if scales else {}
    exports = results.get("exports") or {}
    measured = exports.get("status") == "measured"
    national = national_map(results)
    return {
        "build_wall_seconds": top.get("build_wall_seconds"),
        "build_wall_seconds_issue15": top.get("build_wall_seconds"),
        "publish_seconds": top.get("steps", {}).get("publish"),
        "build_peak_rss_mib": top.get("build_peak_rss_mib"),
        "build_floor_ratio": top.get("build_floor_ratio"),
        "build_floor_ratio_scale10": base.get("build_floor_ratio"),
        "scaling_70_over_10": (
            round(top["build_wall_seconds"] / base["build_wall_seconds"], 2)
            if top and base
            else None
        ),
        "map_bytes_per_wijk": (largest.get("map") or {}).get("bytes_per_wijk"),
        # The build report says 0 bytes when the delivery had no map: not a measurement.
        "map_bytes_national": (top.get("map") or {}).get("bytes") or None,
        "map_delta_bytes_national": national.get("delta_bytes"),
        "map_draw_seconds": national.get("draw_seconds"),
        "filter_change_ms_worst_page": _worst(results.get("dashboard"), "filter_change_ms"),
        "first_chart_seconds_worst_page": _worst(results.get("browser"), "first_chart_seconds"),
        "first_chart_seconds_returning_worst_page": _worst(
            results.get("browser"), "returning_seconds"
        ),
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
                "at": target.at,
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
        "| checks s | publish s | of which disclosure s | peak MiB | build/floor "
        "| map B/wijk |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
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
            f"| {_cell(med['build_floor_ratio'])} "
            f"| {_cell((med.get('map') or {}).get('bytes_per_wijk'))} |"
        )
    lines += ["", "| target | at | limit | measured | met |", "|---|---|---:|---:|---|"]
    for t in results["targets"]:
        met = {True: "yes", False: "**no**", None: "–"}[t["met"]]
        lines.append(
            f"| {t['name']} | {t['at']} | {_cell(t['limit'])} {t['unit']} "
            f"| {_cell(t['measured'])} | {met} |"
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
            "| first chart s, page load, returning visitor (median) "
            "| first chart s, in-app (median) |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for page in pages:
            d = dashboard.get("pages", {}).get(page, {})
            b = browser.get("pages", {}).get(page, {})
            widget = d.get("widget") or "–"
            if d.get("error"):
                # A page that fails is a finding, not a missing number.
                widget = f"**error**: {d['error'][:120]}"
            chart, returning, in_app = (
                b["note"] if b.get("note") else _cell(b.get(field))
                for field in ("first_chart_seconds", "returning_seconds", "in_app_seconds")
            )
            lines.append(
                f"| {page} | {widget} | {_cell(d.get('filter_change_ms'))} | {chart} "
                f"| {returning} | {in_app} |"
            )
    if browser.get("status") == "measured" and "map" in browser:
        lines += ["", map_line(browser["map"], browser.get("scale"))]
    if exports.get("status") == "measured":
        lines += [
            "",
            f"Exports (scale {exports['scale']}, after warm-up, median): PNG "
            f"{_cell(exports['png_ms'])} ms, SVG {_cell(exports['svg_ms'])} ms, deck of "
            f"{exports['deck_charts']} charts {_cell(exports['deck_10_seconds'])} s.",
        ]
    return lines


def map_line(found: dict, scale: float | None) -> str:
    """The sentence on the map of all wijken in the browser (`benchmarks.map_draw`)."""
    at = "–" if scale is None else f"{scale:g}"
    where = f"Map (scale {at}, Vergelijken `{found['query']}`, the whole regio"
    if found.get("drawn_seconds") is None:
        return f"{where}): {found.get('note', 'not measured')}."
    first = found.get("first_visit_seconds")
    return (
        f"{where}, {_cell(found['wijken_drawn'])} wijken drawn, median of "
        f"{len(found['runs'])} page loads): {_cell(found['delta_bytes'])} bytes in its "
        f"websocket delta; drawn {_cell(found['drawn_seconds'])} s after navigation, Vega's "
        f"drawing {_cell(found['draw_seconds'])} s (from its element "
        f"{_cell(found['element_to_drawn_seconds'])} s); first visit "
        f"{'–' if first is None else f'{_cell(first)} s'}."
    )


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
