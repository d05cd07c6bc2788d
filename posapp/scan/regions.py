"""Where else a frame may hold a code: textured, code-sized patches that no code read covers.

A QR code is a patch dense with edges in every direction; a till counter is mostly smooth
light with a few long straight edges (a receipt, a keyboard). Once a pass has read some codes,
this finds the patches that look like codes but were not read, so the pipeline can decode just
those crops (a few ms) instead of running its full-frame fallbacks (tens of ms) on every frame
that already gave a result. Text and other busy patches are found too; that costs a crop
decode each, bounded by `max_regions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from posapp.scan.decoder import Gray

Polygon = Sequence[tuple[float, float]]  # corners, in the image's pixels


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in pixels: left, top, width, height."""

    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class RegionConfig:
    work_side: int = 640  # px; larger images are looked at shrunk to this long side
    edge_contrast: int = 40  # a module edge: this much between pixels up to 2 px apart
    window: int = 9  # px; the edge density is measured over this square
    min_side: int = 20  # px at work_side; smaller patches are too small to decode
    max_regions: int = 6  # the busiest frames cost at most this many crop decodes; 0: off


# 5x5: a module edge marks a band 4 px wide, so the density stays high inside codes with
# modules of up to ~8 px at work_side (a voucher close to the camera), not only small ones.
_SQUARE = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
_OPEN = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))


def unread_regions(
    gray: Gray, read: Sequence[Polygon], config: RegionConfig | None = None
) -> list[Box]:
    """Code-like patches of gray not covered by the polygons of codes already read, largest
    first; polygons and boxes are in gray's pixels."""
    cfg = config or RegionConfig()
    if cfg.max_regions <= 0 or gray.ndim != 2 or min(gray.shape) < cfg.min_side:
        return []
    factor = max(1.0, max(gray.shape) / cfg.work_side)
    work = gray
    if factor > 1.0:
        small = cv2.resize(gray, None, fx=1 / factor, fy=1 / factor, interpolation=cv2.INTER_AREA)
        work = np.asarray(small, dtype=np.uint8)
    gradient = cv2.morphologyEx(work, cv2.MORPH_GRADIENT, _SQUARE)
    _, edges = cv2.threshold(gradient, cfg.edge_contrast, 255, cv2.THRESH_BINARY)
    # Inside a code nearly every pixel is near a module edge; a lone straight edge marks a
    # band narrower than half the window: the density keeps codes and drops outlines.
    density = cv2.blur(edges, (cfg.window, cfg.window))
    _, mask = cv2.threshold(density, 127, 255, cv2.THRESH_BINARY)
    # Two edges close together (a receipt's border next to a phone's) still leave a band
    # that would join codes into one odd-shaped patch: opening cuts such bands.
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, _OPEN)
    for polygon in read:
        if len(polygon) >= 3:
            cv2.fillPoly(mask, [_grown(polygon, factor)], 0)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    height, width = work.shape
    boxes: list[Box] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w < cfg.min_side or h < cfg.min_side or not 0.5 <= w / h <= 2.0:
            continue
        if w * h > width * height // 2:  # the whole frame busy (noise, a close-up of text)
            continue
        # A square code seen at an angle fills half of its bounding box or more (0.4: room
        # for a ragged mask).
        if cv2.countNonZero(mask[y : y + h, x : x + w]) < 0.4 * w * h:
            continue
        boxes.append(Box(x, y, w, h))
    boxes.sort(key=lambda b: b.w * b.h, reverse=True)
    return [_scaled(b, factor) for b in boxes[: cfg.max_regions]]


def _scaled(box: Box, factor: float) -> Box:
    return Box(*(round(v * factor) for v in (box.x, box.y, box.w, box.h)))


def _grown(polygon: Polygon, factor: float) -> npt.NDArray[np.int32]:
    """The polygon's hull in work pixels, grown about its centre to cover the spill-over
    of the edge density around a code."""
    pts = np.asarray(polygon, dtype=np.float32).reshape(-1, 2) / factor
    centre = pts.mean(axis=0)
    grown = centre + (pts - centre) * 1.15 + np.sign(pts - centre) * 6
    return np.asarray(cv2.convexHull(grown.round().astype(np.int32)), dtype=np.int32)
