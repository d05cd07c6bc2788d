"""What every screen shares: the till service, the logged-in user, the till status, scans.

The status is refreshed from a coalescing timer (Electrum's `need_update`): anything that may
change it calls `mark_status_dirty()`, and at most one `status()` call is in flight at a time.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from posapp.settings import Paths
from posapp.ui.background import BackgroundOp
from posapp.ui.i18n import set_display_zone
from posapp.ui.preferences import UiPrefs

log = logging.getLogger(__name__)

STATUS_COALESCE_MS = 150
STATUS_POLL_MS = 2000


class Session(QObject):
    user_changed = Signal(object)  # User | None
    status_changed = Signal(object)  # TillStatus
    scanned = Signal(str, str)  # text, source ("camera", "scanner", "manual", "image", "demo")
    written_off = Signal(object)  # a RedeemResult that committed
    language_changed = Signal(str)
    notice = Signal(str)  # a short message for the status bar
    service_ready = Signal(object)

    def __init__(self, service: Any, paths: Paths, prefs: UiPrefs, parent: QObject | None = None):
        super().__init__(parent)
        self.service = service
        self.paths = paths
        self.prefs = prefs
        self.user: Any = None
        self.status: Any = None
        self.demo = False
        self._status_busy = False
        self._status_again = False
        self._dirty = QTimer(self)
        self._dirty.setSingleShot(True)
        self._dirty.setInterval(STATUS_COALESCE_MS)
        self._dirty.timeout.connect(self._refresh_status)
        self._poll = QTimer(self)
        self._poll.setInterval(STATUS_POLL_MS)
        self._poll.timeout.connect(self.mark_status_dirty)

    # --- user -----------------------------------------------------------------------------
    def set_user(self, user: Any) -> None:
        self.user = user
        self.user_changed.emit(user)
        self.mark_status_dirty()

    def lock(self) -> None:
        self.set_user(None)

    @property
    def role(self) -> str:
        role = getattr(self.user, "role", "") or ""
        return str(getattr(role, "value", role))

    @property
    def cashier_id(self) -> str:
        return str(getattr(self.user, "id", "") or "")

    # --- status ---------------------------------------------------------------------------
    def start(self) -> None:
        self._poll.start()
        self.mark_status_dirty()

    def stop(self) -> None:
        self._poll.stop()
        self._dirty.stop()

    def mark_status_dirty(self) -> None:
        if not self._dirty.isActive():
            self._dirty.start()

    def _refresh_status(self) -> None:
        if self.service is None:
            return
        if self._status_busy:
            self._status_again = True
            return
        self._status_busy = True
        BackgroundOp(self, self.service.status, self._got_status).failure(
            self._status_failed
        ).run_in_background()

    def _got_status(self, status: Any) -> None:
        self._status_busy = False
        self.status = status
        set_display_zone(getattr(status, "timezone", None))
        self.status_changed.emit(status)
        self._maybe_again()

    def _status_failed(self, error: BaseException) -> None:
        self._status_busy = False
        log.warning("status refresh failed: %s", error)
        self._maybe_again()

    def _maybe_again(self) -> None:
        if self._status_again:
            self._status_again = False
            self.mark_status_dirty()

    # --- scans ----------------------------------------------------------------------------
    def feed_scan(self, text: str, source: str) -> None:
        """Every scan, from any source, enters here on the GUI thread."""
        self.scanned.emit(text, source)
