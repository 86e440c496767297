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


def test_targets_at_scale_70_are_not_measured_at_scale_1(smoke_run):
    targets = {t["name"]: t for t in smoke_run["results"]["targets"]}
    assert set(targets) == {t.name for t in report.TARGETS}
    assert targets["build_wall_seconds"]["measured"] is None
    assert targets["build_wall_seconds"]["met"] is None


def test_docs_table_is_replaced_between_the_markers_only(smoke_run):
    text = smoke_run["docs"].read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nHand-written.\n\n")
    assert text.endswith(f"{report.DOCS_END}\n\nEnd.\n")
    assert "\nold\n" not in text
    assert "| 1 | " in text


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
