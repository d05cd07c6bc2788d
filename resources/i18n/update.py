"""Refresh the translation files from the sources, then compile them.

    .venv/bin/python resources/i18n/update.py [--fill zh_CN=extra.json]

1. `pyside6-lupdate` collects every `tr()` / `QCoreApplication.translate` string of posapp/ui, and
   every `QT_TRANSLATE_NOOP` text below it (verdicts, login refusals), into posapp_<lang>.ts
   (existing translations are kept; strings no longer used are dropped);
2. English is the source language: its translations are the source text, marked finished;
3. `--fill LANG=FILE.json` adds translations from a {"context": {"source": "translation"}} file
   (for a batch from a translator); anything else is done in Qt Linguist;
4. `pyside6-lrelease` compiles each .ts to the .qm the app loads.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LANGUAGES = ("en", "zh_CN")
BIN = Path(sys.executable).parent


def sources() -> list[str]:
    """The GUI, and every module below it that marks text with QT_TRANSLATE_NOOP."""
    found = set((ROOT / "posapp" / "ui").rglob("*.py"))
    found |= {p for p in (ROOT / "posapp").rglob("*.py") if "QT_TRANSLATE_NOOP(" in p.read_text()}
    return sorted(str(p.relative_to(ROOT)) for p in found)


def ts_path(lang: str) -> Path:
    return HERE / f"posapp_{lang}.ts"


def lupdate(lang: str) -> None:
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            *sources(),
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "en",
            "-target-language",
            lang,
            "-ts",
            str(ts_path(lang)),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def fill(lang: str, table: dict[str, dict[str, str]] | None) -> int:
    """Fill translations (English: the source itself); return how many are still unfinished."""
    path = ts_path(lang)
    tree = ET.parse(path)
    unfinished = 0
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            source = msg.findtext("source") or ""
            tr = msg.find("translation")
            if tr is None:
                tr = ET.SubElement(msg, "translation")
            new = source if lang == "en" else (table or {}).get(name, {}).get(source)
            if new is not None:
                tr.text = new
                tr.attrib.pop("type", None)
            if tr.get("type") == "unfinished" or not (tr.text or ""):
                unfinished += 1
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    text = path.read_text(encoding="utf-8")
    if "<!DOCTYPE TS>" not in text:
        text = text.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1)
    path.write_text(text, encoding="utf-8")
    return unfinished


def lrelease(lang: str) -> None:
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(ts_path(lang)), "-qm", str(HERE / f"posapp_{lang}.qm")],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fill", action="append", default=[], help="LANG=FILE.json")
    args = parser.parse_args(argv)
    extra: dict[str, dict[str, dict[str, str]]] = {}
    for item in args.fill:
        lang, _, file = item.partition("=")
        extra[lang] = json.loads(Path(file).read_text(encoding="utf-8"))
    status = 0
    for lang in LANGUAGES:
        lupdate(lang)
        left = fill(lang, extra.get(lang))
        lrelease(lang)
        print(f"{lang}: {left} unfinished")
        status |= bool(left and lang != "en")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
