"""Where frames come from: a real camera through OpenCV, or (synthetic.py) images and videos.

The camera worker only knows the `FrameSource` interface, so the synthetic camera used by
the demo and the tests runs through exactly the same code as a real camera.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np

from posapp.scan.pipeline import Image
from posapp.scan.status import CameraStatus, SourceError

log = logging.getLogger(__name__)


class FrameSource(Protocol):
    """open() then read() frames until close(). Both raise SourceError with a status."""

    @property
    def name(self) -> str: ...

    def open(self) -> None: ...

    def read(self) -> Image:
        """Return the next frame, blocking at most about one frame interval."""
        ...

    def close(self) -> None: ...


def _device_node(device: int | str) -> Path | None:
    """The Linux device file behind a camera, to tell 'missing' from 'busy'."""
    if not sys.platform.startswith("linux"):
        return None
    if isinstance(device, int):
        return Path(f"/dev/video{device}")
    return Path(device) if device.startswith("/dev/") else None


class OpenCvCamera:
    """A camera opened by index (0, 1, ...) or path/URL through cv2.VideoCapture."""

    def __init__(
        self, device: int | str, width: int | None = None, height: int | None = None
    ) -> None:
        self.device = device
        self.width = width
        self.height = height
        self._cap: Any = None

    @property
    def name(self) -> str:
        return str(self.device)

    def open(self) -> None:
        self.close()
        node = _device_node(self.device)
        if node is not None and not node.exists():
            raise SourceError(CameraStatus.NOT_FOUND, f"{node} does not exist")
        cap = cv2.VideoCapture(self.device)
        if not cap.isOpened():
            cap.release()
            status = CameraStatus.BUSY if node is not None else CameraStatus.NOT_FOUND
            if node is not None and not os.access(node, os.R_OK | os.W_OK):
                raise SourceError(status, f"no permission on {node}")
            raise SourceError(status, "VideoCapture could not open the device")
        # A one-frame driver buffer: frames waiting in the driver are stale by the time
        # they are read, and stale frames are latency the cashier feels.
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        if self.width and self.height:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        self._cap = cap

    def read(self) -> Image:
        if self._cap is None:
            raise SourceError(CameraStatus.LOST, "not open")
        ok, frame = self._cap.read()
        if not ok or frame is None:
            raise SourceError(CameraStatus.LOST, "read() returned no frame")
        return np.asarray(frame)

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


def open_source(
    device: int | str, fps: float = 15.0, width: int | None = None, height: int | None = None
) -> FrameSource:
    """Pick the source for a settings value: a camera index or path, or a sample folder/video.

    "0", 0, "/dev/video2", "rtsp://..." are cameras; an existing folder or a video file
    that is not a device is a synthetic camera looping its images at `fps`.
    """
    if isinstance(device, str) and device.strip().isdigit():
        device = int(device.strip())
    if isinstance(device, str) and not device.startswith("/dev/") and "://" not in device:
        from posapp.scan.synthetic import SyntheticCamera

        return SyntheticCamera.from_path(device, fps=fps)
    return OpenCvCamera(device, width, height)
