"""Reload a screen's data in the background, one load at a time (Electrum's `need_update`).

A screen asks with `request()` whenever its data may have changed; a request while a load is in
flight is remembered and runs once after it, so a burst of changes costs at most two loads and
answers never arrive out of order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject

from posapp.ui.background import BackgroundOp

T = TypeVar("T")


class Reloader(Generic[T]):
    """`Reloader(screen, prepare, done, failed).request()`.

    prepare runs on the GUI thread and returns the call to make in the background (reading the
    screen's state, e.g. the chosen day, there and not on the worker), or None when there is
    nothing to load yet (the till service is still opening).
    """

    def __init__(
        self,
        parent: QObject,
        prepare: Callable[[], Callable[[], T] | None],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        self._parent = parent
        self._prepare = prepare
        self._done = done
        self._failed = failed
        self._busy = False
        self._again = False
        self.loads = 0  # how many loads were started (tests check a hidden screen stays quiet)

    @property
    def busy(self) -> bool:
        return self._busy

    def request(self) -> None:
        if self._busy:
            self._again = True
            return
        op = self._prepare()
        if op is None:
            return
        self._busy = True
        self.loads += 1
        BackgroundOp(self._parent, op, self._deliver).failure(self._fail).run_in_background()

    def _deliver(self, result: T) -> None:
        try:
            self._done(result)
        finally:
            self._settle()

    def _fail(self, error: BaseException) -> None:
        try:
            self._failed(error)
        finally:
            self._settle()

    def _settle(self) -> None:
        self._busy = False
        if self._again:
            self._again = False
            self.request()
