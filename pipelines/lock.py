"""One build at a time per output folder: the operating system's file lock on ``.build.lock``.

The build holds ``fcntl.flock(LOCK_EX | LOCK_NB)`` on the lock file for as long as it runs. The
kernel releases that lock when the holder's file descriptors close, which happens when the
process ends however it ends (SIGKILL, a crash, a reboot), whether or not its parent ever reaps
it: a killed build never blocks the next one, and a reused process id cannot fake a holder.

After taking the lock the holder writes its process id, host and start time into the file; a
second build that finds the lock held reads them to say which build is running.

On exit the holder deletes the file while it still holds the lock. That is safe because a taker
checks, after its flock succeeded, that the file it locked is still the one at the path (same
device and inode); one that locked a file deleted in the meantime lets go and tries again.

POSIX only (Linux, macOS): ``fcntl`` does not exist on Windows. The lock is as good as the file
system's ``flock``: reliable on local disks, not to be trusted on every network file system.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".build.lock"

#: How often a taker tries again after locking a file that its holder had just deleted.
_ATTEMPTS = 20


class BuildLocked(Exception):
    """Another live build holds the lock of this output folder."""


def _is_at(fd: int, path: Path) -> bool:
    """Whether the open file ``fd`` is the file now found at ``path``."""
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _read_holder(fd: int) -> dict:
    """The holder's info from the locked file; {} when it is not (yet) written."""
    for _attempt in range(10):
        raw = os.pread(fd, 4096, 0)
        try:
            holder = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            holder = None
        if isinstance(holder, dict):
            return holder
        time.sleep(0.05)  # the holder took the lock a moment ago and is writing its info
    return {}


def _refusal(path: Path, holder: dict) -> BuildLocked:
    started = holder.get("started")
    when = (
        time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started))
        if isinstance(started, int | float)
        else "onbekend"
    )
    host = holder.get("host")
    on_host = f" op {host}" if host and host != socket.gethostname() else ""
    return BuildLocked(
        f"{path}: er loopt al een build (proces {holder.get('pid', 'onbekend')}{on_host}, "
        f"gestart {when}); wacht tot die klaar is"
    )


def _take(path: Path) -> int:
    """Open and lock ``path``; return the descriptor. Raises BuildLocked when held."""
    for _attempt in range(_ATTEMPTS):
        # No O_TRUNC: opening must not wipe the info of a build that holds the lock.
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise _refusal(path, holder) from None
        except BaseException:
            os.close(fd)
            raise
        if _is_at(fd, path):
            return fd
        os.close(fd)  # locked a file its holder deleted on exit: take the one at the path
    raise BuildLocked(f"{path}: de buildvergrendeling kon niet worden genomen")


@contextmanager
def build_lock(lock_dir: Path) -> Iterator[Path]:
    """Hold the build lock of ``lock_dir`` (created if needed) for the duration of the block.

    Yields the lock file's path. Raises BuildLocked, naming the process id and start time of
    the running build, when another build (in any process, this one included) holds it.
    """
    lock_dir.mkdir(parents=True, exist_ok=True)
    path = lock_dir / LOCK_NAME
    fd = _take(path)
    try:
        me = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode("utf-8"), 0)
        yield path
    finally:
        # Delete before letting go: whoever locks this file afterwards sees it is gone.
        if _is_at(fd, path):
            path.unlink(missing_ok=True)
        os.close(fd)
