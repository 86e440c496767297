"""The build lock: the operating system's file lock, refused with the holder's process id while
held, free as soon as its holder lets go, and never taken on a file its holder deleted."""

from __future__ import annotations

import json
import os
import re

import pytest

from pipelines import lock
from pipelines.lock import LOCK_NAME, BuildLocked, build_lock
from tests.pipelines.lock_holder import lock_held_by_child

_STARTED = r"gestart \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\); wacht tot die klaar is"


def test_a_second_taker_in_another_process_is_refused_naming_the_first(tmp_path):
    with lock_held_by_child(tmp_path) as child:
        holder = json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))
        assert holder["pid"] == child.pid
        message = re.escape(f"er loopt al een build (proces {child.pid}, ") + _STARTED
        with pytest.raises(BuildLocked, match=message), build_lock(tmp_path):
            pytest.fail("took a lock that another process holds")
        # Refused takers open the file too: the holder's info must survive them.
        assert json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8")) == holder
    # The holder let go: the lock is free and its file gone.
    assert not (tmp_path / LOCK_NAME).exists()
    with build_lock(tmp_path) as path:
        assert json.loads(path.read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert not path.exists()


def test_a_second_taker_in_the_same_process_is_refused(tmp_path):
    refused = pytest.raises(BuildLocked, match=f"proces {os.getpid()}, ")
    with build_lock(tmp_path), refused, build_lock(tmp_path):
        pytest.fail("took a lock that this process holds")


def test_a_file_its_holder_deleted_is_not_taken(tmp_path, monkeypatch):
    # Between our open() and our flock() the holder finished: it deleted the file we opened and
    # let go. Our flock on that deleted file succeeds, but it locks nothing anyone else sees.
    path = tmp_path / LOCK_NAME
    flock = lock.fcntl.flock
    calls = []

    def holder_exits_first(fd, operation):
        calls.append(os.fstat(fd).st_ino)
        if len(calls) == 1:
            path.unlink()
        return flock(fd, operation)

    monkeypatch.setattr(lock.fcntl, "flock", holder_exits_first)
    with build_lock(tmp_path):
        assert len(calls) == 2  # tried again on a new file
        assert os.stat(path).st_ino == calls[1]
        assert json.loads(path.read_text(encoding="utf-8"))["pid"] == os.getpid()
