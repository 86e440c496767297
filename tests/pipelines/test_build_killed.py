"""A build killed at any step (SIGKILL: no cleanup runs) leaves the previous published database
intact and in use, and its lock does not block the next build, even while the killed build is
an unreaped zombie."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.lock import LOCK_NAME
from tests.made_once import made_once
from tests.pipelines.hand_delivery import write_hand_delivery

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DATA = ROOT / "sample_data"

#: A line the build prints when it has reached a step; the build is killed right there.
STEPS = [
    "Inlezen",  # during ingest
    "[model] staging/",
    "[model] marts/indicator_counts",
    "[checks]",
    "[publish] indicator_values",
    "[publish] periods",  # the new database is written, the link not yet switched
]


def _build_command(delivery: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "pipelines", "build", "--input", str(delivery), "--output",
            str(output)]  # fmt: skip


def _first_build(root: Path) -> None:
    delivery = write_hand_delivery(root / "delivery")
    subprocess.run(
        _build_command(delivery, root / "data"), check=True, capture_output=True, cwd=ROOT
    )


@pytest.fixture()
def previous_build(tmp_path_factory, tmp_path):
    """(delivery, output folder) of a completed build of the hand-made delivery: the test's own
    copy (link, published file, warehouse, ledger) of one build made once per test run, so
    each step is killed over the same previous build and the steps run in parallel."""
    first = made_once(tmp_path_factory, "killed_previous_build", _first_build)
    output = tmp_path / "data"
    shutil.copytree(first / "data", output, symlinks=True)
    return first / "delivery", output


def _published_target(output: Path) -> str:
    return os.path.realpath(output / "dashboard.duckdb")


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS)
def test_a_killed_build_leaves_the_previous_one_in_use(previous_build, step):
    delivery, output = previous_build
    before = _published_target(output)
    process = subprocess.Popen(
        _build_command(delivery, output),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    printed = []
    for line in process.stdout:
        printed.append(line)
        if step in line:
            process.send_signal(signal.SIGKILL)
            break
    process.wait()
    process.stdout.close()
    assert process.returncode == -signal.SIGKILL, f"the build ended before {step!r}: {printed}"
    assert (output / LOCK_NAME).exists()  # the dead build's lock is left behind
    assert _published_target(output) == before
    with duckdb.connect(before, read_only=True) as con:
        assert con.execute("select count(*) from indicator_values").fetchall()[0][0] > 0
    with duckdb.connect(str(output / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from indicator_counts").fetchall()[0][0] > 0
    # The next build takes the lock the dead build left and publishes.
    done = subprocess.run(
        _build_command(delivery, output), capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert _published_target(output) != before
    assert not (output / LOCK_NAME).exists()
    assert not list(output.glob(".build-*"))  # the killed build's staging folder is cleaned up


@pytest.mark.slow
def test_a_killed_build_left_unreaped_does_not_block_the_next(tmp_path):
    # A scheduler kills a build and does not reap it: the build stays a zombie, whose process
    # id still answers kill(pid, 0). The next build must run at once all the same.
    delivery = write_hand_delivery(tmp_path / "delivery")
    output = tmp_path / "data"
    process = subprocess.Popen(
        _build_command(delivery, output),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    try:
        printed = []
        for line in process.stdout:  # ingest reads its first file while holding the lock
            printed.append(line)
            if line.startswith("Lezen: "):
                break
        holder = json.loads((output / LOCK_NAME).read_text(encoding="utf-8"))
        assert holder["pid"] == process.pid, printed
        process.send_signal(signal.SIGKILL)
        # Wait until it has died, without reaping it (WNOWAIT; no wait() or poll()).
        died = os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
        assert (died.si_code, died.si_status) == (os.CLD_KILLED, signal.SIGKILL)
        os.kill(process.pid, 0)  # a zombie: its process id is still taken
        assert (output / LOCK_NAME).exists()  # no cleanup ran
        done = subprocess.run(
            _build_command(delivery, output), capture_output=True, text=True, cwd=ROOT
        )
        assert done.returncode == 0, done.stderr
        with duckdb.connect(_published_target(output), read_only=True) as con:
            assert con.execute("select count(*) from indicator_values").fetchall()[0][0] > 0
        assert process.returncode is None  # still not reaped while the next build ran
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
