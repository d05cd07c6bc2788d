"""Render each main screen of the till app to PNG, for review without a display.

    python -m posapp.ui.screenshots --out DIR [--lang en|zh_CN|both] [--size 1366x768] [--check]

Runs the real demo (central service in-process, seeded, a registered till) on the offscreen
platform unless a display is set, drives the windows through the main flows, and grabs each
screen with QWidget.grab(). With --check it also says, per screen, where the window does not
fit, text is cut off, or (zh_CN) English is left (screen_check.py), and exits 1 if anywhere.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from posapp.sync.results import RedeemResult
    from posapp.ui.demo_panel import World
    from posapp.ui.view_models import VerdictView

SIZE = (1280, 800)
SIZES = {"1366x768": (1366, 768), "1024x768": (1024, 768), "1280x800": SIZE}
# What a window gets of a 768-pixel-high screen: a title bar and a taskbar take their share.
FRAME_H = 56


def wait_until(app: QApplication, predicate: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.01)
    return False


class Shooter:
    def __init__(
        self, world: World, out: Path, lang: str, size: tuple[int, int] = SIZE, check: bool = False
    ) -> None:
        from posapp.ui.app import open_till
        from posapp.ui.demo_panel import DemoCode, DemoPanel, demo_label

        self.world = world
        self.out = out
        self.lang = lang
        self.till = open_till(world.paths, service=world.service, language=lang)
        self.session = self.till.session
        self.window = self.till.window
        self.session.demo = True
        self.size = (size[0], size[1] - FRAME_H) if size != SIZE else size
        self.window.resize(*self.size)
        self.check = check
        self.problems: dict[str, list[str]] = {}
        self.app = self.till.app
        codes = [DemoCode(c.key, demo_label(c.key), c.payload) for c in world.codes]
        self.payloads = {c.key: c.payload for c in world.codes}
        self.panel = DemoPanel(codes)
        self.window.redeem.side_panel.addWidget(self.panel)
        self.shots: list[Path] = []

    def settle(self, ms: int = 300) -> None:
        self.till.runner.wait_idle(10)
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def shoot(self, name: str) -> None:
        self.settle()
        w, h = self.size
        tag = "" if self.size == SIZE else f"{w}x{h + FRAME_H}-"
        path = self.out / f"{self.lang}-{tag}{name}.png"
        self.window.grab().save(str(path))
        self.shots.append(path)
        print(path, flush=True)
        if self.check:
            found = self.find_problems()
            if found:
                self.problems[path.name] = found
                for p in found:
                    print("   ", p, flush=True)

    def find_problems(self) -> list[str]:
        from posapp.ui import screen_check

        found = screen_check.window_problems(self.window, *self.size)
        found += screen_check.clipped_texts(self.window)
        if self.lang == "zh_CN":
            found += screen_check.english_left(self.window, self.world.data_names())
        return found

    def login(self, name: str, pin: str) -> None:
        login = self.window.login
        login.user.setText(name)
        login.pin.setText(pin)
        login.submit()
        wait_until(self.app, lambda: self.session.user is not None)

    def scan(self, key: str, bill_cents: int | None = None) -> None:
        redeem = self.window.redeem
        seen: list[VerdictView] = []
        redeem.verdict_shown.connect(seen.append)
        self.session.feed_scan(self.payloads[key], "manual")
        wait_until(self.app, lambda: bool(seen))
        if bill_cents is not None:
            seen.clear()
            redeem.bill.set_total(bill_cents)
            redeem._recheck_now()
            wait_until(self.app, lambda: bool(seen))
        redeem.verdict_shown.disconnect(seen.append)

    def confirm(self) -> None:
        redeem = self.window.redeem
        done: list[RedeemResult] = []
        redeem.redeemed.connect(done.append)
        wait_until(self.app, redeem.guard.ready)  # as a cashier: read the verdict, then confirm
        redeem.confirm_redeem()
        wait_until(self.app, lambda: bool(done))
        redeem.redeemed.disconnect(done.append)

    def run(self) -> list[Path]:
        w = self.window
        wait_until(self.app, lambda: self.session.status is not None)
        self.shoot("01-login")
        name, pin = self.world.cashier
        manager = self.world.manager
        self.login(*manager) if manager else self.login(name, pin)
        self.shoot("02-redeem-ready")
        keys = self.payloads
        if "gift" in keys:
            self.scan("gift")
            self.shoot("03-verdict-gift")
            self.confirm()
            self.shoot("04-redeemed")
        for key in ("discount", "reduction"):
            if key in keys:
                self.scan(key)
                self.shoot(f"05-{key}-needs-bill")
                self.scan(key, bill_cents=32000)
                self.shoot(f"06-{key}-quote")
                break
        for key in ("expired", "redeemed", "wrong_store"):
            if key in keys:
                self.scan(key)
                self.shoot(f"07-refused-{key}")
        if "order" in keys:
            self.scan("order")
            wait_until(self.app, lambda: bool(w.redeem.order.vouchers), 5)
            self.shoot("08-order")
        w.redeem.reset()
        for page, name in (
            ("reverse", "09-reversal"),
            ("history", "10-history"),
            ("tally", "11-tally"),
            ("conflicts", "12-conflicts"),
            ("settings", "13-settings"),
        ):
            if w.show_page(page):
                self.shoot(name)
        return self.shots

    def close(self) -> None:
        self.till.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots", help="folder for the PNG files")
    parser.add_argument("--lang", default="both", choices=("en", "zh_CN", "both"))
    parser.add_argument("--size", default="1280x800", choices=sorted(SIZES), help="screen size")
    parser.add_argument("--check", action="store_true", help="report layout and language problems")
    args = parser.parse_args(argv)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from posapp.demo import start_world

    langs = ["en", "zh_CN"] if args.lang == "both" else [args.lang]
    bad = 0
    for lang in langs:
        world = start_world(None, say=lambda _m: None)
        try:
            shooter = Shooter(world, out, lang, SIZES[args.size], args.check)
            try:
                shooter.run()
                bad += sum(len(p) for p in shooter.problems.values())
            finally:
                shooter.close()
        finally:
            world.stop()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
