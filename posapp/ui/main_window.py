"""The till window: the login screen, or the tabs the logged-in role may use; the status bar.

Every screen is made once and owned by the window, whether the role sees it or not: a screen on
no tab waits on a hidden shelf, so it is deleted with the window instead of outliving it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from posapp.sync.results import User
from posapp.ui.about import install_help_menu
from posapp.ui.history_view import HistoryView
from posapp.ui.i18n import fmt
from posapp.ui.idle import IdleLock
from posapp.ui.login import LoginView
from posapp.ui.manager.conflicts_view import ConflictsView
from posapp.ui.manager.tally_view import TallyView
from posapp.ui.redeem_view import RedeemView
from posapp.ui.reversal import ReversalView
from posapp.ui.session import Session
from posapp.ui.settings_view import SettingsView
from posapp.ui.status_bar import TillStatusBar

log = logging.getLogger(__name__)

Page = RedeemView | ReversalView | HistoryView | TallyView | ConflictsView | SettingsView

# Which tabs each role sees, in order.
ROLE_TABS = {
    "cashier": ("redeem", "reverse", "history"),
    "partner": ("redeem", "history"),
    "manager": ("redeem", "reverse", "history", "tally", "conflicts", "settings"),
}
TAB_KEYS = {
    "redeem": Qt.Key.Key_F1,
    "reverse": Qt.Key.Key_F2,
    "history": Qt.Key.Key_F3,
    "tally": Qt.Key.Key_F4,
    "conflicts": Qt.Key.Key_F5,
    "settings": Qt.Key.Key_F6,
}


PREFERRED_SIZE = (1280, 800)


def initial_size(window: QWidget) -> tuple[int, int]:
    """1280×800, or the screen's free area when it is smaller (a 1366×768 or 1024×768 till)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return PREFERRED_SIZE
    free = screen.availableGeometry()
    return min(PREFERRED_SIZE[0], free.width()), min(PREFERRED_SIZE[1], free.height())


REDEEM_SOURCES = ("manual", "image")  # the Redeem screen's typed field, a dropped picture


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session = session
        self.resize(*initial_size(self))
        self.login = LoginView(session)
        self.login.logged_in.connect(session.set_user)
        self._shelf = QWidget(self)
        self._shelf.hide()
        self.redeem = RedeemView(session, parent=self._shelf)
        self.reverse = ReversalView(session, self._shelf)
        self.history = HistoryView(session, self._shelf)
        self.tally = TallyView(session, self._shelf)
        self.conflicts = ConflictsView(session, self._shelf)
        self.settings = SettingsView(session, self._shelf)
        self.pages: dict[str, Page] = {
            "redeem": self.redeem,
            "reverse": self.reverse,
            "history": self.history,
            "tally": self.tally,
            "conflicts": self.conflicts,
            "settings": self.settings,
        }
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.lock_button = QPushButton()
        self.lock_button.setObjectName("lockButton")
        self.lock_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lock_button.clicked.connect(self.lock)
        self.mode_label = QLabel()
        self.mode_label.setObjectName("modeLabel")
        corner = QWidget()
        cl = QHBoxLayout(corner)
        cl.setContentsMargins(0, 0, 8, 0)
        cl.addWidget(self.mode_label)
        cl.addWidget(self.lock_button)
        self.tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        work = QWidget()
        wl = QVBoxLayout(work)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addWidget(self.tabs)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.login)
        self.stack.addWidget(work)
        self.setCentralWidget(self.stack)
        self.status = TillStatusBar(session)
        self.setStatusBar(self.status)
        self.help_menu = install_help_menu(self, session)
        self.idle = IdleLock(session.settings.idle_lock_s, self)
        self.idle.idle.connect(self._idle_lock)
        for name, key in TAB_KEYS.items():
            QShortcut(QKeySequence(key), self, lambda n=name: self.show_page(n))
        QShortcut(QKeySequence(Qt.Key.Key_F12), self, self.lock)
        session.user_changed.connect(self._user_changed)
        session.scanned.connect(self._route_scan)
        self._user_changed(session.user)
        self.retranslate()

    # --- navigation -----------------------------------------------------------------------
    def show_page(self, name: str) -> bool:
        page = self.pages.get(name)
        idx = self.tabs.indexOf(page) if page is not None else -1
        if idx < 0 or self.session.user is None:
            return False
        self.tabs.setCurrentIndex(idx)
        return True

    def current_page(self) -> str:
        w = self.tabs.currentWidget()
        return next((n for n, p in self.pages.items() if p is w), "")

    def _tab_changed(self, _idx: int) -> None:
        current = self.tabs.currentWidget()
        for page in self.pages.values():
            if page is current:
                page.activate()

    def _route_scan(self, text: str, source: str) -> None:
        """Every scan goes to the screen that is up: the Reverse screen finds the write-off;
        anywhere else it is checked on the Redeem screen; the lock screen says to log in.
        What the Redeem screen's own field or a picture dropped on it sends stays there."""
        if self.session.user is None:
            self.login.scan_refused()
            return
        if self.current_page() == "reverse" and source not in REDEEM_SOURCES:
            self.reverse.find_scanned(text)
            return
        if self.current_page() != "redeem":
            self.show_page("redeem")
        self.redeem.on_scan(text, source)

    def _user_changed(self, user: User | None) -> None:
        if user is None:
            self.idle.disarm()
            self.tabs.clear()
            self.stack.setCurrentWidget(self.login)
            self.login.reset()
            self.retranslate()
            return
        role = self.session.role
        partner = role == "partner"
        self.redeem.set_partner(partner)
        self.history.set_partner(partner)
        self.tabs.blockSignals(True)
        self.tabs.clear()
        for name in ROLE_TABS.get(role, ROLE_TABS["cashier"]):
            self.tabs.addTab(self.pages[name], "")
        self.tabs.blockSignals(False)
        self.retranslate()
        self.stack.setCurrentIndex(1)
        self.tabs.setCurrentIndex(0)
        self.redeem.reset()
        self.idle.set_seconds(self.session.settings.idle_lock_s)
        self.idle.arm()

    def lock(self) -> None:
        self.session.lock()

    def _idle_lock(self) -> None:
        if self.session.user is not None and not self.session.demo:
            self.session.lock()
            self.login.message.setText(self.tr("Locked after a while without use. Log in again."))

    # --- text -----------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        titles = {
            "redeem": self.tr("Redeem  F1"),
            "reverse": self.tr("Reverse  F2"),
            "history": self.tr("History  F3"),
            "tally": self.tr("Daily tally  F4"),
            "conflicts": self.tr("Conflicts  F5"),
            "settings": self.tr("Settings  F6"),
        }
        for name, title in titles.items():
            idx = self.tabs.indexOf(self.pages[name])
            if idx >= 0:
                self.tabs.setTabText(idx, title)
        self.lock_button.setText(self.tr("Lock  F12"))
        self.lock_button.setToolTip(self.tr("Lock the till, or switch user"))
        role = self.session.role
        self.mode_label.setText(self.tr("Partner merchant mode") if role == "partner" else "")
        title = self.tr("Coupon till")
        if self.session.demo:
            title = fmt(self.tr("{title} — demo"), title=title)
        self.setWindowTitle(title)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.disarm()
        self.session.stop()
        super().closeEvent(event)
