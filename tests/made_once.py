"""A folder made once per test run, shared by every pytest-xdist worker.

Session-scoped fixtures run once per worker process: under ``pytest -n 2`` a build in a session
fixture would be made twice, on the two cores at once. ``made_once`` makes it once: the first
worker that asks makes it under an exclusive ``fcntl.flock`` in the run's shared temporary
folder (``tmp_path_factory.getbasetemp().parent``, the pattern of pytest-xdist's docs); the
others wait on that lock and reuse it. The kernel releases the lock when its holder dies, so a
crashed worker never blocks the others; a folder without its ``.made`` mark (its maker failed or
died) is made again.

Only for folders the tests read and never change: a test that changes a build needs its own.
Without xdist (no ``PYTEST_XDIST_WORKER``) the folder is simply made in this run's temporary
folder.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

DONE = ".made"
VALUE = "value.pickle"


def made_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]
) -> Path:
    """Return the folder ``name`` after ``make(folder)`` filled it, once per test run."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        folder = tmp_path_factory.mktemp(name, numbered=True)
        make(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent
    folder = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (folder / DONE).exists():
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                make(folder)
                (folder / DONE).touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder


def made_once_value(
    tmp_path_factory: pytest.TempPathFactory, name: str, compute: Callable[[Path], object]
):
    """Return what ``compute(folder)`` returned when it filled the folder ``name``, once per
    test run (the value is kept beside the files, pickled: paths, numbers, lists, dicts)."""

    def make(folder: Path) -> None:
        (folder / VALUE).write_bytes(pickle.dumps(compute(folder)))

    return pickle.loads((made_once(tmp_path_factory, name, make) / VALUE).read_bytes())
