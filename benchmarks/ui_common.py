"""What the dashboard, browser and export benchmarks share: arguments, pages, medians."""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
APP = REPO_ROOT / "dashboard" / "app.py"
VIEWS = REPO_ROOT / "dashboard" / "views"


def parse_args(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", type=Path, required=True, help="published dashboard.duckdb")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, required=True, help="where to write the result")
    return parser.parse_args()


def pages() -> list[str]:
    """Return the page modules of the app (file names under dashboard/views), sorted."""
    return sorted(p.stem for p in VIEWS.glob("*.py") if not p.stem.startswith("_"))


def median_ms(seconds: list[float]) -> float | None:
    return round(statistics.median(seconds) * 1000, 1) if seconds else None


def write(path: Path, result: dict) -> None:
    path.write_text(json.dumps(result, indent=2), encoding="utf-8")
