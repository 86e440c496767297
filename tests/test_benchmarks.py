"""The benchmark command works end to end at scale 1 (CI smoke test; no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import report
from tests.made_once import made_once

REPO_ROOT = Path(__file__).resolve().parent.parent
#: The smoke run (the module's fixture) builds a region at scale 1: a slow module, started first.
pytestmark = pytest.mark.slow

DOCS_TEMPLATE = (
    f"# Benchmarks\n\nHand-written.\n\n{report.DOCS_START}\nold\n{report.DOCS_END}\n\nEnd.\n"
)


def _smoke(tmp: Path) -> None:
    docs = tmp / "benchmarks.md"
    docs.write_text(DOCS_TEMPLATE, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "benchmarks.run",
        "--scales",
        "1",
        "--repeats",
        "1",
        "--ui-repeats",
        "1",
        "--work",
        str(tmp / "work"),
        "--results",
        str(tmp / "results"),
        "--docs",
        str(docs),
        "--skip-browser",
    ]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory) -> dict:
    """Run the command once at scale 1 into a tmp folder (once per test run, shared by the
    xdist workers: tests/made_once.py); return paths and the parsed results."""
    tmp = made_once(tmp_path_factory, "bench", _smoke)
    (results_file,) = sorted((tmp / "results").glob("*.json"))
    return {
        "results": json.loads(results_file.read_text()),
        "docs": tmp / "benchmarks.md",
        "tmp": tmp,
    }


def test_results_describe_machine_versions_and_commit(smoke_run):
    results = smoke_run["results"]
    assert set(results["machine"]) >= {"cpu_model", "cores", "memory_gib", "load_average_at_start"}
    assert set(results["versions"]) >= {"python", "duckdb", "polars", "streamlit"}
    assert len(results["commit"]["commit"]) == 40
    assert results["settings"] == {"scales": [1.0], "repeats": 1, "seed": 1, "ui_repeats": 1}


def test_results_hold_times_memory_and_rows_of_the_scale(smoke_run):
    (scale,) = smoke_run["results"]["scales"]
    assert scale["scale"] == 1.0
    (run,) = scale["runs"]
    assert set(run["build"]["steps"]) == {"ingest", "model", "checks", "publish"}
    assert "indicator_counts" in run["build"]["models"]
    assert run["build"]["peak_rss_mib"] > 0
    assert set(run["floor"]["files"]) >= {"so_consulten.csv", "opnames.csv", "gebieden.geojson"}
    median = scale["median"]
    assert set(median) >= {
        "build_wall_seconds",
        "build_peak_rss_mib",
        "floor_wall_seconds",
        "build_floor_ratio",
    }
    delivered = scale["rows"]["delivery"]["so_consulten.csv"]
    assert delivered["rows_read"] == delivered["rows_loaded"] + delivered["rows_quarantined"]
    assert (
        scale["rows"]["delivery"]["so_consulten.csv"]["rows_read"]
        == (run["floor"]["files"]["so_consulten.csv"]["rows"])
    )
    assert scale["rows"]["published"]["indicator_values"] > 0


def test_the_map_size_of_the_build_is_recorded_per_wijk(smoke_run):
    (scale,) = smoke_run["results"]["scales"]
    build = json.loads((Path(scale["build_output"]) / "build_report.json").read_text())
    kaart = build["ingest"]["kaart"]
    assert kaart["wijken_met_vorm"] > 1
    assert scale["median"]["map"] == {
        "bytes": kaart["bytes"],
        "bytes_per_wijk": round(kaart["bytes"] / kaart["wijken_met_vorm"]),
        "tolerance_m": kaart["tolerantie_m"],
    }


NATIONAL_ONLY = (
    "build_wall_seconds",
    "build_wall_seconds_issue15",
    "publish_seconds",
    "build_floor_ratio_scale10",
    "map_bytes_national",
    "map_delta_bytes_national",
    "map_draw_seconds",
)


def test_targets_at_scale_70_are_not_measured_at_scale_1(smoke_run):
    targets = {t["name"]: t for t in smoke_run["results"]["targets"]}
    assert set(targets) == {t.name for t in report.TARGETS}
    for name in NATIONAL_ONLY:
        assert targets[name]["measured"] is None, name
        assert targets[name]["met"] is None, name
    # Bytes per wijk do not depend on the region's size: read from the largest scale run.
    (scale,) = smoke_run["results"]["scales"]
    per_wijk = targets["map_bytes_per_wijk"]
    assert per_wijk["measured"] == scale["median"]["map"]["bytes_per_wijk"] > 0
    assert per_wijk["met"] == (per_wijk["measured"] <= 2500)


def test_docs_table_is_replaced_between_the_markers_only(smoke_run):
    text = smoke_run["docs"].read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nHand-written.\n\n")
    assert text.endswith(f"{report.DOCS_END}\n\nEnd.\n")
    assert "\nold\n" not in text
    (scale,) = smoke_run["results"]["scales"]
    (row,) = [line for line in text.splitlines() if line.startswith("| 1 | ")]
    assert row.endswith(f" | {scale['median']['map']['bytes_per_wijk']:,} |")
    # A target without a measurement says so, never "yes".
    assert "| build_wall_seconds_issue15 | scale 70 | 15 s | – | – |" in text


def test_skipped_parts_say_so(smoke_run):
    assert smoke_run["results"]["browser"] == {"status": "skipped", "reason": "--skip-browser"}


def test_docs_without_markers_are_refused(tmp_path):
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no <!-- benchmark-results:start --> … "):
        report.update_docs(docs, {}, Path("r.json"))


def test_report_only_rewrites_markdown_and_docs_from_a_results_file(smoke_run, tmp_path):
    (results_file,) = sorted((smoke_run["tmp"] / "results").glob("*.json"))
    copy = tmp_path / results_file.name
    copy.write_text(results_file.read_text(), encoding="utf-8")
    docs = tmp_path / "benchmarks.md"
    docs.write_text(DOCS_TEMPLATE, encoding="utf-8")
    command = [
        sys.executable, "-m", "benchmarks.run", "--report-only", str(copy), "--docs", str(docs),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert copy.with_suffix(".md").read_text(encoding="utf-8") == report.markdown(
        json.loads(copy.read_text())
    )
    assert f"From `{copy.resolve().as_posix()}`." in docs.read_text(encoding="utf-8")


def test_report_only_refuses_an_unreadable_file(tmp_path):
    command = [sys.executable, "-m", "benchmarks.run", "--report-only", str(tmp_path / "no.json")]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith(f"benchmark failed: cannot read {tmp_path / 'no.json'}: ")


def test_a_changed_generator_makes_a_new_delivery(tmp_path, monkeypatch):
    """A delivery made by another version of the generator is not reused."""
    from benchmarks import pipeline

    synth = tmp_path / "pipelines" / "synth"
    synth.mkdir(parents=True)
    (synth / "region.py").write_text("WIJKEN = 5\n", encoding="utf-8")
    (tmp_path / "pipelines" / "contract.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(pipeline, "REPO_ROOT", tmp_path)
    before = pipeline.generator_fingerprint()
    assert pipeline.generator_fingerprint() == before
    (synth / "region.py").write_text("WIJKEN = 6\n", encoding="utf-8")
    assert pipeline.generator_fingerprint() != before


def _results(browser_scale: float) -> dict:
    """A results file of runs at scales 10 and 70 with the browser measured at `browser_scale`."""

    def scale(value: float, build: float, floor: float, publish: float, per_wijk: int) -> dict:
        median = {
            "build_wall_seconds": build,
            "build_floor_ratio": round(build / floor, 2),
            "steps": {"publish": publish},
            "map": {"bytes": per_wijk * 100 * value, "bytes_per_wijk": per_wijk},
        }
        return {"scale": value, "median": median}

    found = {"query": "?niveau=Wijken", "delta_bytes": 2_500_000, "draw_seconds": 1.2}
    return {
        "scales": [scale(10.0, 6.0, 1.0, 2.0, 1900), scale(70.0, 20.0, 2.0, 7.0, 2600)],
        "browser": {"status": "measured", "scale": browser_scale, "pages": {}, "map": found},
    }


def test_issue_15_targets_read_the_scale_they_are_set_for():
    targets = {t["name"]: t for t in report.evaluate_targets(_results(70.0))}
    measured = {name: t["measured"] for name, t in targets.items()}
    assert measured["build_wall_seconds_issue15"] == measured["build_wall_seconds"] == 20.0
    assert measured["publish_seconds"] == 7.0
    assert measured["build_floor_ratio_scale10"] == 6.0
    assert measured["build_floor_ratio"] == 10.0
    assert measured["map_bytes_per_wijk"] == 2600
    assert measured["map_bytes_national"] == 2600 * 7000
    assert measured["map_delta_bytes_national"] == 2_500_000
    assert measured["map_draw_seconds"] == 1.2
    met = {name: t["met"] for name, t in targets.items() if t["met"] is not None}
    assert met == {
        "build_wall_seconds": True,
        "build_wall_seconds_issue15": False,
        "publish_seconds": False,
        "build_floor_ratio": False,
        "build_floor_ratio_scale10": True,
        "scaling_70_over_10": True,
        "map_bytes_per_wijk": False,
        "map_bytes_national": False,
        "map_delta_bytes_national": False,
        "map_draw_seconds": True,
    }


def test_a_map_measured_on_a_smaller_region_is_not_the_national_map():
    values = report.measured_values(_results(10.0))
    assert values["map_delta_bytes_national"] is None
    assert values["map_draw_seconds"] is None
    assert values["map_bytes_national"] == 2600 * 7000
