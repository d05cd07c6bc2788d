"""An idle till with its camera on does no work frame after frame (issue 13 item 16): the
empty counter is neither decoded nor converted and repainted for the preview again and again;
a coupon coming into view is."""

from __future__ import annotations

import numpy as np

from posapp.scan import scenes
from posapp.ui.camera_bridge import TappedSource


class _Frames:
    name = "frames"

    def __init__(self, frames: list[np.ndarray]) -> None:
        self.frames = frames

    def open(self) -> None: ...

    def read(self) -> np.ndarray:
        return self.frames.pop(0)

    def close(self) -> None: ...


def test_the_preview_is_not_redrawn_for_an_unchanged_counter(monkeypatch) -> None:
    rng = np.random.default_rng(7)
    still = scenes.background(640, 480, rng)
    noisy = [
        np.clip(still + rng.normal(0, 4, still.shape), 0, 255).astype(np.uint8) for _ in range(60)
    ]
    coupon = scenes.paste(still, scenes.render_qr("ABCD-EFGH-JKLM", module_px=6), 200, 100)
    shown: list[np.ndarray] = []
    clock = iter(0.1 * i for i in range(1, 1000))  # every frame gets a preview slot
    monkeypatch.setattr("posapp.ui.camera_bridge.time.monotonic", lambda: next(clock))
    tap = TappedSource(_Frames([*noisy, coupon]), shown.append)
    for _ in range(61):
        tap.read()
    # the first frame, one refresh after 5 s of sameness, and the coupon: not 61 repaints
    assert 2 <= len(shown) <= 3, len(shown)
    assert shown[-1] is coupon
