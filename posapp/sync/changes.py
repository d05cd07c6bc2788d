"""What an operation on the till changed, told to whoever listens (Anki's OpChanges idea).

The till service emits a `Change` after every operation that changed what a screen shows, from
whichever thread ran it (a GUI worker, the sync worker, the CLI). A listener refreshes only what
the change names, instead of polling the database. No Qt here: the GUI hands each change over to
its own thread itself.
"""

from __future__ import annotations

import enum
import itertools
import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Change(enum.Flag):
    """The kinds of state an operation may have changed; combine them with `|`."""

    NONE = 0
    STATUS = enum.auto()  # online/offline, last error, cache age, queue and conflict counts
    LEDGER = enum.auto()  # write-offs, reversals, the outbox
    CONFLICTS = enum.auto()  # the manager's conflict inbox
    CACHE = enum.auto()  # rules, codes and users pulled from the service


Listener = Callable[[Change], None]


class ChangeHub:
    """Thread-safe fan-out of changes to subscribed callbacks.

    Callbacks run on the emitting thread, one emit at a time, and must be quick (hand the change
    to another thread, don't do the work). One that raises is logged and the others still run.
    Once `unsubscribe()` has returned, the callback is never called again, so its owner can be
    torn down right after (a Qt object deleted while a worker still calls into it would crash).
    """

    def __init__(self) -> None:
        # Held while callbacks run: unsubscribing waits for a dispatch in progress to end.
        # Re-entrant, so a callback may subscribe or unsubscribe (itself or others).
        self._lock = threading.RLock()
        self._listeners: dict[int, Listener] = {}
        self._ids = itertools.count()

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Call callback with every change from now on; return the function that stops it."""
        with self._lock:
            key = next(self._ids)
            self._listeners[key] = callback

        def unsubscribe() -> None:
            with self._lock:
                self._listeners.pop(key, None)

        return unsubscribe

    def emit(self, change: Change) -> None:
        """Tell every listener what changed. Never raises because of a listener."""
        if not change:
            return
        with self._lock:
            for key in list(self._listeners):
                callback = self._listeners.get(key)  # unsubscribed by an earlier callback?
                if callback is None:
                    continue
                try:
                    callback(change)
                except Exception:
                    log.exception("a change listener failed on %s", change)

    @property
    def listeners(self) -> int:
        with self._lock:
            return len(self._listeners)


def after_sync(pulled: int = 0, pushed: int = 0) -> Change:
    """What a sync (or one cycle of the sync worker) changed.

    STATUS always: online/offline, the last error and the cache age move with every contact.
    Pulled items changed the cache; pushed items were answered (confirmed, conflict, rejected)
    or retried, which changes the ledger and may open conflicts.
    """
    change = Change.STATUS
    if pulled:
        change |= Change.CACHE
    if pushed:
        change |= Change.LEDGER | Change.CONFLICTS
    return change
