"""An exclusive lock file: one sync worker per till, across threads and processes.

The operating system drops the lock when its holder dies (even by SIGKILL), so a crashed
till never leaves a stale lock behind, unlike a lease row in the database.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from types import TracebackType


class LockBusy(Exception):
    """Another worker holds the lock."""


class FileLock:
    """A non-reentrant exclusive lock on a file; each acquire opens its own descriptor."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None
        self._guard = threading.Lock()

    def acquire(self, timeout: float = 0.0) -> None:
        """Take the lock, waiting up to timeout seconds; raise LockBusy otherwise."""
        deadline = time.monotonic() + timeout
        got = (
            self._guard.acquire(timeout=timeout)
            if timeout > 0
            else self._guard.acquire(blocking=False)
        )
        if not got:
            raise LockBusy(str(self.path))
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            while True:
                if _try_lock(fd):
                    self._fd = fd
                    return
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockBusy(str(self.path))
                time.sleep(0.02)
        except BaseException:
            self._guard.release()
            raise

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            _unlock(fd)
            os.close(fd)
            self._guard.release()

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
