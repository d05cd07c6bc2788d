"""The decoding pipeline: cheap first, expensive only when the cheap pass found nothing.

Most camera frames are decoded by the fast pass: grayscale, shrunk so the long side is
at most `fast_side` pixels, lightly blurred, and read quickly (zbar on every second
line). A coupon held up to a till camera fills a good part of the frame, so its modules
survive the shrink, and zbar's time grows with the pixels and edges it scans. When that
finds nothing, fallback passes try what the fast pass lost: the full resolution read
thoroughly (small codes far away), the inverted image (phone screens in dark mode show
light-on-dark codes, which zbar does not read), and a locally thresholded image (glare,
uneven light, low contrast).

Files run every pass until one finds something. The camera runs the fast pass plus one
fallback pass per frame, in rotation: the next frame arrives within ~33 ms anyway, so a
hard code costs a few frames of latency instead of every empty frame costing all passes.

A customer often holds up two vouchers, and the shrink can keep one and lose the other.
So once a pass has read something, the code-like patches it did not read
(`regions.unread_regions`) are cut from the full-resolution frame and run through the
fallback passes: a few ms per patch, where the full-frame fallbacks would cost tens of ms
on every frame that holds a code. Every code comes back once, in reading order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from posapp.scan.decoder import Decoded, Decoder, Gray, default_decoder
from posapp.scan.regions import Box, RegionConfig, unread_regions

Image = npt.NDArray[Any]  # gray, BGR or BGRA, as OpenCV gives it


@dataclass(frozen=True)
class PipelineConfig:
    fast_side: int | None = None  # long side of the fast pass; None: the decoder's choice
    min_upscale_side: int = 240  # images smaller than this are enlarged (tiny screenshots)
    regions: RegionConfig = field(default_factory=RegionConfig)  # where to look for more codes


def to_gray(image: Image) -> Gray:
    """Return a 2-D uint8 image from gray, BGR or BGRA input of any integer/float depth."""
    arr: npt.NDArray[Any] = np.asarray(image)
    if arr.dtype != np.uint8:
        if arr.dtype == np.uint16:
            arr = (arr >> 8).astype(np.uint8)
        elif np.issubdtype(arr.dtype, np.floating):
            top = 255.0 if arr.size and float(np.nanmax(arr)) > 1.0 else 1.0
            arr = np.clip(np.nan_to_num(arr) * (255.0 / top), 0, 255).astype(np.uint8)
        else:
            arr = np.clip(arr, 0, 255).astype(np.uint8)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim == 3 and arr.shape[2] == 3:
        return np.asarray(cv2.cvtColor(arr, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    if arr.ndim == 3 and arr.shape[2] == 4:
        return np.asarray(cv2.cvtColor(arr, cv2.COLOR_BGRA2GRAY), dtype=np.uint8)
    if arr.ndim != 2:
        raise ValueError(f"not an image: shape {arr.shape}")
    return np.asarray(arr, dtype=np.uint8)


@dataclass
class _Views:
    """The full-resolution image and its shrunk copy, made once per frame."""

    full: Gray
    small: Gray
    factor: float  # full = small * factor


class Pipeline:
    """Decode QR codes from images and frames. One per thread: it keeps a rotation cursor."""

    def __init__(self, decoder: Decoder | None = None, config: PipelineConfig | None = None):
        self.decoder = decoder if decoder is not None else default_decoder()
        self.config = config or PipelineConfig()
        preferred = getattr(self.decoder, "preferred_side", 640)
        self._fast_side: int = self.config.fast_side or int(preferred)
        self._fallbacks: tuple[tuple[str, Callable[[_Views], list[Decoded]]], ...] = (
            ("full", self._full),
            ("inverted", self._inverted),
            ("binarised", self._binarised),
        )
        self._next_fallback = 0
        self.last_pass: str | None = None  # which pass found the last result, for benchmarks

    def decode(self, image: Image) -> list[Decoded]:
        """Run every pass until one finds something, then read the code-like patches it
        left; every code once, in reading order, positions in image pixels."""
        views = self._views(image)
        self.last_pass = None
        if views.full.size == 0:
            return []
        for name, run in (("fast", self._fast), *self._fallbacks):
            found = run(views)
            if found:
                return self._complete(views, found, name)
        return []

    def decode_frame(self, frame: Image) -> list[Decoded]:
        """Run the fast pass and, if it found nothing, the next fallback pass in rotation;
        after a read, the code-like patches it left, as `decode` does."""
        views = self._views(frame)
        self.last_pass = None
        if views.full.size == 0:
            return []
        name, found = "fast", self._fast(views)
        if not found:
            name, run = self._fallbacks[self._next_fallback]
            self._next_fallback = (self._next_fallback + 1) % len(self._fallbacks)
            found = run(views)
        return self._complete(views, found, name) if found else []

    def _complete(self, v: _Views, found: list[Decoded], name: str) -> list[Decoded]:
        """Add the codes in the patches `found` does not cover; dedupe; reading order."""
        self.last_pass = name
        read = [[(x / v.factor, y / v.factor) for x, y in d.polygon] for d in found]
        boxes = unread_regions(v.small, read, self.config.regions)
        more = [d for box in boxes for d in self._patch(v, box)]
        if more:
            self.last_pass = f"{name}+regions"
        unique: dict[str, Decoded] = {}
        for d in found + more:  # the same voucher twice in view is one code
            unique.setdefault(d.text, d)
        return in_reading_order(list(unique.values()))

    def _patch(self, v: _Views, box: Box) -> list[Decoded]:
        """Decode one patch of the small view through the fallback passes, cut (with its
        quiet zone) from whichever view has more pixels: the full frame, or the enlarged
        copy of a tiny image."""
        if v.factor > 1.0:
            source, to_source, to_image = v.full, v.factor, 1.0
        else:
            source, to_source, to_image = v.small, 1.0, v.factor
        margin = max(box.w, box.h) * 0.25 + 4
        x0 = max(0, int((box.x - margin) * to_source))
        y0 = max(0, int((box.y - margin) * to_source))
        x1 = min(source.shape[1], int((box.x + box.w + margin) * to_source) + 1)
        y1 = min(source.shape[0], int((box.y + box.h + margin) * to_source) + 1)
        crop = np.ascontiguousarray(source[y0:y1, x0:x1])
        patch = _Views(crop, crop, 1.0)
        for _name, run in self._fallbacks:
            found = run(patch)
            if found:
                return [d.shifted(x0, y0).scaled(to_image) for d in found]
        return []

    def _views(self, image: Image) -> _Views:
        full = to_gray(image)
        longest = max(full.shape) if full.size else 0
        if longest > self._fast_side:
            factor = longest / self._fast_side
            small = cv2.resize(
                full, None, fx=1 / factor, fy=1 / factor, interpolation=cv2.INTER_AREA
            )
            return _Views(full, np.asarray(small, dtype=np.uint8), factor)
        if 0 < longest < self.config.min_upscale_side:
            # zbar needs a few pixels per module; a thumbnail-sized screenshot has fewer.
            factor = longest / self.config.min_upscale_side
            big = cv2.resize(
                full, None, fx=1 / factor, fy=1 / factor, interpolation=cv2.INTER_CUBIC
            )
            return _Views(full, np.asarray(big, dtype=np.uint8), factor)
        return _Views(full, full, 1.0)

    def _run(self, gray: Gray, factor: float, thorough: bool = True) -> list[Decoded]:
        found = self.decoder.decode(gray, thorough=thorough)
        return [d.scaled(factor) for d in found] if factor != 1.0 else found

    def _fast(self, v: _Views) -> list[Decoded]:
        # Sensor noise is thousands of tiny edges that zbar's line scanner must each
        # examine; a 3x3 blur removes them (a third less time on 640x480 camera frames
        # in bench_scan) and leaves modules of 2 px or more readable.
        smooth = np.asarray(cv2.GaussianBlur(v.small, (3, 3), 0), dtype=np.uint8)
        return self._run(smooth, v.factor, thorough=False)

    def _full(self, v: _Views) -> list[Decoded]:
        # Every pixel, every line: small codes far away, and what the quick read skipped.
        return self._run(v.full, 1.0)

    def _inverted(self, v: _Views) -> list[Decoded]:
        return self._run(np.asarray(cv2.bitwise_not(v.small), dtype=np.uint8), v.factor)

    def _binarised(self, v: _Views) -> list[Decoded]:
        # A local threshold flattens glare and uneven light that defeat zbar's own
        # per-line threshold; the block spans several modules of a code at a usable size.
        block = 31 if min(v.small.shape) > 62 else 15
        binary = cv2.adaptiveThreshold(
            v.small, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 2
        )
        return self._run(np.asarray(binary, dtype=np.uint8), v.factor)


def in_reading_order(found: list[Decoded]) -> list[Decoded]:
    """Sort codes into rows, top to bottom, each row left to right; a code joins a row when
    at least half its height (or the row's) is level with it. Codes without a position go
    last."""
    placed = sorted((d for d in found if d.polygon), key=lambda d: min(y for _, y in d.polygon))
    rows: list[tuple[list[Decoded], int, int]] = []  # codes, top, bottom
    for d in placed:
        top, bottom = min(y for _, y in d.polygon), max(y for _, y in d.polygon)
        if rows:
            codes, row_top, row_bottom = rows[-1]
            overlap = min(bottom, row_bottom) - max(top, row_top)
            if overlap >= 0.5 * min(bottom - top, row_bottom - row_top):
                codes.append(d)
                rows[-1] = (codes, row_top, max(bottom, row_bottom))
                continue
        rows.append(([d], top, bottom))
    ordered = [
        d for codes, _, _ in rows for d in sorted(codes, key=lambda d: min(x for x, _ in d.polygon))
    ]
    return ordered + [d for d in found if not d.polygon]
