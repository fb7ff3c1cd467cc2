"""One refresh at a time: a lock file beside the analytics store.

The file holds the holder's host, process id and start; a lock whose process is gone (same
host) or that is older than the time limit allows is stale, and is taken over.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

UNREADABLE_AFTER = 60.0  # seconds: a lock file still unreadable this long after is left over


class RefreshBusy(RuntimeError):
    """Another refresh holds the lock."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"another refresh is running ({holder}; lock {path})")
        self.swedish = f"en annan uppdatering pågår ({holder}; lås {path})"


def lock_path(store: Path) -> Path:
    return store.parent / f"{store.name}.refresh.lock"


@contextmanager
def refresh_lock(store: Path, stale_after: float) -> Iterator[None]:
    """Hold the refresh lock of ``store``; raise ``RefreshBusy`` when another holds it."""
    path = lock_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    mine = {"host": socket.gethostname(), "pid": os.getpid(), "started": time.time()}
    for _ in range(2):  # a stale lock is removed once, then taken
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            holder = _read(path)
            if not _stale(path, holder, stale_after):
                raise RefreshBusy(path, _describe(holder)) from None
            path.unlink(missing_ok=True)
            continue
        with os.fdopen(descriptor, "w") as file:
            json.dump(mine, file)
        break
    else:
        raise RefreshBusy(path, _describe(_read(path)))
    try:
        yield
    finally:
        if _read(path) == mine:
            path.unlink(missing_ok=True)


def _read(path: Path) -> dict[str, object]:
    try:
        found = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}  # unreadable or half-written: judged by the file's age
    return found if isinstance(found, dict) else {}


def _stale(path: Path, holder: dict[str, object], stale_after: float) -> bool:
    started, pid = holder.get("started"), holder.get("pid")
    if not isinstance(started, int | float) or not isinstance(pid, int):
        # Being written this moment, or left unreadable by a crash long ago.
        try:
            return time.time() - path.stat().st_mtime > UNREADABLE_AFTER
        except FileNotFoundError:
            return True
    if time.time() - started > stale_after:
        return True
    return holder.get("host") == socket.gethostname() and not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _describe(holder: dict[str, object]) -> str:
    started = holder.get("started")
    since = time.strftime("%H:%M:%S", time.gmtime(started)) if isinstance(started, float) else "?"
    return f"process {holder.get('pid', '?')} on {holder.get('host', '?')} since {since} UTC"
