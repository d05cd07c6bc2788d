"""The one background-op helper: run a slow call off the GUI thread, get the result back by signal.

In the style of Anki's QueryOp::

    BackgroundOp(self, lambda: service.check(text, basket), self._show).failure(self._oops).run()

Work runs on a QThreadPool; the result crosses back to the GUI thread through a queued signal on a
relay object that lives in the GUI thread. A callback whose parent widget has been deleted is
dropped, never called (Electrum PR #3599). Two lanes keep a hanging server from blocking local
work: "local" (one thread, so local cache calls stay in order) and "net" (several threads).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")

LOCAL = "local"
NET = "net"


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits `done`, Qt queues it to `_deliver`."""

    done = Signal(object, object)

    def __init__(self, finish: Callable[[object, object], None]) -> None:
        super().__init__()
        self._finish: Callable[[object, object], None] | None = finish
        self.done.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, result: object, error: object) -> None:
        finish, self._finish = self._finish, None
        if finish is not None:
            finish(result, error)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result, error = self._fn(), None
        except BaseException as e:  # delivered to the failure callback on the GUI thread
            result, error = None, e
        with contextlib.suppress(RuntimeError):  # the relay is gone: the runner was shut down
            self._relay.done.emit(result, error)


class BackgroundRunner(QObject):
    """Owns the thread pools and counts what is in flight (tests wait for it to drain)."""

    failed = Signal(str)  # a failure nobody handled: shown in the status bar
    busy_changed = Signal(bool)

    _instance: BackgroundRunner | None = None

    def __init__(self) -> None:
        super().__init__()
        self._pools: dict[str, QThreadPool] = {}
        for lane, threads in ((LOCAL, 1), (NET, 4)):
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
            pool.setExpiryTimeout(5000)
            self._pools[lane] = pool
        self._relays: set[_Relay] = set()
        self._lock = threading.Lock()
        self._closed = False

    @classmethod
    def instance(cls) -> BackgroundRunner:
        if cls._instance is None or not shiboken6.isValid(cls._instance):
            cls._instance = BackgroundRunner()
        return cls._instance

    @property
    def in_flight(self) -> int:
        return len(self._relays)

    def submit(self, op: BackgroundOp[T]) -> None:
        if self._closed:
            log.debug("runner closed; dropping %s", op)
            return
        relay = _Relay(op._finish)
        self._relays.add(relay)
        if len(self._relays) == 1:
            self.busy_changed.emit(True)
        op._relay = relay
        self._pools.get(op._lane, self._pools[LOCAL]).start(_Task(op._op, relay))

    def _release(self, relay: _Relay | None) -> None:
        if relay is not None and relay in self._relays:
            self._relays.discard(relay)
            relay.deleteLater()
            if not self._relays:
                self.busy_changed.emit(False)

    def wait_idle(self, timeout_s: float = 10.0) -> bool:
        """Wait (processing queued results) until no op is in flight. For tests and shutdown."""
        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + timeout_s
        while self._relays and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            for pool in self._pools.values():
                pool.waitForDone(10)
        return not self._relays

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Refuse new work, drop pending results, and wait for running work to end."""
        self._closed = True
        done = True
        for pool in self._pools.values():
            pool.clear()
            done = pool.waitForDone(timeout_ms) and done
        for relay in list(self._relays):
            relay._finish = None
            self._release(relay)
        if BackgroundRunner._instance is self:
            BackgroundRunner._instance = None
        return done


class BackgroundOp(Generic[T]):
    """One call off the GUI thread: `BackgroundOp(parent, op, success).run_in_background()`."""

    def __init__(
        self,
        parent: QObject | None,
        op: Callable[[], T],
        success: Callable[[T], None],
    ) -> None:
        self._parent = parent
        self._op = op
        self._success = success
        self._failure: Callable[[BaseException], None] | None = None
        self._finally: Callable[[], None] | None = None
        self._lane = LOCAL
        self._relay: _Relay | None = None
        self._runner: BackgroundRunner | None = None

    def failure(self, callback: Callable[[BaseException], None]) -> BackgroundOp[T]:
        self._failure = callback
        return self

    def finally_(self, callback: Callable[[], None]) -> BackgroundOp[T]:
        """Run after success or failure (e.g. to re-enable a button)."""
        self._finally = callback
        return self

    def on_network(self) -> BackgroundOp[T]:
        """Run on the network lane, so a hanging server never holds up local work."""
        self._lane = NET
        return self

    def run_in_background(self, runner: BackgroundRunner | None = None) -> None:
        self._runner = runner or BackgroundRunner.instance()
        self._runner.submit(self)

    def _alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def _finish(self, result: object, error: object) -> None:
        runner = self._runner
        try:
            if not self._alive():
                return
            if isinstance(error, BaseException):
                if self._failure is not None:
                    self._failure(error)
                else:
                    log.error("background op failed", exc_info=error)
                    if runner is not None:
                        runner.failed.emit(str(error) or type(error).__name__)
            else:
                self._success(result)  # type: ignore[arg-type]
            if self._finally is not None and self._alive():
                self._finally()
        finally:
            if runner is not None:
                runner._release(self._relay)
            self._relay = None


def run_op(
    parent: QObject | None,
    op: Callable[[], T],
    success: Callable[[T], None],
    failure: Callable[[BaseException], None] | None = None,
    network: bool = False,
) -> None:
    """Shorthand for the common case."""
    bop = BackgroundOp(parent, op, success)
    if failure is not None:
        bop.failure(failure)
    if network:
        bop.on_network()
    bop.run_in_background()
