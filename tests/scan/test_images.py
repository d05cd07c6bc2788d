"""Screenshots and photos from a file or dropped bytes; anything else is a clear ImageError."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import segno

from posapp.domain.codes import generate_code
from posapp.domain.payload import PayloadType
from posapp.scan import scenes
from posapp.scan.images import ImageError, decode_image_bytes, decode_image_file

CODE = generate_code()


def encoded(image: np.ndarray, ext: str) -> bytes:
    ok, buf = cv2.imencode(ext, image)
    assert ok
    return buf.tobytes()


@pytest.mark.parametrize("ext", [".png", ".jpg", ".bmp", ".webp", ".tiff"])
def test_image_formats_from_bytes(ext: str) -> None:
    photo = cv2.cvtColor(scenes.render_qr(CODE, module_px=6), cv2.COLOR_GRAY2BGR)
    scan = decode_image_bytes(encoded(photo, ext))
    assert [(r.text, r.payload.type, r.payload.code) for r in scan.results] == [
        (CODE, PayloadType.VOUCHER, CODE)
    ]
    assert scan.ms > 0


def test_file_with_an_order_code(tmp_path: Path) -> None:
    path = tmp_path / "order.png"
    segno.make_qr("ORDER:A-1042").save(path, scale=5)
    (result,) = decode_image_file(path).results
    assert result.payload.type is PayloadType.ORDER
    assert result.payload.order == "A-1042"


def test_transparent_png_is_laid_on_white(tmp_path: Path) -> None:
    # segno can export light modules as transparent; read naively, they turn black.
    path = tmp_path / "transparent.png"
    segno.make_qr(CODE).save(path, scale=5, light=None)
    assert [r.text for r in decode_image_file(path).results] == [CODE]


def test_sixteen_bit_png(tmp_path: Path) -> None:
    path = tmp_path / "deep.png"
    cv2.imwrite(str(path), scenes.render_qr(CODE, module_px=5).astype(np.uint16) * 257)
    assert [r.text for r in decode_image_file(path).results] == [CODE]


def test_image_without_a_code_has_no_results(tmp_path: Path) -> None:
    path = tmp_path / "counter.jpg"
    cv2.imwrite(str(path), scenes.background(800, 600, np.random.default_rng(2)))
    assert decode_image_file(path).results == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.7 not an image at all", "not an image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not an image"),  # a PNG header, then junk
        (bytes(range(256)) * 50, "not an image"),
    ],
    ids=["empty", "pdf", "truncated png", "random bytes"],
)
def test_not_an_image_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "coupon.png"
    path.write_bytes(content)
    with pytest.raises(ImageError, match=message):
        decode_image_file(path)
    with pytest.raises(ImageError, match=message):
        decode_image_bytes(content)


def test_missing_file_and_folder_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="no such file"):
        decode_image_file(tmp_path / "nope.png")
    with pytest.raises(ImageError, match="folder"):
        decode_image_file(tmp_path)
