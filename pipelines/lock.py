"""One build at a time per output folder: a lock file holding the builder's process id.

A second build is refused with a message naming the running one. A lock whose process no longer
runs on this machine (a build that was killed) is stale: it is taken over, not obeyed forever.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".build.lock"


class BuildLocked(Exception):
    """Another live build holds the lock of this output folder."""


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _read_lock(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _is_stale(holder: dict) -> bool:
    """A lock is stale when its process is gone (same host) or it cannot be read at all."""
    pid = holder.get("pid")
    if not isinstance(pid, int):
        return True
    if holder.get("host") != socket.gethostname():
        return False  # cannot check another machine's process: obey it
    return not _process_alive(pid)


@contextmanager
def build_lock(lock_dir: Path) -> Iterator[Path]:
    """Hold the build lock of ``lock_dir`` (created if needed) for the duration of the block.

    Raises BuildLocked, naming the process id and start time of the running build, when a live
    build holds it. Takes over a stale lock of a dead build.
    """
    lock_dir.mkdir(parents=True, exist_ok=True)
    path = lock_dir / LOCK_NAME
    me = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
    for _attempt in range(3):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _read_lock(path)
            if not _is_stale(holder):
                started = time.strftime(
                    "%Y-%m-%d %H:%M:%S", time.localtime(holder.get("started", 0))
                )
                raise BuildLocked(
                    f"{path}: another build is running (process {holder.get('pid')}, "
                    f"started {started}); wait for it to finish"
                ) from None
            path.unlink(missing_ok=True)  # stale: the build that held it is gone
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(me, handle)
        break
    else:
        raise BuildLocked(f"{path}: could not take the build lock")
    try:
        yield path
    finally:
        if _read_lock(path).get("pid") == me["pid"]:
            path.unlink(missing_ok=True)
