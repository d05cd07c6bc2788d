"""Every visible string is translated: each tr() string of posapp/ui has a finished zh_CN entry."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase

from posapp.resources import resource
from posapp.ui import i18n

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            out[(name, msg.findtext("source") or "")] = msg
    return out


def test_every_ui_string_has_a_finished_chinese_translation(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "posapp" / "ui").rglob("*.py"))
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources, "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    wanted = _messages(fresh)
    assert len(wanted) > 100  # the extraction really found the app's strings
    shipped = _messages(resource("i18n", "posapp_zh_CN.ts"))
    missing = [k for k in wanted if k not in shipped]
    unfinished = [
        k
        for k, m in shipped.items()
        if k in wanted
        and (m.find("translation") is None or m.find("translation").get("type") == "unfinished")
    ]
    assert missing == []
    assert unfinished == []


# Placeholders a translation may use besides the source's own: the code passes them too.
EXTRA_PLACEHOLDERS = {("Texts", "{pct}% off"): {"zhe"}}  # Chinese says what is paid: 8折


def test_placeholders_survive_translation():
    shipped = _messages(resource("i18n", "posapp_zh_CN.ts"))
    import re

    bad = []
    for (ctx, source), msg in shipped.items():
        text = msg.findtext("translation") or ""
        allowed = set(re.findall(r"\{(\w+)\}", source)) | EXTRA_PLACEHOLDERS.get(
            (ctx, source), set()
        )
        if set(re.findall(r"\{(\w+)\}", text)) - allowed:
            bad.append((ctx, source, text))
    assert bad == []


def test_the_compiled_chinese_file_loads_and_translates(qapp):
    try:
        assert i18n.install("zh_CN") == "zh_CN"
        assert QCoreApplication.translate("RedeemView", "Clear  (Esc)") != "Clear  (Esc)"
    finally:
        i18n.install("en")
    assert QCoreApplication.translate("RedeemView", "Clear  (Esc)") == "Clear  (Esc)"


def test_fmt_never_raises_on_a_bad_translation():
    assert i18n.fmt("券码 {code} 已过期 {oops}", code="AB") == "券码 AB 已过期 {oops}"


def test_the_set_up_installs_a_font_that_draws_chinese(qapp):
    # Without one the zh_CN interface is rows of empty boxes (scripts/system-deps.sh adds it).
    from PySide6.QtGui import QFont, QFontMetrics

    assert i18n.has_chinese_font()
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    metrics = QFontMetrics(QFont(families[0]))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "券码已过期")
