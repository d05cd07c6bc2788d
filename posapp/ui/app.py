"""Start the till app: the Qt application, translations, style, the till service and the window.

The till service is opened (database migrations, registration file) on a background thread; the
window is up at once and the login screen waits for it.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from posapp.resources import resource
from posapp.settings import Paths, TillSettings, unescape
from posapp.ui import i18n
from posapp.ui.background import BackgroundOp, BackgroundRunner
from posapp.ui.camera_bridge import CameraBridge
from posapp.ui.links import Links
from posapp.ui.main_window import MainWindow
from posapp.ui.session import Session

if TYPE_CHECKING:
    from posapp.sync.service import TillService  # opened in the background (SQLAlchemy, requests)
    from posapp.ui.wedge import WedgeFilter

log = logging.getLogger(__name__)

APP_NAME = "posapp"


def has_display() -> bool:
    """Tell whether Qt can open a window here (or was told which platform to use)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


NO_DISPLAY_MESSAGE = (
    "posapp: no display to open the till window on (DISPLAY and WAYLAND_DISPLAY are unset).\n"
    "Run it on a desktop, or under a virtual X server:  xvfb-run -a {command}\n"
    "or without any window:  QT_QPA_PLATFORM=offscreen {command}"
)


def application() -> QApplication:
    """The one QApplication, made on first use, with the till's font, style and translations."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    apply_style(app)
    return app


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setFamilies(["Noto Sans", "Noto Sans CJK SC", "Droid Sans Fallback", "DejaVu Sans"])
    font.setPointSize(13)
    app.setFont(font)
    try:
        app.setStyleSheet(resource("styles", "till.qss").read_text(encoding="utf-8"))
    except OSError as e:
        log.warning("no stylesheet: %s", e)


@dataclass
class TillApp:
    """What `open_till` made; `close()` stops every timer, thread and worker it started and
    deletes every Qt object it made, before it returns."""

    app: QApplication
    session: Session
    window: MainWindow
    runner: BackgroundRunner
    camera: CameraBridge
    wedge: WedgeFilter | None = None
    on_close: list[Callable[[], None]] = field(default_factory=list)
    links: Links = field(default_factory=Links)
    closed: bool = False

    @property
    def service(self) -> TillService | None:
        return self.session.service

    def close(self) -> None:
        """Shut the app down deterministically. Call it from outside the window's own handlers
        (after `exec()` returns, or from a test), since the window is deleted here."""
        if self.closed:
            return
        self.closed = True
        self.links.close()  # from here on no signal reaches this object
        self.session.stop()  # unsubscribed: no till-service thread calls into Qt any more
        self.camera.stop()
        self._drop_wedge()
        self.window.idle.disarm()
        for fn in reversed(self.on_close):
            try:
                fn()
            except Exception:
                log.exception("error while closing")
        self.window.close()
        self.runner.shutdown()
        service = self.session.service
        if service is not None:
            service.close()
        # Deleted now, children with their parents, rather than left for PySide to destroy at
        # interpreter exit in arbitrary order (which deleted one widget twice: rc 139).
        for obj in (self.window, self.camera, self.session, self.runner):
            if shiboken6.isValid(obj):
                obj.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    # --- what the app wires together ------------------------------------------------------
    def _camera_status(self, status: str, _device: str) -> None:
        self.window.redeem.camera.set_state(_preview_state(status))

    def _camera_scanned(self, text: str, _captured_at: float) -> None:
        self.session.feed_scan(text, "camera")

    def _wedge_scanned(self, text: str) -> None:
        self.session.feed_scan(text, "scanner")

    def _settings_saved(self) -> None:
        self._drop_wedge()
        self._add_wedge()
        self.window.idle.set_seconds(self.session.settings.idle_lock_s)
        _start_camera(self)

    def _add_wedge(self) -> None:
        self.wedge = _install_wedge(self.app, self.session.settings)
        if self.wedge is not None:
            self.wedge.scanned.connect(self._wedge_scanned)

    def _drop_wedge(self) -> None:
        wedge, self.wedge = self.wedge, None
        if wedge is not None and shiboken6.isValid(wedge):
            wedge.uninstall()
            wedge.deleteLater()  # its connection to _wedge_scanned goes with it


def open_till(
    paths: Paths,
    *,
    service: TillService | None = None,
    language: str | None = None,
    start_background: bool = True,
    show: bool = True,
) -> TillApp:
    """Build the window for the till in paths. The service opens in the background unless given."""
    app = application()
    settings = TillSettings.load(paths)
    i18n.install(language or settings.language)
    runner = BackgroundRunner.instance()
    session = Session(service, paths, settings)
    window = MainWindow(session)
    camera = CameraBridge()
    till = TillApp(app, session, window, runner, camera)
    till.links.connect(camera.frame, window.redeem.camera.show_frame)
    till.links.connect(camera.status, till._camera_status)
    till.links.connect(camera.scanned, till._camera_scanned)
    till.links.connect(window.settings.saved, till._settings_saved)
    till._add_wedge()
    if service is not None:
        _service_ready(till, service, start_background)
    else:
        window.login.set_waiting(True)

        def opened(svc: TillService) -> None:
            _service_ready(till, svc, start_background)

        def failed(error: BaseException) -> None:
            window.login.set_waiting(False)
            window.login.message.setText(str(error))

        BackgroundOp(window, lambda: _open_service(paths), opened).failure(
            failed
        ).run_in_background()
    if show:
        window.show()
    return till


def _open_service(paths: Paths) -> TillService:
    from posapp.sync.service import TillService

    return TillService.open(paths)


def _service_ready(till: TillApp, service: TillService, start_background: bool) -> None:
    if till.closed:
        service.close()
        return
    till.session.service = service
    till.window.login.set_waiting(False)
    if start_background:
        interval = till.session.settings.sync_interval_s
        BackgroundOp(
            till.window, lambda: service.start_background(interval), _ignore
        ).run_in_background()
    till.session.start()
    _start_camera(till)
    till.session.service_ready.emit(service)


def _ignore(_result: object) -> None:
    pass


def _install_wedge(app: QApplication, settings: TillSettings) -> WedgeFilter | None:
    """The app-wide USB scanner filter, with the prefix/suffix from settings."""
    try:
        from posapp.scan.wedge import WedgeConfig
        from posapp.ui.wedge import install_wedge
    except ImportError as e:  # pragma: no cover - the scanning layer is part of the app
        log.warning("no USB scanner support: %s", e)
        return None
    config = WedgeConfig(
        prefix=unescape(settings.scanner_prefix), suffix=unescape(settings.scanner_suffix)
    )
    return install_wedge(app, config)


def _start_camera(till: TillApp) -> None:
    if till.closed or till.session.demo:
        return  # the demo runs its own synthetic camera
    try:
        till.camera.start(till.session.settings.camera)
    except Exception as e:  # a bad setting must not stop the till: scanner and typing still work
        log.warning("camera %r not started: %s", till.session.settings.camera, e)
        till.window.redeem.camera.set_state("failed")


def _preview_state(status: str) -> str:
    return {
        "off": "off",
        "stopped": "off",
        "starting": "starting",
        "ready": "live",
        "not_found": "failed",
        "busy": "failed",
        "lost": "failed",
        "ended": "off",
    }.get(status, "off")


def run(paths: Paths, language: str | None = None) -> int:
    """Open the till app and run until the window closes."""
    till = open_till(paths, language=language)
    code = till.app.exec()
    till.close()
    return int(code)
