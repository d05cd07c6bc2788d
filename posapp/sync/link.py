"""The till's link to the central service: its files, its registration, HTTP clients, locks.

One `Link` per open till. It owns the shared client (safe across threads), hands out
short-lived clients with a tight timeout for calls a cashier waits on, holds the two lock
files that make sure one till never pulls (or pushes) twice at once, across threads and
processes, and what the pushes learnt of the service's speed (batch sizes).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posapp.settings import Paths
from posapp.sync.client import CentralClient
from posapp.sync.config import TillConfig, load_config, save_config
from posapp.sync.errors import NotRegistered
from posapp.sync.lock import FileLock
from posapp.sync.pusher import BatchSizer

# A cashier is waiting on a scan of an unknown code: look it up quickly or not at all.
LOOKUP_TIMEOUT = (3.05, 4.0)  # (connect, read) seconds
LOOKUP_DEADLINE_S = 4.0  # the whole lookup (pull and question), however the server drips
# A write-off as the cashier waits: a lookup of an unknown code, then the push of the answer.
WRITE_OFF_DEADLINE_S = 6.0


@dataclass(frozen=True)
class TillFiles:
    """Where one till keeps its database, registration and lock files."""

    db: Path
    config: Path
    lock_dir: Path

    @classmethod
    def from_paths(cls, paths: Paths) -> TillFiles:
        return cls(db=paths.till_db, config=paths.till_config, lock_dir=paths.data_dir)


class Link:
    """The registration, the clients and the sync locks of one till."""

    def __init__(self, files: TillFiles) -> None:
        self.files = files
        files.lock_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.pull_lock = FileLock(files.lock_dir / "till.pull.lock")
        self.push_lock = FileLock(files.lock_dir / "till.push.lock")
        self._lock = threading.Lock()
        self._client: CentralClient | None = None
        self._config: TillConfig | None = load_config(files.config)
        # What the pushes learnt of how fast this service takes write-offs (pusher.py).
        self.batch_sizer = BatchSizer()

    @property
    def registered(self) -> bool:
        return self._config is not None

    @property
    def server(self) -> str | None:
        return self._config.server if self._config else None

    def client(self) -> CentralClient:
        """The shared client; raise NotRegistered before the till is registered."""
        with self._lock:
            if self._config is None:
                raise NotRegistered()
            if self._client is None:
                self._client = CentralClient(self._config.server, self._config.token)
            return self._client

    def quick_client(self) -> CentralClient:
        """A client of its own with a short timeout, for a call a cashier waits on.

        A hanging service must not hold the cashier for the background sync's long read
        timeout; the caller closes it.
        """
        config = self._config
        if config is None:
            raise NotRegistered()
        return CentralClient(
            config.server, config.token, timeout=LOOKUP_TIMEOUT, deadline_s=LOOKUP_DEADLINE_S
        )

    def check_registration(self, server: str, token: str) -> dict[str, Any]:
        """Ask the service who the token belongs to (/v1/me), before anything is stored."""
        config = TillConfig(server=server.strip(), token=token.strip())
        client = CentralClient(config.server, config.token)
        try:
            return client.me()
        finally:
            client.close()

    def save_registration(self, server: str, token: str) -> None:
        """Store the registration (owner-only file) and use it from now on."""
        save_config(self.files.config, TillConfig(server=server.strip(), token=token.strip()))
        with self._lock:
            if self._client is not None:
                self._client.close()
            self._client = None
            self._config = load_config(self.files.config)

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None
