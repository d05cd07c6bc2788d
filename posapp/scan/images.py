"""Decode a customer's screenshot or photo: from a file or from bytes dropped on the window."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import cv2
import numpy as np

from posapp.scan.decoder import Gray
from posapp.scan.pipeline import Pipeline
from posapp.scan.results import ScanResult, result_of

# A phone photo is ~12-50 MP; refuse anything far beyond that before decoding it, so a
# hostile "decompression bomb" cannot eat the till's memory.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_PIXELS = 80_000_000


class ImageError(Exception):
    """The input cannot be read as an image; the message says why, in plain words."""


@dataclass(frozen=True)
class ImageScan:
    results: list[ScanResult] = field(default_factory=list)
    ms: float = 0.0  # decode time, not counting the file read


def load_image_bytes(data: bytes) -> Gray:
    """Decode PNG/JPEG/BMP/WebP/TIFF/... bytes to gray; transparency is laid on white."""
    if not data:
        raise ImageError("the file is empty")
    buf = np.frombuffer(data, dtype=np.uint8)
    try:
        img = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
    except cv2.error:
        img = None
    if img is None or img.size == 0:
        raise ImageError("not an image (or an image format this till cannot read)")
    if img.shape[0] * img.shape[1] > MAX_PIXELS:
        raise ImageError(f"the image is too large ({img.shape[1]}x{img.shape[0]} pixels)")
    if img.dtype != np.uint8:
        img = (img / (256 if img.dtype == np.uint16 else 1)).clip(0, 255).astype(np.uint8)
    if img.ndim == 3 and img.shape[2] == 4:
        # A transparent PNG (e.g. a QR exported with no background) would otherwise turn
        # its transparent light modules black, making the code unreadable.
        alpha = img[:, :, 3:4].astype(np.float32) / 255.0
        img = (img[:, :, :3] * alpha + 255 * (1 - alpha)).astype(np.uint8)
    if img.ndim == 3:
        img = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    return np.asarray(img, dtype=np.uint8)


def load_image_file(path: str | os.PathLike[str]) -> Gray:
    """Read an image file; every failure is an ImageError with a message for a person."""
    try:
        size = os.path.getsize(path)
        if os.path.isdir(path):
            raise ImageError("this is a folder, not an image file")
        if size > MAX_FILE_BYTES:
            raise ImageError(f"the file is too large ({size // (1024 * 1024)} MB)")
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise ImageError("no such file") from None
    except IsADirectoryError:
        raise ImageError("this is a folder, not an image file") from None
    except PermissionError:
        raise ImageError("permission denied: the file cannot be read") from None
    except OSError as e:
        raise ImageError(f"the file cannot be read ({e.strerror or e})") from None
    return load_image_bytes(data)


def decode_image(image: Gray, pipeline: Pipeline | None = None) -> ImageScan:
    """Decode an image with every pipeline pass; return the results and the time taken."""
    pipe = pipeline or Pipeline()
    started = time.perf_counter()
    found = pipe.decode(image)
    ms = (time.perf_counter() - started) * 1000
    return ImageScan([result_of(d) for d in found], ms)


def decode_image_bytes(data: bytes, pipeline: Pipeline | None = None) -> ImageScan:
    """Decode image bytes (a drop on the window, a paste). Raises ImageError if unreadable."""
    return decode_image(load_image_bytes(data), pipeline)


def decode_image_file(path: str | os.PathLike[str], pipeline: Pipeline | None = None) -> ImageScan:
    """Decode an image file. Raises ImageError if it is missing or not an image."""
    return decode_image(load_image_file(path), pipeline)
