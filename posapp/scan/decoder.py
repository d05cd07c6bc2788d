"""Decoders: a grayscale image in, the QR texts found (with where they are) out.

zbar (through pyzbar) is the product's decoder. Where libzbar cannot be loaded (a till
image without it), OpenCV's own QR detector takes over, slower and less tolerant, with a
warning in the log so support can see why scanning feels worse.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import cv2
import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

Gray = npt.NDArray[np.uint8]
Point = tuple[int, int]


@dataclass(frozen=True)
class Decoded:
    """One code found in an image: its text and its corners in that image's pixels."""

    text: str
    polygon: tuple[Point, ...] = ()

    def scaled(self, factor: float) -> Decoded:
        """Return the same code with its polygon multiplied by factor (to undo a resize)."""
        return Decoded(
            self.text, tuple((round(x * factor), round(y * factor)) for x, y in self.polygon)
        )

    def shifted(self, dx: int, dy: int) -> Decoded:
        """Return the same code with its polygon moved by (dx, dy) (to undo a crop)."""
        return Decoded(self.text, tuple((x + dx, y + dy) for x, y in self.polygon))


class Decoder(Protocol):
    """Find every QR code in a 2-D uint8 image. Must not raise on any image content."""

    name: str
    preferred_side: int  # long side (pixels) at which it is fast and still reads well

    def decode(self, gray: Gray, *, thorough: bool = True) -> list[Decoded]:
        """thorough=False allows a faster, slightly less sensitive read (the fast pass)."""
        ...


def bytes_to_text(data: bytes) -> str:
    """Turn a symbol's bytes into text: UTF-8 (what every modern generator writes), else
    Latin-1 (the QR standard's default), which maps any byte and so never raises."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# zbar's config number for "return QR data as raw bytes" (ZBAR_CFG_BINARY, zbar >= 0.23.1);
# pyzbar's enum predates it. Without it zbar guesses a charset and can turn valid UTF-8
# into Shift-JIS mojibake (seen with U+202E), so the till would show a different text.
_ZBAR_CFG_BINARY = 4
_ZBAR_NONE = 0  # "every symbology", for switching them all off at once


class ZbarDecoder:
    """zbar restricted to QR codes (the 1-D symbologies cost 3-4x the time for nothing),
    returning the code's bytes as they are."""

    name = "zbar"
    preferred_side = 640  # zbar reads a till-sized code well at this size, and fast

    def __init__(self) -> None:
        # Imported here so that a missing libzbar is an ImportError at construction,
        # which `default_decoder` turns into the OpenCV fallback.
        from pyzbar import pyzbar, wrapper

        self._z: Any = wrapper
        self._qr = int(pyzbar.ZBarSymbol.QRCODE)
        self._y800 = pyzbar._FOURCC["L800"]

    def decode(self, gray: Gray, *, thorough: bool = True) -> list[Decoded]:
        if gray.ndim != 2 or gray.size == 0:
            return []
        z = self._z
        # zbar scans every pixel row and column; the quick read scans every second one,
        # which halves the time and still crosses each finder pattern of a code with
        # modules of 2 px or more several times. The fallback passes read thoroughly.
        density = 1 if thorough else 2
        pixels = np.ascontiguousarray(gray, dtype=np.uint8).tobytes()
        height, width = gray.shape
        # A scanner per call: zbar scanners are not thread-safe, and creating one is cheap.
        scanner = z.zbar_image_scanner_create()
        image = z.zbar_image_create()
        try:
            z.zbar_image_scanner_set_config(scanner, _ZBAR_NONE, z.ZBarConfig.CFG_ENABLE, 0)
            z.zbar_image_scanner_set_config(scanner, self._qr, z.ZBarConfig.CFG_ENABLE, 1)
            z.zbar_image_scanner_set_config(scanner, self._qr, _ZBAR_CFG_BINARY, 1)
            z.zbar_image_scanner_set_config(
                scanner, _ZBAR_NONE, z.ZBarConfig.CFG_X_DENSITY, density
            )
            z.zbar_image_scanner_set_config(
                scanner, _ZBAR_NONE, z.ZBarConfig.CFG_Y_DENSITY, density
            )
            z.zbar_image_set_format(image, self._y800)
            z.zbar_image_set_size(image, width, height)
            z.zbar_image_set_data(
                image, ctypes.cast(ctypes.c_char_p(pixels), ctypes.c_void_p), len(pixels), None
            )
            if z.zbar_scan_image(scanner, image) <= 0:
                return []
            found = []
            symbol = z.zbar_image_first_symbol(image)
            while symbol:
                data = ctypes.string_at(
                    z.zbar_symbol_get_data(symbol), z.zbar_symbol_get_data_length(symbol)
                )
                corners = tuple(
                    (
                        int(z.zbar_symbol_get_loc_x(symbol, i)),
                        int(z.zbar_symbol_get_loc_y(symbol, i)),
                    )
                    for i in range(z.zbar_symbol_get_loc_size(symbol))
                )
                found.append(Decoded(bytes_to_text(data), corners))
                symbol = z.zbar_symbol_next(symbol)
            return found
        finally:
            z.zbar_image_destroy(image)
            z.zbar_image_scanner_destroy(scanner)


class OpenCvDecoder:
    """OpenCV's QRCodeDetector: the fallback when libzbar is missing.

    It needs more pixels per module than zbar (it misses at 640 pixels codes zbar reads),
    and gets very slow on large, noisy frames (tens of seconds at 1920x1080 on pure sensor
    noise in our measurements), so it works at up to `max_side` pixels on the long side.
    """

    name = "opencv"
    preferred_side = 1280

    def __init__(self, max_side: int = 1920) -> None:
        self._detector = cv2.QRCodeDetector()
        self._aruco = cv2.QRCodeDetectorAruco()
        self._max_side = max_side

    def decode(self, gray: Gray, *, thorough: bool = True) -> list[Decoded]:
        if gray.ndim != 2 or gray.size == 0 or min(gray.shape) < 21:
            return []
        factor = 1.0
        longest = max(gray.shape)
        if longest > self._max_side:
            factor = longest / self._max_side
            small = cv2.resize(
                gray, None, fx=1 / factor, fy=1 / factor, interpolation=cv2.INTER_AREA
            )
            gray = np.asarray(small, dtype=np.uint8)
        out = self._decode_with(self._detector, gray, factor)
        if not out and thorough:
            # The ArUco-based detector finds some codes the classic one misses (it depends on
            # the code's pattern: about 1 in 30 of ours under glare, in tests/scan).
            out = self._decode_with(self._aruco, gray, factor)
        return out

    def _decode_with(self, detector: Any, gray: Gray, factor: float) -> list[Decoded]:
        try:
            ok, texts, points, _ = self._detect(detector, gray)
        except cv2.error as e:  # hostile images can trip OpenCV's internal asserts
            log.debug("OpenCV QR detector failed: %s", e)
            return []
        if not ok or points is None:
            return []
        out = []
        for data, corners in zip(texts, points, strict=False):
            if not data:  # detected but not decoded
                continue
            text = bytes_to_text(data) if isinstance(data, bytes) else str(data)
            poly = tuple((int(x), int(y)) for x, y in np.asarray(corners).reshape(-1, 2))
            out.append(Decoded(text, poly).scaled(factor))
        return out

    @staticmethod
    def _detect(detector: Any, gray: Gray) -> tuple[bool, Sequence[Any], Any, Any]:
        # The bytes variant (OpenCV >= 4.11) keeps binary payloads intact.
        multi = getattr(detector, "detectAndDecodeBytesMulti", None)
        if multi is None:
            multi = detector.detectAndDecodeMulti
        ok, texts, points, straight = multi(gray)
        return bool(ok), texts, points, straight


def default_decoder() -> Decoder:
    """Return zbar, or OpenCV's detector (with a warning) when libzbar cannot be loaded."""
    try:
        return ZbarDecoder()
    except (ImportError, OSError) as e:
        log.warning(
            "libzbar could not be loaded (%s); using OpenCV's QR detector, which is slower "
            "and reads damaged codes less well. Install libzbar0 to fix this.",
            e,
        )
        return OpenCvDecoder()
