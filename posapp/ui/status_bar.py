"""The always-visible strip: online/offline, cache age, queued write-offs, conflicts, user."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from posapp.ui import texts
from posapp.ui.i18n import fmt
from posapp.ui.session import Session
from posapp.ui.view_models import StatusView, status_view


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
        session.status_changed.connect(self._on_status)
        session.user_changed.connect(lambda _u: self.retranslate())
        session.notice.connect(lambda text: self.showMessage(text, 6000))
        self.retranslate()

    def _on_status(self, status: Any) -> None:
        self.view = status_view(status)
        self.retranslate()

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
                    name=getattr(user, "name", "?"),
                    role=texts.role_name(self.session.role),
                )
            )
        for w in (self.online, self.cache, self.queued, self.conflicts):
            w.style().unpolish(w)
            w.style().polish(w)
