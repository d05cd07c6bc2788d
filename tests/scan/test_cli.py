"""`posapp decode FILE...`: one JSON line per file, exit 1 if any file is unreadable, never a
traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import segno

from posapp.cli import main
from posapp.domain.codes import generate_code
from posapp.scan import scenes

CODE = generate_code()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {
        "voucher": tmp_path / "voucher.png",
        "two": tmp_path / "two.jpg",
        "hostile": tmp_path / "hostile.png",
        "empty_scene": tmp_path / "counter.png",
        "garbage": tmp_path / "garbage.png",
        "empty": tmp_path / "empty.jpg",
        "dir": tmp_path / "folder",
        "missing": tmp_path / "missing.png",
    }
    segno.make_qr(CODE).save(out["voucher"], scale=5)
    both = scenes.side_by_side(
        scenes.render_qr(f"https://shop.example/c/{CODE}", 5), scenes.render_qr("ORDER:A-7", 5)
    )
    cv2.imwrite(str(out["two"]), both)
    cv2.imwrite(str(out["hostile"]), scenes.render_qr('"}\n{"file": "x", \u202e<script>', 4))
    cv2.imwrite(str(out["empty_scene"]), scenes.background(320, 240, np.random.default_rng(1)))
    out["garbage"].write_bytes(b"\x00\xffGIF89a" + bytes(range(256)))
    out["empty"].write_bytes(b"")
    out["dir"].mkdir()
    return out


def run(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, list[dict]]:
    code = main(["decode", *map(str, paths)])
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines()]


def test_readable_images_exit_0_with_results(files, capsys) -> None:
    code, lines = run(capsys, files["voucher"], files["two"], files["empty_scene"])
    assert code == 0
    assert [line["file"] for line in lines] == [
        str(files[k]) for k in ("voucher", "two", "empty_scene")
    ]
    voucher, two, empty = lines
    assert voucher["error"] is None and voucher["ms"] > 0
    assert voucher["results"] == [
        {
            "text": CODE,
            "payload": {"type": "voucher", "code": CODE, "order": None, "reason": None},
        }
    ]
    assert sorted(r["payload"]["type"] for r in two["results"]) == ["order", "voucher"]
    order = next(r for r in two["results"] if r["payload"]["type"] == "order")
    assert order["payload"]["order"] == "A-7"
    assert empty["results"] == [] and empty["error"] is None


def test_hostile_payload_stays_one_json_line(files, capsys) -> None:
    code, lines = run(capsys, files["hostile"])
    assert code == 0 and len(lines) == 1
    (result,) = lines[0]["results"]
    assert result["text"] == '"}\n{"file": "x", \u202e<script>'
    assert result["payload"]["type"] == "malformed"
    assert result["payload"]["reason"]


@pytest.mark.parametrize("bad", ["garbage", "empty", "dir", "missing"])
def test_unreadable_input_exits_1_with_an_error_line(files, capsys, bad: str) -> None:
    code, lines = run(capsys, files["voucher"], files[bad])
    assert code == 1
    ok, failed = lines
    assert ok["error"] is None and ok["results"]
    assert failed["file"] == str(files[bad])
    assert failed["error"] and failed["results"] == [] and failed["ms"] == 0.0


def test_as_a_subprocess_no_traceback(files) -> None:
    paths = [files[k] for k in ("voucher", "garbage", "dir", "missing", "empty")]
    proc = subprocess.run(
        [sys.executable, "-m", "posapp", "decode", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["error"] is None for line in lines] == [True, False, False, False, False]
    assert lines[0]["results"][0]["payload"]["code"] == CODE


def test_decode_needs_a_file(capsys) -> None:
    with pytest.raises(SystemExit) as e:
        main(["decode"])
    assert e.value.code == 2
