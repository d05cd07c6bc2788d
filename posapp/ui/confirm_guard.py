"""No write-off in the moment after a scan: a scan's own Enter must never confirm it.

The wedge eats a late terminator it can tie to a scan (posapp/scan/wedge.py); this guard
is the second line, for everything the wedge cannot tell apart: a scanner whose Enter
comes later still, a camera read that lands while the cashier is pressing Enter for the
previous coupon, a double-pressed key. A person reads a verdict before confirming it,
which takes longer than the guard, so a deliberate key or click is never refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable

GUARD_S = 0.5


class ConfirmGuard:
    def __init__(self, hold_s: float = GUARD_S, clock: Callable[[], float] = time.monotonic):
        self.hold_s = hold_s
        self._clock = clock
        self._until = 0.0

    def arm(self) -> None:
        """A scan arrived or a verdict appeared: hold confirmations for a moment."""
        self._until = self._clock() + self.hold_s

    def ready(self) -> bool:
        return self._clock() >= self._until
