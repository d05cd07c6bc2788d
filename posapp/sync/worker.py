"""The background sync worker: one plain thread per till that pulls, pushes and retries.

Offline, it retries with capped exponential back-off and jitter (as Electrum's
NetworkRetryManager does); a new write-off nudges it so the outbox drains promptly.
The GUI never touches this thread: it reads `TillService.status()` from its own workers.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from posapp.store.ledger import next_due
from posapp.sync.changes import Change, after_sync
from posapp.sync.errors import SyncError
from posapp.sync.lock import LockBusy
from posapp.sync.outbox import backoff_delay
from posapp.sync.pusher import Pusher

if TYPE_CHECKING:
    from posapp.sync.service import TillService

log = logging.getLogger(__name__)

IDENTITY_EVERY = 20  # cycles between /v1/me refreshes (policy and acceptor changes)


class SyncWorker:
    def __init__(self, till: TillService, interval_s: float = 15.0) -> None:
        self.till = till
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="posapp-sync", daemon=True)
        self._failures = 0
        self._changed = Change.STATUS  # what the current cycle changed, told after it

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def start(self) -> None:
        self._thread.start()

    def nudge(self) -> None:
        """Wake the worker now (a write-off was queued, or the cashier asked for a sync)."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        cycle = 0
        while not self._stop.is_set():
            ok = False
            self._changed = Change.STATUS
            try:
                ok = self._cycle(cycle)
            except Exception:  # the worker must outlive any one bad cycle
                log.exception("sync cycle failed")
            self.till.changes.emit(self._changed)
            cycle += 1
            self._failures = 0 if ok else self._failures + 1
            wait = self.interval_s if ok else min(self.interval_s, backoff_delay(self._failures))
            wait = self._until_next_due(wait)
            self._wake.wait(wait)
            self._wake.clear()

    def _cycle(self, cycle: int) -> bool:
        if not self.till.registered:
            return True
        from posapp.sync.engine import SyncEngine

        client = self.till._require_client()
        ok = True
        try:
            self.till.pull_lock.acquire(timeout=0.5)
        except LockBusy:
            pass  # someone else (sync_now) is pulling right now
        else:
            try:
                engine = SyncEngine(self.till.db, client, self.till.clock)
                if cycle % IDENTITY_EVERY == 0:
                    engine.refresh_identity()
                report = engine.pull()
                ok = report.error is None
                self._changed |= after_sync(pulled=report.items)
            except SyncError:
                ok = False
            finally:
                self.till.pull_lock.release()
        if self._stop.is_set():
            return ok
        try:
            self.till.push_lock.acquire(timeout=0.5)
        except LockBusy:
            return ok
        try:
            pushed = Pusher(self.till.db, client, self.till.clock).push()
            ok = ok and pushed.error is None
            self._changed |= after_sync(pushed=pushed.sent)
        finally:
            self.till.push_lock.release()
        return ok

    def _until_next_due(self, wait: float) -> float:
        """Wake early when an outbox row's back-off ends before the chosen wait."""
        with self.till.db.read() as s:
            due = next_due(s)
        if due is None:
            return wait
        seconds = (due - self.till.clock()).total_seconds()
        return max(0.5, min(wait, seconds))
