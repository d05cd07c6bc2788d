"""The background sync worker: one plain thread per till that runs sync cycles and retries.

Offline, it retries with capped exponential back-off and jitter (as Electrum's
NetworkRetryManager does), up to a minute apart; a new write-off nudges it so the outbox
drains promptly, and a write-off that finds the service back wakes it (redeeming.py).
It knows nothing of the till service: it is handed the cycle to run and a way to ask when
the next queued write-off is due. The GUI never touches this thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from posapp.sync.outbox import backoff_delay

log = logging.getLogger(__name__)

FAILING_CAP_S = 60.0  # the longest wait between cycles while they fail


class SyncWorker:
    """Run `cycle(number) -> ok` every interval, sooner when nudged or when work falls due."""

    def __init__(
        self,
        cycle: Callable[[int], bool],
        seconds_until_due: Callable[[], float | None],
        interval_s: float = 15.0,
    ) -> None:
        self._cycle = cycle
        self._seconds_until_due = seconds_until_due
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="posapp-sync", daemon=True)
        self._failures = 0

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

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
        number = 0
        while not self._stop.is_set():
            ok = False
            try:
                ok = self._cycle(number)
            except Exception:  # the worker must outlive any one bad cycle
                log.exception("sync cycle failed")
            number += 1
            self._failures = 0 if ok else self._failures + 1
            wait = self.interval_s if ok else self._backoff()
            self._wake.wait(self._until_next_due(wait))
            self._wake.clear()

    def _backoff(self) -> float:
        """After a failed cycle: soon at first (a blip), then longer, past the interval too,
        so a service that is down or lying is not asked as often as a healthy one."""
        return backoff_delay(self._failures, cap=max(self.interval_s, FAILING_CAP_S))

    def _until_next_due(self, wait: float) -> float:
        """Wake early when an outbox row's back-off ends before the chosen wait."""
        try:
            due = self._seconds_until_due()
        except Exception:
            log.exception("could not read when the outbox is next due")
            return wait
        if due is None:
            return wait
        return max(0.5, min(wait, due))
