"""Log in with user and PIN against the till's cached users (works offline), with quick switch."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.sync.results import LoginRefusal, User
from posapp.ui.background import BackgroundOp
from posapp.ui.session import Session
from posapp.ui.view_models import login_outcome

MAX_RECENT = 6


class LoginView(QWidget):
    logged_in = Signal(object)
    refused = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginView")
        self.session = session
        self._busy = False
        self._waiting = False
        self._submit_when_ready = False  # Enter pressed while the till was still opening
        self.title = QLabel()
        self.title.setObjectName("loginTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = QLabel()
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setProperty("role", "hint")
        self.user_label = QLabel()
        self.user = QLineEdit()
        self.user.setObjectName("loginUser")
        self.pin_label = QLabel()
        self.pin = QLineEdit()
        self.pin.setObjectName("loginPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.user.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.submit)
        self.button = QPushButton()
        self.button.setObjectName("loginButton")
        self.button.setAutoDefault(True)
        self.button.clicked.connect(self.submit)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.recent_label = QLabel()
        self.recent_label.setProperty("role", "hint")
        self.recent_row = QHBoxLayout()
        self._recent_buttons: list[QPushButton] = []

        box = QFrame()
        box.setObjectName("loginBox")
        form = QVBoxLayout(box)
        form.setSpacing(10)
        form.addWidget(self.title)
        form.addWidget(self.subtitle)
        form.addSpacing(12)
        form.addWidget(self.recent_label)
        form.addLayout(self.recent_row)
        form.addWidget(self.user_label)
        form.addWidget(self.user)
        form.addWidget(self.pin_label)
        form.addWidget(self.pin)
        form.addWidget(self.button)
        form.addWidget(self.message)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        col = QVBoxLayout()
        col.addStretch(1)
        col.addWidget(box)
        col.addStretch(2)
        outer.addLayout(col, 2)
        outer.addStretch(1)
        self.retranslate()
        self.refresh_recent()

    def set_waiting(self, waiting: bool) -> None:
        """While the till service is still opening the form takes typing as usual; a login
        asked for meanwhile goes ahead as soon as the till is open (it used to be dropped)."""
        self._waiting = waiting
        self.message.setText(self.tr("Opening the till…") if waiting else "")
        if not waiting and self._submit_when_ready:
            self._submit_when_ready = False
            self.submit()

    def scan_refused(self) -> None:
        """A coupon scanned at the lock screen: nothing is checked until someone logs in."""
        self.message.setText(self.tr("Log in first, then scan the coupon again."))
        self.refused.emit(self.message.text())

    def reset(self, message: str = "") -> None:
        # Locked: the next person types their own name (or picks it from the recent row).
        # Keeping the last name with the cursor in the PIN field made a newcomer's typed
        # name count as a wrong PIN against the previous user.
        self.user.clear()
        self.pin.clear()
        self.message.setText(message)
        self.refresh_recent()
        self.user.setFocus()

    def refresh_recent(self) -> None:
        for b in self._recent_buttons:
            self.recent_row.removeWidget(b)
            b.deleteLater()
        self._recent_buttons = []
        names = self.session.settings.recent_users[:MAX_RECENT]
        for name in names:
            b = QPushButton(name)
            b.setProperty("role", "recentUser")
            b.clicked.connect(lambda _c=False, n=name: self.pick(n))  # the button's own signal
            self.recent_row.addWidget(b)
            self._recent_buttons.append(b)
        self.recent_label.setVisible(bool(names))

    def pick(self, name: str) -> None:
        self.user.setText(name)
        self.pin.clear()
        self.pin.setFocus()

    def submit(self) -> None:
        service = self.session.service
        if self._busy:
            return
        who, pin = self.user.text().strip(), self.pin.text()
        if not who or not pin:
            self.message.setText(self.tr("Type your name and PIN."))
            (self.user if not who else self.pin).setFocus()
            return
        if service is None:
            self._submit_when_ready = True
            self.message.setText(self.tr("Opening the till… you are logged in as soon as it is."))
            return
        self._busy = True
        self.button.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        BackgroundOp(self, lambda: service.login(who, pin), self._answered).failure(
            self._failed
        ).run_in_background()

    def _answered(self, result: User | LoginRefusal) -> None:
        self._busy = False
        self.button.setEnabled(True)
        user, message = login_outcome(result)
        self.pin.clear()
        if user is None:
            self.message.setText(message)
            self.pin.setFocus()
            self.refused.emit(message)
            return
        self.message.clear()
        self._remember(user.name)
        self.logged_in.emit(user)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.button.setEnabled(True)
        self.pin.clear()
        self.message.setText(str(error))
        self.refused.emit(str(error))

    def _remember(self, name: str) -> None:
        settings = self.session.settings.remembering(name, MAX_RECENT)
        self.session.settings = settings
        paths = self.session.paths
        BackgroundOp(self, lambda: settings.save(paths), _ignore).run_in_background()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Coupon till"))
        self.subtitle.setText(self.tr("Log in with your name and PIN"))
        self.recent_label.setText(self.tr("Switch user:"))
        self.user_label.setText(self.tr("Name"))
        self.pin_label.setText(self.tr("PIN"))
        self.user.setPlaceholderText(self.tr("Your name"))
        self.button.setText(self.tr("Log in  (Enter)"))


def _ignore(_result: object) -> None:
    pass
