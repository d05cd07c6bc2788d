"""A picture of a QR code (a dropped file, or a pasted or dropped image) read into its text.

These functions encode, read files or decode: call them from a background op, never on the GUI
thread (QImage is reentrant, so the worker may encode its own copy).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage

from posapp.scan.images import decode_image_bytes, decode_image_file


class NoCodeInImage(Exception):
    """The picture was read, but no QR code was found in it."""


def image_bytes(image: object) -> bytes | None:
    """A dropped/pasted QImage as PNG bytes, for the decoder; None if it is not an image."""
    if not isinstance(image, QImage) or image.isNull():
        return None
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, b"PNG")
    return bytes(buf.data().data())


def read_qr_codes(path: str | None = None, data: bytes | None = None) -> list[str]:
    """Every QR code in a file or in image bytes, each once, in reading order (rows top to
    bottom, each left to right): a customer often shows two vouchers in one picture.

    Raises the scan layer's ImageError (unreadable picture) or NoCodeInImage.
    """
    scan = decode_image_file(path) if path is not None else decode_image_bytes(data or b"")
    if not scan.results:
        raise NoCodeInImage()
    return [r.text for r in scan.results]


def read_qr(path: str | None = None, data: bytes | None = None) -> str:
    """The first QR code (in reading order) in a file or in image bytes; `read_qr_codes`
    gives them all.

    Raises the scan layer's ImageError (unreadable picture) or NoCodeInImage.
    """
    return read_qr_codes(path, data)[0]
