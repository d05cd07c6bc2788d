"""Telling a camera frame that shows nothing new: an empty counter under a till camera, frame
after frame, is decoded once, not fifteen times a second (the idle demo used a tenth of a CPU
on it, a real till more with the preview).

The frame is shrunk by averaging to a thumbnail (each cell ~20×20 pixels of a 720p frame, so
sensor noise averages out) and compared with the thumbnail of the last frame that was really
decoded. A coupon coming into view changes dozens of cells by far more than the threshold.
A frame is also decoded at least every `refresh_s`, whatever the comparison says.
"""

from __future__ import annotations

import cv2
import numpy as np

from posapp.scan.decoder import Gray

THUMB = (64, 36)
LEVEL = 10  # grey levels a cell must move by to count as changed
CELLS = 2  # changed cells that make a frame new
REFRESH_S = 1.0


class StillScene:
    def __init__(self, refresh_s: float = REFRESH_S) -> None:
        self.refresh_s = refresh_s
        self._reference: np.ndarray | None = None
        self._at = 0.0

    def unchanged(self, image: Gray | np.ndarray, now: float) -> bool:
        """True when image shows what the last decoded frame showed (so decoding it again
        cannot find anything new); remember it as the reference when it is decoded."""
        thumb = _thumb(image)
        ref = self._reference
        if ref is not None and ref.shape == thumb.shape and now - self._at < self.refresh_s:
            changed = int(np.count_nonzero(np.abs(thumb - ref) > LEVEL))
            if changed < CELLS:
                return True
        self._reference, self._at = thumb, now
        return False

    def forget(self) -> None:
        """Decode the next frame whatever it shows (a code was just seen)."""
        self._reference = None


def _thumb(image: np.ndarray) -> np.ndarray:
    small = cv2.resize(image, THUMB, interpolation=cv2.INTER_AREA)
    if small.ndim == 3:
        small = small.mean(axis=2)
    return small.astype(np.int16)
