"""`posapp selfcheck`: prove an installed till (source or bundle) has every part it needs.

Offscreen unless told otherwise (QT_QPA_PLATFORM), in a throw-away data dir: the checks that need
no window (posapp/install_checks.py: version, resources, zbar, the bundled QR image, a migrated
till database), then the real main window and the Chinese translation. One line per check;
exit 0 only if all pass. Nothing here touches the till's own data.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from posapp.install_checks import CHECKS, Check, CheckFailed, Context, run

__all__ = ["Check", "CheckFailed", "main", "run_checks"]

WINDOW_TIMEOUT_S = 20.0


def run_checks(say: Callable[[str], None] = print) -> list[Check]:
    """Run every check in order, saying each result as it comes; return them all."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    checks: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="posapp-selfcheck-", ignore_cleanup_errors=True) as tmp:
        ctx = Context(Path(tmp))
        try:
            for name, fn in (*CHECKS, ("window", _window), ("translation", _translation)):
                check = run(name, fn, ctx)
                checks.append(check)
                say(check.line())
        finally:
            ctx.close()
    return checks


def main() -> int:
    checks = run_checks()
    failed = [c for c in checks if not c.ok]
    if failed:
        print(f"selfcheck: {len(failed)} of {len(checks)} checks FAILED", flush=True)
        return 1
    print(f"selfcheck: all {len(checks)} checks passed", flush=True)
    return 0


def _window(ctx: Context) -> str:
    from PySide6.QtCore import QCoreApplication

    from posapp.settings import resolve_paths
    from posapp.ui.app import open_till

    paths = ctx.paths or resolve_paths(ctx.data_dir).ensure()
    till = open_till(paths, service=ctx.service, language="en", start_background=False)
    ctx.service = None  # till.close() closes it
    try:
        deadline = time.monotonic() + WINDOW_TIMEOUT_S
        # The status arrives from a worker thread by signal: the background helper works too.
        while till.session.status is None and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.01)
        window = till.window
        if not window.isVisible():
            raise CheckFailed("the main window did not show")
        if window.stack.currentWidget() is not window.login:
            raise CheckFailed("the main window did not open on the login screen")
        if till.session.status is None:
            raise CheckFailed(f"no till status within {WINDOW_TIMEOUT_S:.0f} s")
        platform = till.app.platformName()
        return f"main window shown ({platform}): {window.windowTitle()!r}, login screen"
    finally:
        till.close()


def _translation(_ctx: Context) -> str:
    from PySide6.QtCore import QCoreApplication

    from posapp.ui import i18n

    try:
        if i18n.install("zh_CN") != "zh_CN":
            raise CheckFailed("zh_CN not available")
        text = QCoreApplication.translate("MainWindow", "Coupon till")
    finally:
        i18n.install("en")
    if text == "Coupon till":
        raise CheckFailed("the zh_CN translation did not load")
    return "zh_CN loaded and in use"  # not printed: a Windows console may not take Chinese
