"""The Help menu: the About box (version from package metadata) and "Copy diagnostics"."""

from __future__ import annotations

import logging
import platform
from collections.abc import Callable
from dataclasses import asdict

import PySide6
from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from posapp import __version__
from posapp.ui.background import BackgroundOp
from posapp.ui.i18n import current_language, fmt
from posapp.ui.session import Session

log = logging.getLogger(__name__)


def runtime_info() -> dict[str, str]:
    """What the Qt side knows about itself (cheap; read on the GUI thread)."""
    app = QGuiApplication.instance()
    return {
        "qt": f"{qVersion()} (PySide6 {PySide6.__version__})",
        "qt platform": QGuiApplication.platformName() if app is not None else "-",
        "language": current_language(),
    }


class DiagnosticsCopier:
    """Gather the diagnostics in the background, put them on the clipboard, say so."""

    def __init__(self, session: Session, owner: QWidget) -> None:
        self.session = session
        self.owner = owner

    def copy(self, done: Callable[[str], None] | None = None) -> None:
        from posapp.diagnostics import gather

        service = self.session.service
        paths = self.session.paths
        settings = asdict(self.session.settings)  # frozen: safe to hand to the worker
        runtime = runtime_info()

        def copied(text: str) -> None:
            QGuiApplication.clipboard().setText(text)
            self.session.notice.emit(
                QCoreApplication.translate(
                    "DiagnosticsCopier",
                    "Diagnostics copied. Paste them into your message to support.",
                )
            )
            if done is not None:
                done(text)

        def failed(error: BaseException) -> None:
            log.warning("diagnostics failed: %s", error)
            self.session.notice.emit(
                fmt(
                    QCoreApplication.translate(
                        "DiagnosticsCopier", "Could not gather the diagnostics: {error}"
                    ),
                    error=str(error),
                )
            )

        BackgroundOp(self.owner, lambda: gather(service, paths, settings, runtime), copied).failure(
            failed
        ).run_in_background()


class AboutDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.session = session
        self.copier = DiagnosticsCopier(session, self)
        self.title = QLabel()
        self.title.setObjectName("aboutTitle")
        self.version = QLabel()
        self.version.setObjectName("aboutVersion")
        self.version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.blurb = QLabel()
        self.blurb.setWordWrap(True)
        self.details = QLabel()
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("copyDiagnostics")
        self.copy_button.clicked.connect(self._copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.title, self.version, self.blurb, self.details):
            layout.addWidget(w)
        layout.addWidget(buttons)
        self.retranslate()

    def _copy(self) -> None:
        self.copy_button.setEnabled(False)
        self.copier.copy(done=lambda _text: self.copy_button.setEnabled(True))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("About posapp"))
        self.title.setText(self.tr("posapp coupon till"))
        self.version.setText(fmt(self.tr("Version {version}"), version=__version__))
        self.blurb.setText(self.tr("Scans, checks and writes off coupons, online and offline."))
        paths = self.session.paths
        self.details.setText(
            fmt(
                self.tr("Qt {qt}, Python {python}\nData: {data}\nLogs: {logs}"),
                qt=qVersion(),
                python=platform.python_version(),
                data=str(paths.data_dir),
                logs=str(paths.log_dir),
            )
        )
        self.copy_button.setText(self.tr("Copy diagnostics"))


class HelpMenu(QMenu):
    """Help ▸ About posapp, Copy diagnostics. Works before anyone logs in (support needs that)."""

    about_opened = Signal(object)  # the AboutDialog, for tests

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpMenu")
        self.session = session
        self.copier = DiagnosticsCopier(session, self)
        self.about_action = self.addAction("")
        self.about_action.setObjectName("aboutAction")
        self.about_action.triggered.connect(self.show_about)
        self.copy_action = self.addAction("")
        self.copy_action.setObjectName("copyDiagnosticsAction")
        self.copy_action.triggered.connect(self._copy)
        self.retranslate()

    def _copy(self) -> None:
        self.copier.copy()

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.session, self.parentWidget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.about_opened.emit(dialog)
        return dialog

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Help"))
        self.about_action.setText(self.tr("About posapp"))
        self.copy_action.setText(self.tr("Copy diagnostics"))


class HelpButton(QToolButton):
    """The Help menu as a button at the end of the status bar: a menu bar holding only "Help"
    costs a whole row, which a 768-pixel till screen does not have; the status bar is always
    there, on the login screen too."""

    def __init__(self, menu: HelpMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpButton")
        self.setMenu(menu)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoRaise(True)
        menu.menuAction().changed.connect(lambda: self.setText(menu.title()))
        self.setText(menu.title())


def install_help_menu(window: QMainWindow, session: Session) -> HelpMenu:
    """Put the Help menu at the end of the window's status bar."""
    menu = HelpMenu(session, window)
    window.statusBar().addPermanentWidget(HelpButton(menu))
    return menu
