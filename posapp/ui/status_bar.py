"""The always-visible strip: online/offline, cache age, queued write-offs, conflicts, user.

It shows the session's last status, which is re-read whenever the till says its status changed.
Only the cache age moves by itself; a slow timer redraws it from that same status (no I/O).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from posapp.sync.results import TillStatus, User
from posapp.ui import texts
from posapp.ui.i18n import fmt
from posapp.ui.session import Session
from posapp.ui.view_models import StatusView, status_view

AGE_TICK_MS = 30_000  # the cache age is shown in minutes at best


def _pill(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("pill", True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class TillStatusBar(QStatusBar):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tillStatus")
        self.setSizeGripEnabled(False)
        self.session = session
        self.view = StatusView()
        self.online = _pill("onlinePill")
        self.acceptor = _pill("acceptorPill")
        self.cache = _pill("cachePill")
        self.queued = _pill("queuedPill")
        self.conflicts = _pill("conflictsPill")
        self.user = _pill("userPill")
        for w in (self.online, self.acceptor, self.cache, self.queued, self.conflicts):
            self.addWidget(w)
        self.addPermanentWidget(self.user)
        self.age_tick = QTimer(self)
        self.age_tick.setInterval(AGE_TICK_MS)
        self.age_tick.timeout.connect(self._age_moved)
        self.age_tick.start()
        session.status_changed.connect(self._on_status)
        session.user_changed.connect(self._on_user)
        session.notice.connect(self._on_notice)
        self.retranslate()

    def _on_status(self, _status: TillStatus) -> None:
        self._age_moved()

    def _age_moved(self) -> None:
        elapsed = time.monotonic() - self.session.status_read_at
        self.view = status_view(self.session.status, elapsed)
        self.retranslate()

    def _on_user(self, _user: User | None) -> None:
        self.retranslate()

    def _on_notice(self, text: str) -> None:
        self.showMessage(text, 6000)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        v = self.view
        if v.known:
            self.online.setText(self.tr("● Online") if v.online else self.tr("● Offline"))
        else:
            self.online.setText(self.tr("● Starting…"))
        self.online.setProperty("state", "ok" if v.online else "bad")
        self.acceptor.setText(v.acceptor_name or self.tr("Till not registered"))
        self.cache.setText(fmt(self.tr("Cache: {age}"), age=texts.age(v.cache_age_s)))
        self.cache.setProperty("state", "warn" if v.cache_stale else "")
        self.queued.setText(fmt(self.tr("Queued: {n}"), n=v.queued))
        self.queued.setProperty("state", "warn" if v.queued else "")
        self.conflicts.setText(fmt(self.tr("Conflicts: {n}"), n=v.conflicts))
        self.conflicts.setProperty("state", "bad" if v.conflicts else "")
        user = self.session.user
        if user is None:
            self.user.setText(self.tr("Nobody logged in"))
        else:
            self.user.setText(
                fmt(
                    self.tr("{name} · {role}"),
                    name=user.name,
                    role=texts.role_name(self.session.role),
                )
            )
        for w in (self.online, self.cache, self.queued, self.conflicts):
            w.style().unpolish(w)
            w.style().polish(w)
