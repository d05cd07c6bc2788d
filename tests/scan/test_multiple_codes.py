"""Several vouchers held up together in one 720p frame: every code is read, in reading order.

A customer often shows two vouchers at once. The pipeline's fast pass reads a shrunk copy of
the frame, where a code can survive while its neighbour does not; every code must still come
back, once each, left to right and top to bottom, from a file and from the camera.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from posapp.domain.payload import PayloadType
from posapp.scan import scenes
from posapp.scan.decoder import Gray, OpenCvDecoder, ZbarDecoder
from posapp.scan.images import decode_image_file
from posapp.scan.pipeline import Pipeline

# Valid codes (each with its check character); different lengths, so the codes differ in
# version (module count) as real vouchers do.
VOUCHER_A = "https://shop.example/c/Q7KX3MPA9TWH"
ORDER = "ORDER:A-1042"
VOUCHER_B = "https://shop.example/c/U7YVEXJFM5AG"
VOUCHER_C = "H4RT2WNQ8CEX"


def counter_with(*codes: Gray, seed: int = 1, width: int = 1280, height: int = 720) -> Gray:
    """A till-counter scene with the given code images side by side in the middle."""
    row = scenes.side_by_side(*codes)
    bg = scenes.background(width, height, np.random.default_rng(seed))
    return scenes.paste(bg, row, (width - row.shape[1]) // 2, (height - row.shape[0]) // 2)


def qr(text: str, px: int) -> Gray:
    return scenes.render_qr(text, module_px=px)


# name -> (frame, the texts in reading order). Module sizes of 5-6 px are two vouchers held
# about 40 cm from a 720p camera: the size at which the fast pass kept only one of them.
CASES = {
    "two vouchers, 5 px modules": (
        lambda: counter_with(qr(VOUCHER_A, 5), qr(ORDER, 5)),
        [VOUCHER_A, ORDER],
    ),
    "two vouchers, 6 px modules": (
        lambda: counter_with(qr(VOUCHER_A, 6), qr(VOUCHER_B, 6), seed=2),
        [VOUCHER_A, VOUCHER_B],
    ),
    "three vouchers, 5 px modules": (
        lambda: counter_with(qr(VOUCHER_A, 5), qr(ORDER, 5), qr(VOUCHER_B, 5)),
        [VOUCHER_A, ORDER, VOUCHER_B],
    ),
    "three vouchers, 6 px modules": (
        lambda: counter_with(qr(VOUCHER_B, 6), qr(VOUCHER_C, 6), qr(VOUCHER_A, 6), seed=3),
        [VOUCHER_B, VOUCHER_C, VOUCHER_A],
    ),
    "a big voucher and a small one far behind": (
        lambda: counter_with(qr(VOUCHER_A, 8), qr(VOUCHER_B, 3), seed=4),
        [VOUCHER_A, VOUCHER_B],
    ),
    "a paper voucher and a dark-mode phone": (
        lambda: counter_with(qr(VOUCHER_A, 6), scenes.invert(qr(VOUCHER_B, 6)), seed=5),
        [VOUCHER_A, VOUCHER_B],
    ),
}


@pytest.fixture(scope="module")
def zbar() -> Pipeline:
    return Pipeline(ZbarDecoder())


@pytest.mark.parametrize("name", list(CASES))
def test_every_code_in_the_frame_is_read_left_to_right(zbar: Pipeline, name: str) -> None:
    frame, texts = CASES[name]
    assert [d.text for d in zbar.decode(frame())] == texts


@pytest.mark.parametrize("name", list(CASES))
def test_the_camera_reads_every_code_from_one_frame(name: str) -> None:
    frame, texts = CASES[name]
    bgr = cv2.cvtColor(frame(), cv2.COLOR_GRAY2BGR)
    # A fresh pipeline: the first frame runs the fast pass and the first fallback only.
    assert [d.text for d in Pipeline(ZbarDecoder()).decode_frame(bgr)] == texts


def test_codes_in_two_rows_are_read_row_by_row(zbar: Pipeline) -> None:
    top = scenes.side_by_side(qr(VOUCHER_C, 5), qr(VOUCHER_A, 5))
    bottom = scenes.side_by_side(qr(ORDER, 5), qr(VOUCHER_B, 5))
    width = max(top.shape[1], bottom.shape[1])
    grid = np.vstack(
        [
            np.pad(top, ((0, 30), (0, width - top.shape[1])), constant_values=255),
            np.pad(bottom, ((0, 0), (0, width - bottom.shape[1])), constant_values=255),
        ]
    )
    frame = counter_with(grid, seed=6)
    assert [d.text for d in zbar.decode(frame)] == [VOUCHER_C, VOUCHER_A, ORDER, VOUCHER_B]


def test_the_same_voucher_twice_is_one_code(zbar: Pipeline) -> None:
    frame = counter_with(qr(VOUCHER_A, 5), qr(ORDER, 5), qr(VOUCHER_A, 5))
    found = zbar.decode(frame)
    assert [d.text for d in found] == [VOUCHER_A, ORDER]
    assert all(d.polygon for d in found)


def test_positions_of_every_code_are_in_frame_pixels(zbar: Pipeline) -> None:
    left, right = qr(VOUCHER_A, 5), qr(ORDER, 5)
    frame = counter_with(left, right)
    x0 = (1280 - (left.shape[1] + 40 + right.shape[1] + 40)) // 2
    found = zbar.decode(frame)
    assert [d.text for d in found] == [VOUCHER_A, ORDER]
    # Each symbol sits 4 modules (20 px) inside its pasted image.
    starts = [min(x for x, _ in d.polygon) for d in found]
    assert abs(starts[0] - (x0 + 20)) <= 6
    assert abs(starts[1] - (x0 + left.shape[1] + 40 + 20)) <= 6


def test_one_code_is_still_one_code(zbar: Pipeline) -> None:
    assert [d.text for d in zbar.decode(counter_with(qr(VOUCHER_A, 6)))] == [VOUCHER_A]


def test_the_opencv_fallback_reads_every_code_too() -> None:
    frame, texts = CASES["two vouchers, 6 px modules"]
    assert [d.text for d in Pipeline(OpenCvDecoder()).decode(frame())] == texts


def test_files_give_every_code_with_its_payload(tmp_path: Path) -> None:
    path = tmp_path / "two.png"
    cv2.imwrite(str(path), CASES["two vouchers, 5 px modules"][0]())
    results = decode_image_file(path).results
    assert [(r.text, r.payload.type) for r in results] == [
        (VOUCHER_A, PayloadType.VOUCHER),
        (ORDER, PayloadType.ORDER),
    ]


def test_a_dropped_picture_gives_every_code(tmp_path: Path) -> None:
    from posapp.ui.image_scan import read_qr, read_qr_codes

    path = tmp_path / "three.png"
    cv2.imwrite(str(path), CASES["three vouchers, 5 px modules"][0]())
    assert read_qr_codes(str(path)) == [VOUCHER_A, ORDER, VOUCHER_B]
    assert read_qr(str(path)) == VOUCHER_A  # the single-code call keeps its meaning


@pytest.mark.parametrize("name", ["two vouchers, 5 px modules", "three vouchers, 5 px modules"])
def test_posapp_decode_prints_every_code(tmp_path: Path, name: str) -> None:
    frame, texts = CASES[name]
    path = tmp_path / "vouchers.jpg"  # a photo, as a phone or the till camera saves it
    cv2.imwrite(str(path), frame(), [cv2.IMWRITE_JPEG_QUALITY, 90])
    proc = subprocess.run(
        [sys.executable, "-m", "posapp", "decode", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    (line,) = [json.loads(x) for x in proc.stdout.splitlines()]
    assert line["error"] is None
    assert [r["text"] for r in line["results"]] == texts


def test_the_camera_bridge_signals_each_code_held_up_together_once(qtbot) -> None:
    from posapp.scan.synthetic import SyntheticCamera
    from posapp.ui.camera_bridge import CameraBridge

    frame, texts = CASES["three vouchers, 5 px modules"]
    held = cv2.cvtColor(frame(), cv2.COLOR_GRAY2BGR)
    bridge = CameraBridge()
    got: list[str] = []
    bridge.scanned.connect(lambda text, _at: got.append(text))
    try:
        bridge.start(source=SyntheticCamera([held], fps=30))  # held up for as long as it takes
        qtbot.waitUntil(lambda: len(got) >= len(texts), timeout=10_000)
        qtbot.wait(500)  # a dozen more frames of the same vouchers: no second scan of any
    finally:
        assert bridge.stop()
    assert got == texts
