"""What the benchmark ran on: machine, versions, commit and load."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

#: Distributions whose versions go into the results.
PACKAGES = (
    "duckdb",
    "polars",
    "numpy",
    "scipy",
    "streamlit",
    "altair",
    "vl-convert-python",
    "python-pptx",
    "playwright",
)


def _cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return platform.processor() or "unknown"
    for line in out.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _git(repo: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *args], cwd=repo, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def describe_machine() -> dict:
    """Return the machine: CPU model, cores usable by this process, RAM, OS, load average."""
    return {
        "hostname": platform.node(),
        "cpu_model": _cpu_model(),
        "cores": len(os.sched_getaffinity(0)),
        "memory_gib": _memory_gib(),
        "os": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def describe_versions() -> dict:
    """Return the Python version and the versions of the packages in PACKAGES."""
    return {"python": platform.python_version(), **{p: _version(p) for p in PACKAGES}}


def describe_commit(repo: Path) -> dict:
    """Return the commit and whether tracked files differed from it (others edit the tree)."""
    changed = _git(repo, "status", "--porcelain", "--untracked-files=no")
    return {
        "commit": _git(repo, "rev-parse", "HEAD"),
        "tracked_files_changed": None if changed is None else bool(changed),
    }


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
