"""The till's sync worker, started and stopped on demand, telling what each cycle changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from posapp.store.db import Database
from posapp.sync import cycle, queue
from posapp.sync.changes import ChangeHub, after_sync
from posapp.sync.link import Link
from posapp.sync.worker import SyncWorker


class Background:
    """At most one running SyncWorker for a till (worker.py does the looping)."""

    def __init__(
        self, db: Database, link: Link, clock: Callable[[], datetime], changes: ChangeHub
    ) -> None:
        self.db, self.link, self.clock, self.changes = db, link, clock, changes
        self._worker: SyncWorker | None = None

    @property
    def running(self) -> bool:
        return self._worker is not None and self._worker.running

    def start(self, interval_s: float) -> None:
        if self.running:
            return
        self._worker = SyncWorker(
            self._cycle, lambda: queue.seconds_until_due(self.db, self.clock), interval_s
        )
        self._worker.start()

    def stop(self, timeout: float = 30.0) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop(timeout)

    def nudge(self) -> None:
        """A write-off or reversal was queued: let the worker send it now."""
        if self._worker is not None:
            self._worker.nudge()

    def _cycle(self, number: int) -> bool:
        report = cycle.background_cycle(self.db, self.link, self.clock, number)
        self.changes.emit(after_sync(pulled=report.pulled, pushed=report.pushed))
        return report.error is None
