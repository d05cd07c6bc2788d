"""Signal connections an object makes to signals that may outlive it, undone together on close.

Electrum's `qt_event_listener` idea: whatever registers a callback on something longer-lived
unregisters it when it closes. A slot left connected keeps its owner alive through C++ and runs
on a half torn-down object; a connection recorded here cannot be forgotten.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Callable
from typing import ParamSpec

from PySide6.QtCore import SignalInstance

log = logging.getLogger(__name__)

P = ParamSpec("P")


class Links:
    def __init__(self) -> None:
        self._undo: list[Callable[[], None]] = []

    def connect(self, signal: SignalInstance, slot: Callable[P, None]) -> None:
        """signal.connect(slot), remembered for `close()`."""
        signal.connect(slot)
        self._undo.append(lambda: _disconnect(signal, slot))

    def on_close(self, undo: Callable[[], None]) -> None:
        """Run undo at close (e.g. the unsubscribe function of a ChangeHub)."""
        self._undo.append(undo)

    def close(self) -> None:
        """Undo everything, newest first. A failing undo is logged; the others still run."""
        undo, self._undo = self._undo, []
        for fn in reversed(undo):
            try:
                fn()
            except Exception:
                log.exception("could not undo a connection")

    def __len__(self) -> int:
        return len(self._undo)


def _disconnect(signal: SignalInstance, slot: Callable[P, None]) -> None:
    # The sender may be gone already (its connections went with it): nothing left to undo.
    with warnings.catch_warnings(), contextlib.suppress(RuntimeError, TypeError):
        warnings.simplefilter("ignore", RuntimeWarning)
        signal.disconnect(slot)
