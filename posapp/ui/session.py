"""What every screen shares: the till service, the logged-in user, the till status, scans.

The GUI does not poll. The till service says what each operation changed (`service.changes`,
posapp/sync/changes.py), from whatever thread ran it; the session hands that over to the GUI
thread through a queued signal, gathers a burst into one (mark dirty, refresh from a single-shot
timer: Electrum's `need_update`), re-reads the status when it changed, with at most one
`status()` call in flight, and tells the screens through `changed`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from posapp.settings import Paths, TillSettings
from posapp.sync.changes import Change
from posapp.sync.results import TillStatus, User
from posapp.ui.i18n import set_display_zone
from posapp.ui.reload import Reloader

if TYPE_CHECKING:  # imported when the till opens, in the background (SQLAlchemy, requests)
    from posapp.sync.service import TillService

log = logging.getLogger(__name__)

COALESCE_MS = 150  # changes arriving within this are handled as one
EVERYTHING = Change.STATUS | Change.LEDGER | Change.CONFLICTS | Change.CACHE


class Session(QObject):
    user_changed = Signal(object)  # User | None
    status_changed = Signal(object)  # TillStatus
    changed = Signal(object)  # Change: what the till's operations changed, gathered
    scanned = Signal(str, str)  # text, source ("camera", "scanner", "manual", "image", "demo")
    written_off = Signal(object)  # a RedeemResult that committed
    language_changed = Signal(str)
    notice = Signal(str)  # a short message for the status bar
    service_ready = Signal(object)  # the TillService, once open
    _arrived = Signal(int)  # a Change's value, emitted on any thread

    def __init__(
        self,
        service: TillService | None,
        paths: Paths,
        settings: TillSettings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.paths = paths
        self.settings = settings
        self.user: User | None = None
        self.status: TillStatus | None = None
        self.status_read_at = 0.0  # time.monotonic() when status was read
        self.demo = False
        self._pending = Change.NONE
        self._unsubscribe: Callable[[], None] | None = None
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self._flush)
        # Queued even when emitted on the GUI thread: a change is handled from the event loop,
        # never in the middle of whatever emitted it.
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)
        self._status = Reloader(self, self._status_op, self._got_status, self._status_failed)

    # --- user -----------------------------------------------------------------------------
    def set_user(self, user: User | None) -> None:
        self.user = user
        self.user_changed.emit(user)
        self.mark_status_dirty()

    def lock(self) -> None:
        self.set_user(None)

    @property
    def role(self) -> str:
        return self.user.role if self.user is not None else ""

    @property
    def cashier_id(self) -> str:
        return self.user.id if self.user is not None else ""

    # --- changes and status ---------------------------------------------------------------
    def start(self) -> None:
        """Listen to the till service's changes (once it is open) and read its status."""
        if self.service is None or self._unsubscribe is not None:
            return
        self._unsubscribe = self.service.changes.subscribe(self._from_service)
        self._note(EVERYTHING)

    def stop(self) -> None:
        """Stop listening; once this returns the service never calls into the session again."""
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            unsubscribe()
        self._coalesce.stop()
        self._pending = Change.NONE

    def mark_status_dirty(self) -> None:
        self._note(Change.STATUS)

    def _from_service(self, change: Change) -> None:
        # Called on the service's threads: only hand the change over, never touch anything.
        self._arrived.emit(change.value)

    def _on_arrived(self, value: int) -> None:
        if self._unsubscribe is not None:  # a change queued just before stop() is dropped
            self._note(Change(value))

    def _note(self, change: Change) -> None:
        self._pending |= change
        if not self._coalesce.isActive():
            self._coalesce.start()

    def _flush(self) -> None:
        change, self._pending = self._pending, Change.NONE
        if Change.STATUS in change:
            self._status.request()
        if change:
            self.changed.emit(change)

    def _status_op(self) -> Callable[[], TillStatus] | None:
        service = self.service
        return service.status if service is not None else None

    def _got_status(self, status: TillStatus) -> None:
        self.status = status
        self.status_read_at = time.monotonic()
        set_display_zone(status.timezone)
        self.status_changed.emit(status)

    def _status_failed(self, error: BaseException) -> None:
        log.warning("status refresh failed: %s", error)

    # --- scans ----------------------------------------------------------------------------
    def feed_scan(self, text: str, source: str) -> None:
        """Every scan, from any source, enters here on the GUI thread."""
        self.scanned.emit(text, source)
