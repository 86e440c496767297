"""A process other than the test's that holds the build lock of a folder until told to stop."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_HOLD = """
import sys
from pathlib import Path
from pipelines.lock import build_lock
with build_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes our stdin
"""


@contextmanager
def lock_held_by_child(lock_dir: Path) -> Iterator[subprocess.Popen]:
    """Yield a child process that holds ``build_lock(lock_dir)``; it lets go on leaving."""
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(lock_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert child.stdout.readline() == "held\n"
        yield child
    finally:
        child.stdin.close()
        child.wait(timeout=30)
        child.stdout.close()
