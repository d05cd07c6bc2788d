"""Generated camera scenes with QR codes in them, for the synthetic camera, tests and benchmarks.

Everything is drawn from a seed, so a failing test or a benchmark figure can be reproduced
exactly. The distortions imitate what a till camera sees: a coupon at an angle, out of
focus, in poor light, behind glare, or on a phone screen in dark mode.
"""

from __future__ import annotations

import cv2
import numpy as np
import segno

from posapp.scan.decoder import Gray


def render_qr(text: str | bytes, module_px: int = 4, border: int = 4, error: str = "m") -> Gray:
    """Draw a (never micro) QR code, dark on white, with module_px pixels per module."""
    qr = segno.make_qr(text, error=error, boost_error=False)
    modules = np.array(qr.matrix, dtype=np.uint8)
    img = np.where(modules == 1, 0, 255).astype(np.uint8)
    img = np.pad(img, border, constant_values=255)
    return np.asarray(
        cv2.resize(img, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST),
        dtype=np.uint8,
    )


def background(width: int, height: int, rng: np.random.Generator) -> Gray:
    """A till counter: a light gradient, soft blotches, hard-edged objects, sensor noise."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    base = 90 + 80 * xx / width + 40 * yy / height
    blotches = cv2.resize(
        rng.normal(0, 25, (max(2, height // 60), max(2, width // 60))).astype(np.float32),
        (width, height),
        interpolation=cv2.INTER_CUBIC,
    )
    img = base + blotches
    for _ in range(6):  # receipts, a keyboard edge: straight edges zbar's scanner must skip
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        w, h = (
            int(rng.integers(width // 12, width // 3)),
            int(rng.integers(height // 12, height // 3)),
        )
        img[y0 : y0 + h, x0 : x0 + w] += float(rng.uniform(-60, 60))
    img += rng.normal(0, 4, img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def paste(scene: Gray, code: Gray, x: int, y: int) -> Gray:
    """Return scene with code pasted at (x, y), clipped to the scene."""
    out = scene.copy()
    h = min(code.shape[0], out.shape[0] - y)
    w = min(code.shape[1], out.shape[1] - x)
    out[y : y + h, x : x + w] = code[:h, :w]
    return out


def scene_with_code(
    width: int, height: int, text: str, side: int, rng: np.random.Generator
) -> tuple[Gray, tuple[int, int]]:
    """A background with one code of about side pixels somewhere in it; return (image, centre)."""
    code = render_qr(text, module_px=8)
    code = np.asarray(cv2.resize(code, (side, side), interpolation=cv2.INTER_AREA), np.uint8)
    x = int(rng.integers(0, max(1, width - side)))
    y = int(rng.integers(0, max(1, height - side)))
    img = paste(background(width, height, rng), code, x, y)
    noise = rng.normal(0, 3, img.shape)
    return np.clip(img + noise, 0, 255).astype(np.uint8), (x + side // 2, y + side // 2)


def rotate(img: Gray, degrees: float) -> Gray:
    """Rotate about the centre, growing the canvas so nothing is cut, white fill."""
    h, w = img.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return np.asarray(cv2.warpAffine(img, m, (nw, nh), borderValue=255), np.uint8)


def perspective(img: Gray, strength: float = 0.2) -> Gray:
    """Tilt the code away from the camera: one side shrinks by `strength` of the width."""
    h, w = img.shape
    d = strength * w / 2
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    dst = np.array([[0, 0], [w, d], [w, h - d], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    return np.asarray(cv2.warpPerspective(img, m, (w, h), borderValue=255), np.uint8)


def blur(img: Gray, sigma: float) -> Gray:
    return np.asarray(cv2.GaussianBlur(img, (0, 0), sigma), np.uint8)


def low_contrast(img: Gray, dark: int = 110, light: int = 150) -> Gray:
    """Squeeze black..white into dark..light (a dim, washed-out photo)."""
    scaled = dark + img.astype(np.float32) * ((light - dark) / 255.0)
    return np.clip(scaled, 0, 255).astype(np.uint8)


def invert(img: Gray) -> Gray:
    return np.asarray(cv2.bitwise_not(img), np.uint8)


def glare(img: Gray, centre: tuple[float, float], radius: float, strength: float = 200) -> Gray:
    """Add a bright spot (a ceiling light on a glossy coupon or phone screen)."""
    h, w = img.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d2 = (xx - centre[0]) ** 2 + (yy - centre[1]) ** 2
    spot = strength * np.exp(-d2 / (2 * radius**2))
    return np.clip(img.astype(np.float32) + spot, 0, 255).astype(np.uint8)


def noise(width: int, height: int, rng: np.random.Generator) -> Gray:
    """Pure noise: no code, lots of edges."""
    return rng.integers(0, 256, (height, width), dtype=np.uint8)


def side_by_side(*codes: Gray, gap: int = 40) -> Gray:
    """Put several codes next to each other on white, bottom-padded to one height."""
    h = max(c.shape[0] for c in codes)
    parts = []
    for c in codes:
        parts.append(np.pad(c, ((0, h - c.shape[0]), (0, gap)), constant_values=255))
    return np.asarray(np.hstack(parts), np.uint8)
