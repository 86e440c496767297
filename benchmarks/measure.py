"""Run a command in a child process and measure its wall time and peak memory."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


class BenchmarkFailed(Exception):
    """A measured command failed; the message names the command and its log file."""


@dataclass(frozen=True)
class Measured:
    wall_seconds: float
    peak_rss_mib: float
    load_before: float
    load_after: float


def run_measured(
    command: Sequence[str],
    log_path: Path,
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Measured:
    """Run ``command`` with stdout and stderr to ``log_path``; return its wall time, the peak
    resident memory of that child alone (``os.wait4``), and the 1-minute load average before and
    after. Refuses (BenchmarkFailed) a non-zero exit status."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    with log_path.open("wb") as log:
        started = time.perf_counter()
        child = subprocess.Popen(
            list(command), stdout=log, stderr=subprocess.STDOUT, cwd=cwd, env=env
        )
        # wait4 gives the resource use of this child only; RUSAGE_CHILDREN would be the
        # maximum over every child this process ever waited for.
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise BenchmarkFailed(
            f"{' '.join(command)} exited with status {child.returncode}; see {log_path}"
        )
    # Linux reports ru_maxrss in KiB.
    return Measured(
        wall_seconds=round(wall, 3),
        peak_rss_mib=round(usage.ru_maxrss / 1024, 1),
        load_before=round(load_before, 2),
        load_after=round(os.getloadavg()[0], 2),
    )
