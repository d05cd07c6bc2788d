"""Write the committed OpenAPI document: `python -m posapp.central.openapi_doc`."""

from __future__ import annotations

import json
from pathlib import Path

from posapp.central.app import openapi_document

COMMITTED = Path(__file__).resolve().parents[2] / "resources" / "openapi.json"


def render() -> str:
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    COMMITTED.write_text(render(), encoding="utf-8")
    print(f"wrote {COMMITTED}")


if __name__ == "__main__":
    main()
