"""`posapp selfcheck`: prove an installed till (source or bundle) has every part it needs.

Offscreen unless told otherwise (QT_QPA_PLATFORM), in a throw-away data dir: it reads the package
version, finds the shipped resources, loads zbar, decodes the bundled QR image, creates and
migrates a till database, and opens the real main window. One line per check; exit 0 only if
all pass. Nothing here touches the till's own data.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WINDOW_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok' if self.ok else 'FAIL':<4}  {self.name:<12} {self.detail}"


class CheckFailed(Exception):
    """A check's own verdict, with the reason a person can act on."""


def run_checks(say: Callable[[str], None] = print) -> list[Check]:
    """Run every check in order, saying each result as it comes; return them all."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    checks: list[Check] = []
    context: dict[str, Any] = {}

    def run(name: str, fn: Callable[[dict[str, Any]], str]) -> None:
        try:
            check = Check(name, True, fn(context))
        except Exception as e:
            detail = str(e) if isinstance(e, CheckFailed) else f"{type(e).__name__}: {e}"
            check = Check(name, False, detail)
        checks.append(check)
        say(check.line())

    with tempfile.TemporaryDirectory(prefix="posapp-selfcheck-", ignore_cleanup_errors=True) as tmp:
        context["data_dir"] = Path(tmp)
        try:
            run("version", _version)
            run("resources", _resources)
            run("zbar", _zbar)
            run("qr image", _qr_image)
            run("database", _database)
            run("window", _window)
            run("translation", _translation)
        finally:
            service = context.pop("service", None)
            if service is not None:
                service.close()
    return checks


def main() -> int:
    checks = run_checks()
    failed = [c for c in checks if not c.ok]
    if failed:
        print(f"selfcheck: {len(failed)} of {len(checks)} checks FAILED", flush=True)
        return 1
    print(f"selfcheck: all {len(checks)} checks passed", flush=True)
    return 0


# --- the checks --------------------------------------------------------------------------------


def _version(_ctx: dict[str, Any]) -> str:
    from posapp import __version__

    if "unknown" in __version__:
        raise CheckFailed(f"no package metadata (version {__version__}); rebuild the bundle")
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    return f"posapp {__version__} ({frozen}, Python {sys.version.split()[0]})"


def _resources(_ctx: dict[str, Any]) -> str:
    from posapp.resources import resource, resources_dir

    wanted = [
        resource("styles", "till.qss"),
        resource("i18n", "posapp_en.qm"),
        resource("i18n", "posapp_zh_CN.qm"),
        resource("selfcheck", "selfcheck.png"),
        resource("selfcheck", "selfcheck.txt"),
    ]
    missing = [str(p) for p in wanted if not p.is_file()]
    if missing:
        raise CheckFailed("missing: " + ", ".join(missing))
    return str(resources_dir())


def _zbar(_ctx: dict[str, Any]) -> str:
    from posapp.scan.decoder import ZbarDecoder

    try:
        ZbarDecoder()
    except (ImportError, OSError) as e:
        raise CheckFailed(
            f"libzbar not loaded ({e}); install libzbar0 (Linux). The till would fall back "
            "to OpenCV's slower QR reader."
        ) from None
    return "libzbar loaded"


def _qr_image(_ctx: dict[str, Any]) -> str:
    from posapp.resources import resource
    from posapp.scan.images import decode_image_file

    expected = resource("selfcheck", "selfcheck.txt").read_text(encoding="utf-8").strip()
    scan = decode_image_file(resource("selfcheck", "selfcheck.png"))
    texts = [r.text for r in scan.results]
    if texts != [expected]:
        raise CheckFailed(f"expected {expected!r}, read {texts!r}")
    kind = scan.results[0].payload.type
    if str(getattr(kind, "value", kind)) != "voucher":
        raise CheckFailed(f"{expected!r} read as {kind}, not as a voucher")
    return f"read {expected} as a voucher in {scan.ms:.0f} ms"


def _database(ctx: dict[str, Any]) -> str:
    from posapp.settings import resolve_paths
    from posapp.store.migrate import current_revision, head_revision
    from posapp.sync.service import TillService

    paths = resolve_paths(ctx["data_dir"]).ensure()
    ctx["paths"] = paths
    service = TillService.open(paths)
    ctx["service"] = service
    status = service.status()
    revision, head = current_revision(service.db.engine), head_revision()
    if revision is None or revision != head:
        raise CheckFailed(f"schema at {revision}, expected {head}")
    integrity = service.db.integrity_check()
    if integrity != "ok":
        raise CheckFailed(f"integrity check: {integrity}")
    journal = str(service.db.pragma("journal_mode")).lower()
    return (
        f"created and migrated to {revision} (journal {journal}, "
        f"outbox {status.outbox_length}, registered {'yes' if status.registered else 'no'})"
    )


def _window(ctx: dict[str, Any]) -> str:
    from PySide6.QtCore import QCoreApplication

    from posapp.settings import resolve_paths
    from posapp.ui.app import open_till

    paths = ctx.get("paths") or resolve_paths(ctx["data_dir"]).ensure()
    till = open_till(paths, service=ctx.get("service"), language="en", start_background=False)
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
        ctx.pop("service", None)  # till.close() closes it
        till.close()
        QCoreApplication.processEvents()


def _translation(_ctx: dict[str, Any]) -> str:
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
