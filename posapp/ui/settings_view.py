"""Settings: server and device registration, camera, scanner prefix/suffix, language.

The business day's cut-off is the store's, set by head office, and only shown here.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from posapp.sync.results import TillStatus
from posapp.ui import i18n
from posapp.ui.background import BackgroundOp
from posapp.ui.i18n import fmt
from posapp.ui.session import Session


class SettingsView(QWidget):
    saved = Signal()
    registered = Signal(object)  # the TillStatus after registering

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsView")
        self.session = session
        # registration
        self.reg_box = QGroupBox()
        self.server = QLineEdit()
        self.server.setObjectName("settingsServer")
        self.token = QLineEdit()
        self.token.setObjectName("settingsToken")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.register_button = QPushButton()
        self.register_button.clicked.connect(self.register_till)
        self.reg_message = QLabel()
        self.reg_message.setWordWrap(True)
        self.server_label, self.token_label = QLabel(), QLabel()
        rf = QFormLayout(self.reg_box)
        rf.addRow(self.server_label, self.server)
        rf.addRow(self.token_label, self.token)
        rf.addRow("", self.register_button)
        rf.addRow("", self.reg_message)
        # this till
        self.till_box = QGroupBox()
        self.camera = QComboBox()
        self.camera.setObjectName("settingsCamera")
        self.camera.setEditable(True)
        self.prefix = QLineEdit()
        self.prefix.setObjectName("settingsPrefix")
        self.suffix = QLineEdit()
        self.suffix.setObjectName("settingsSuffix")
        self.cutoff = QLabel()
        self.cutoff.setObjectName("settingsCutoff")
        self.idle = QSpinBox()
        self.idle.setRange(30, 3600)
        self.idle.setSingleStep(30)
        self.language = QComboBox()
        self.language.setObjectName("settingsLanguage")
        self.camera_label, self.prefix_label, self.suffix_label = QLabel(), QLabel(), QLabel()
        self.cutoff_label, self.idle_label, self.language_label = QLabel(), QLabel(), QLabel()
        tf = QFormLayout(self.till_box)
        tf.addRow(self.camera_label, self.camera)
        tf.addRow(self.prefix_label, self.prefix)
        tf.addRow(self.suffix_label, self.suffix)
        tf.addRow(self.cutoff_label, self.cutoff)
        tf.addRow(self.idle_label, self.idle)
        tf.addRow(self.language_label, self.language)
        self.save_button = QPushButton()
        self.save_button.setObjectName("settingsSave")
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setProperty("role", "hint")
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.message, 1)
        # the form scrolls on a small till screen instead of pushing the status bar off it
        form = QWidget()
        form.setObjectName("settingsForm")
        lay = QVBoxLayout(form)
        lay.setContentsMargins(16, 16, 16, 8)
        lay.addWidget(self.reg_box)
        lay.addWidget(self.till_box)
        lay.addLayout(row)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.retranslate()
        self.load()

    def activate(self) -> None:
        self.load()

    def load(self) -> None:
        p = self.session.settings
        status = self.session.status
        self.server.setText(status.server or "" if status is not None else "")
        self._show_camera(p.camera)
        self.prefix.setText(p.scanner_prefix)
        self.suffix.setText(p.scanner_suffix)
        self.idle.setValue(p.idle_lock_s)
        idx = self.language.findData(p.language)
        self.language.setCurrentIndex(max(0, idx))
        self._show_cutoff()

    # The camera box shows "no camera" in the till's language; the settings file says "none".
    def _camera_value(self) -> str:
        text = self.camera.currentText().strip()
        return "none" if text in ("", "none", self.camera.itemText(0)) else text

    def _show_camera(self, value: str) -> None:
        if value == "none":
            self.camera.setCurrentIndex(0)
            self.camera.setEditText(self.camera.itemText(0))
        else:
            self.camera.setCurrentText(value)

    def _show_cutoff(self) -> None:
        status = self.session.status
        hour = status.cutoff_hour if status is not None else None
        self.cutoff.setText(
            fmt(self.tr("{hour}:00, set by head office for the store"), hour=f"{hour:02d}")
            if hour is not None
            else self.tr("set by head office for the store")
        )

    def save(self) -> None:
        old = self.session.settings
        new = replace(
            old,
            camera=self._camera_value(),
            scanner_prefix=self.prefix.text(),
            scanner_suffix=self.suffix.text(),
            idle_lock_s=self.idle.value(),
            language=str(self.language.currentData() or "system"),
        )
        self.session.settings = new
        changed_lang = new.language != old.language
        paths = self.session.paths
        BackgroundOp(self, lambda: new.save(paths), lambda _r: self._saved(changed_lang)).failure(
            self._save_failed
        ).run_in_background()

    def _save_failed(self, error: BaseException) -> None:
        self.message.setText(str(error))

    def _saved(self, changed_lang: bool) -> None:
        if changed_lang:
            lang = i18n.install(self.session.settings.language)
            self.session.language_changed.emit(lang)
        self.message.setText(self.tr("Saved."))
        self.saved.emit()

    def register_till(self) -> None:
        server, token = self.server.text().strip(), self.token.text().strip()
        if not server or not token:
            self.reg_message.setText(self.tr("Type the server address and the device token."))
            return
        service = self.session.service
        if service is None:
            return
        self.register_button.setEnabled(False)
        self.reg_message.setText(self.tr("Registering…"))
        BackgroundOp(self, lambda: service.register(server, token), self._registered).failure(
            self._not_registered
        ).finally_(self._register_settled).on_network().run_in_background()

    def _not_registered(self, error: BaseException) -> None:
        self.reg_message.setText(fmt(self.tr("Not registered: {error}"), error=str(error)))

    def _register_settled(self) -> None:
        self.register_button.setEnabled(True)

    def _registered(self, result: TillStatus) -> None:
        self.token.clear()
        self.reg_message.setText(self.tr("Registered. The till is syncing."))
        self.registered.emit(result)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.reg_box.setTitle(self.tr("Head office connection"))
        self.server_label.setText(self.tr("Server address"))
        self.token_label.setText(self.tr("Device token"))
        self.server.setPlaceholderText("https://coupons.example.com")
        self.token.setPlaceholderText(self.tr("shown once when the till is created"))
        self.register_button.setText(self.tr("Register this till"))
        self.till_box.setTitle(self.tr("This till"))
        self.camera_label.setText(self.tr("Camera"))
        self.camera.setToolTip(
            self.tr("No camera, a camera number (0, 1, …), or a folder of pictures")
        )
        current = self._camera_value() if self.camera.count() else "none"
        if self.camera.count() == 0:
            self.camera.addItems(["", "0", "1"])
        self.camera.setItemText(0, self.tr("No camera"))
        self._show_camera(current)
        self.prefix_label.setText(self.tr("Scanner prefix"))
        self.suffix_label.setText(self.tr("Scanner suffix"))
        self.suffix.setToolTip(
            self.tr("What the USB scanner sends after a code, e.g. \\r for Enter")
        )
        self.cutoff_label.setText(self.tr("Business day starts at"))
        self._show_cutoff()
        self.idle_label.setText(self.tr("Lock after idle (seconds)"))
        self.language_label.setText(self.tr("Language"))
        current = self.language.currentData() or self.session.settings.language
        self.language.blockSignals(True)
        self.language.clear()
        self.language.addItem(self.tr("System default"), "system")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.language.blockSignals(False)
        self.save_button.setText(self.tr("Save settings"))
