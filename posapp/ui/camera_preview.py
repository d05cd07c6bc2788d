"""The live camera picture. Frames arrive as QImages already converted off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class CameraPreview(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraPreview")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)  # "no camera" wraps on a narrow till
        self.setMinimumSize(QSize(200, 150))  # a 1024×768 till has room for no more
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._image: QImage | None = None
        self._state = "off"
        self.retranslate()

    def set_state(self, state: str) -> None:
        """'off' (no camera configured), 'starting', 'live' or 'failed'."""
        self._state = state
        if state != "live":
            self._image = None
            self.setPixmap(QPixmap())
        self.retranslate()

    def show_frame(self, image: QImage) -> None:
        self._image = image
        self._state = "live"
        self.setText("")
        self._paint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._paint()

    def _paint(self) -> None:
        if self._image is None or self._image.isNull():
            return
        pix = QPixmap.fromImage(self._image).scaled(
            self.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        self.setPixmap(pix)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        if self._state == "live":
            return
        texts = {
            "off": self.tr("No camera.\nUse the scanner or type the code."),
            "starting": self.tr("Starting the camera…"),
            "failed": self.tr("The camera is not working.\nUse the scanner or type the code."),
        }
        self.setText(texts.get(self._state, ""))
