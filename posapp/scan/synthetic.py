"""A synthetic camera: a folder of images, a video file, or frames in memory, played at an FPS.

It implements the same `FrameSource` interface as a real camera, so the demo, the tests
and the benchmark exercise the camera worker's real code path: threads, frame dropping,
acceptance, status and recovery.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from posapp.scan.pipeline import Image
from posapp.scan.status import CameraStatus, SourceError

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".pgm"})


class SyntheticCamera:
    """Play frames at `fps`, looping by default; raise SourceError(ENDED) at the end otherwise."""

    def __init__(
        self,
        frames: Sequence[Image] | None = None,
        *,
        folder: str | os.PathLike[str] | None = None,
        video: str | os.PathLike[str] | None = None,
        fps: float = 15.0,
        loop: bool = True,
        name: str = "synthetic",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if sum(x is not None for x in (frames, folder, video)) != 1:
            raise ValueError("give exactly one of frames, folder or video")
        if fps <= 0:
            raise ValueError("fps must be positive")
        self._given = list(frames) if frames is not None else None
        self._folder = Path(folder) if folder is not None else None
        self._video = Path(video) if video is not None else None
        self.fps = fps
        self.loop = loop
        self._name = name if frames is not None else str(folder or video)
        self._clock = clock
        self._frames: list[Image] = []
        self._cap: Any = None
        self._index = 0
        self._next_due = 0.0
        self._interrupted = threading.Event()

    @classmethod
    def from_path(
        cls, path: str | os.PathLike[str], fps: float = 15.0, loop: bool = True
    ) -> SyntheticCamera:
        """A folder of images or a video file; which one is decided when opened."""
        p = Path(path)
        if p.is_dir():
            return cls(folder=p, fps=fps, loop=loop)
        return cls(video=p, fps=fps, loop=loop)

    @property
    def name(self) -> str:
        return self._name

    def open(self) -> None:
        self._interrupted.clear()
        self._index = 0
        self._next_due = self._clock()
        if self._given is not None:
            self._frames = self._given
        elif self._folder is not None:
            self._frames = self._load_folder(self._folder)
        elif self._video is not None:
            self._open_video(self._video)
        if self._cap is None and not self._frames:
            raise SourceError(CameraStatus.NOT_FOUND, f"no frames in {self._name}")

    def read(self) -> Image:
        # Pace like a camera: a frame every 1/fps seconds, never faster, however fast the
        # reader is; a late reader gets the next frame at once (a camera does not wait).
        now = self._clock()
        if self._next_due > now and self._interrupted.wait(self._next_due - now):
            raise SourceError(CameraStatus.STOPPED, "interrupted")
        self._next_due = max(self._next_due + 1 / self.fps, self._clock())
        frame = self._read_video() if self._cap is not None else self._read_list()
        return frame

    def interrupt(self) -> None:
        """Wake a read() waiting for its frame time (called by the worker from another thread)."""
        self._interrupted.set()

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def _read_list(self) -> Image:
        if self._index >= len(self._frames):
            if not self.loop:
                raise SourceError(CameraStatus.ENDED)
            self._index = 0
        frame = self._frames[self._index]
        self._index += 1
        return frame

    def _read_video(self) -> Image:
        ok, frame = self._cap.read()
        if not ok:
            if not self.loop:
                raise SourceError(CameraStatus.ENDED)
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._cap.read()
            if not ok:
                raise SourceError(CameraStatus.LOST, f"{self._name} cannot be read")
        return np.asarray(frame)

    def _open_video(self, path: Path) -> None:
        if not path.is_file():
            raise SourceError(CameraStatus.NOT_FOUND, f"{path} does not exist")
        cap = cv2.VideoCapture(str(path))
        if not cap.isOpened():
            cap.release()
            raise SourceError(CameraStatus.NOT_FOUND, f"{path} is not a readable video")
        self._cap = cap

    @staticmethod
    def _load_folder(folder: Path) -> list[Image]:
        if not folder.is_dir():
            raise SourceError(CameraStatus.NOT_FOUND, f"{folder} is not a folder")
        frames: list[Image] = []
        for p in sorted(folder.iterdir()):
            if p.suffix.lower() in IMAGE_SUFFIXES:
                img = cv2.imread(str(p), cv2.IMREAD_COLOR)
                if img is not None:  # skip unreadable files rather than stop the demo
                    frames.append(img)
        return frames
