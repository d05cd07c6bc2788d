"""`posapp decode FILE...`: decode QR codes in image files, one JSON object per line per file."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "decode",
        help="decode QR codes in image files (one JSON line per file)",
        description=(
            "Decode the QR codes in each image file and print one JSON object per line: "
            '{"file", "error", "ms", "results": [{"text", "payload"}]}, with every code in '
            "the image once, in reading order (rows top to bottom, each left to right). "
            "Exit status 0 when every file was read as an image, 1 when any could not be."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="PNG, JPEG, BMP, WebP, TIFF, ...")
    p.set_defaults(func=run_decode)


def run_decode(args: argparse.Namespace) -> int:
    # Heavy imports here, so `posapp --help` and other commands do not load OpenCV or zbar.
    from posapp.scan.images import ImageError, decode_image_file
    from posapp.scan.pipeline import Pipeline
    from posapp.scan.results import payload_json

    pipeline = Pipeline()
    status = 0
    for name in args.files:
        record: dict[str, Any] = {"file": name, "error": None, "ms": 0.0, "results": []}
        try:
            scan = decode_image_file(name, pipeline)
        except ImageError as e:
            record["error"] = str(e)
            status = 1
        except Exception as e:  # no traceback for any input: say what, carry on
            record["error"] = f"could not decode: {type(e).__name__}"
            status = 1
        else:
            record["ms"] = round(scan.ms, 3)
            record["results"] = [
                {"text": r.text, "payload": payload_json(r.payload)} for r in scan.results
            ]
        # ensure_ascii keeps hostile payloads (control characters, RTL overrides) from
        # reaching the terminal raw; any JSON reader turns them back into the text.
        sys.stdout.write(json.dumps(record, ensure_ascii=True) + "\n")
        sys.stdout.flush()
    return status
