"""The camera worker's callbacks, turned into Qt signals.

The scanning layer's `CameraWorker` runs on its own threads and calls back from them; this
bridge only emits signals (queued to the GUI thread, since the bridge lives there) and never
touches a widget. Preview frames are tapped from the frame source on the capture thread,
throttled, and converted to QImage there, so the GUI thread only paints.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

if TYPE_CHECKING:  # OpenCV and the decoders load with the first camera, not with the window
    from posapp.scan.camera import CameraScan, CameraWorker
    from posapp.scan.pipeline import Image
    from posapp.scan.sources import FrameSource
    from posapp.scan.status import CameraEvent

log = logging.getLogger(__name__)

PREVIEW_FPS = 12.0
PREVIEW_REFRESH_S = 5.0  # an unchanged picture is still redrawn this often


@runtime_checkable
class Interruptible(Protocol):
    """A frame source whose blocking read() can be cut short (the synthetic camera's can)."""

    def interrupt(self) -> None: ...


def to_qimage(frame: Image) -> QImage:
    """A numpy frame (gray or BGR) as a QImage that owns its pixels."""
    import numpy as np

    a = np.ascontiguousarray(frame)
    h, w = a.shape[:2]
    if a.ndim == 2:
        fmt = QImage.Format.Format_Grayscale8
    elif a.shape[2] == 3:
        fmt = QImage.Format.Format_BGR888
    else:
        a = np.ascontiguousarray(a[:, :, :3])
        fmt = QImage.Format.Format_BGR888
    return QImage(a.data, w, h, a.strides[0], fmt).copy()


class TappedSource:
    """A frame source that also hands every few frames to on_frame (for the preview); a frame
    showing what the picture on screen already shows is not handed over (an idle counter
    would otherwise be converted and repainted twelve times a second)."""

    def __init__(
        self, inner: FrameSource, on_frame: Callable[[Image], None], fps: float = PREVIEW_FPS
    ) -> None:
        self.inner = inner
        self._on_frame = on_frame
        self._every = 1.0 / fps
        self._last = 0.0
        from posapp.scan.stillness import StillScene  # OpenCV: loaded with the camera

        self._still = StillScene(refresh_s=PREVIEW_REFRESH_S)

    @property
    def name(self) -> str:
        return str(self.inner.name)

    def open(self) -> None:
        self.inner.open()

    def read(self) -> Image:
        frame = self.inner.read()
        now = time.monotonic()
        if now - self._last >= self._every:
            self._last = now
            try:
                if not self._still.unchanged(frame, now):
                    self._on_frame(frame)
            except Exception:
                log.exception("preview callback failed")
        return frame

    def close(self) -> None:
        self.inner.close()

    def interrupt(self) -> None:
        if isinstance(self.inner, Interruptible):
            self.inner.interrupt()


class CameraBridge(QObject):
    """Start/stop the camera worker; re-emit what it reports as signals."""

    frame = Signal(QImage)
    # One per code: text, capture time (time.monotonic()). Each code once while it stays in
    # view (the worker's debounce); codes held up together come one after another, in the
    # frame's reading order (rows top to bottom, each left to right).
    scanned = Signal(str, float)
    status = Signal(str, str)  # CameraStatus value, device name

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker: CameraWorker | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._worker is not None and bool(self._worker.running)

    def start(self, device: str | None = None, source: FrameSource | None = None) -> bool:
        """Run the camera: a settings value ("0", a folder...) or a ready frame source."""
        from posapp.scan.camera import CameraWorker
        from posapp.scan.sources import open_source

        self.stop()
        if source is None:
            if not device or device == "none":
                self.status.emit("off", "")
                return False
            source = open_source(device)
        tapped = TappedSource(source, self._on_frame)
        self._worker = CameraWorker(tapped, self._on_scan, self._on_status)
        self._worker.start()
        return True

    def stop(self, timeout: float = 5.0) -> bool:
        worker, self._worker = self._worker, None
        if worker is None:
            return True
        return bool(worker.stop(timeout))

    # --- called on the camera's threads: emit only ------------------------------------------
    def _on_frame(self, frame: Image) -> None:
        self.frame.emit(to_qimage(frame))

    def _on_scan(self, scan: CameraScan) -> None:
        self.scanned.emit(scan.result.text, scan.captured_at)

    def _on_status(self, event: CameraEvent) -> None:
        self.status.emit(event.status.value, event.device)
