"""The till app: cold start to a usable redeem screen, and scan-to-verdict-on-screen latency.

Runs the real demo world (central service in-process, seeded, a registered and synced till)
on the offscreen platform. Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import tempfile
import time

from bench.stats import report

SCANS = 60


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from posapp.demo import start_world

    world = start_world(tempfile.mkdtemp(prefix="posapp-bench-"), say=lambda _m: None)
    try:
        _run(world)
    finally:
        world.stop()


def _spin(app, predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        app.processEvents()


def _run(world) -> None:
    from posapp.ui.app import application

    t0 = time.perf_counter()
    app = application()
    from posapp.ui.app import open_till

    t_qt = time.perf_counter()
    # cold: the app opens the till database itself, in the background, as `posapp app` does
    world.service.close()
    till = open_till(world.paths, language="en", start_background=False)
    session, window = till.session, till.window
    _spin(app, lambda: session.service is not None)
    t_service = time.perf_counter()
    login = window.login
    login.user.setText(world.cashier[0])
    login.pin.setText(world.cashier[1])
    login.submit()
    _spin(app, lambda: session.user is not None and window.redeem.isVisible())
    t_ready = time.perf_counter()
    print(f"{'QApplication + imports':<48} {1000 * (t_qt - t0):8.1f} ms")
    print(f"{'window up, till database opened':<48} {1000 * (t_service - t_qt):8.1f} ms")
    print(f"{'cold start to redeem screen (incl. login)':<48} {1000 * (t_ready - t0):8.1f} ms")

    payloads = {c.key: c.payload for c in world.codes}
    redeem = window.redeem
    for key in ("gift", "expired", "discount"):
        if key not in payloads:
            continue
        samples = []
        for _ in range(SCANS):
            seen: list[object] = []
            redeem.verdict_shown.connect(seen.append)
            start = time.perf_counter()
            session.feed_scan(payloads[key], "scanner")
            _spin(app, lambda seen=seen: bool(seen))
            app.processEvents()  # the card repaints in this pass
            samples.append((time.perf_counter() - start) * 1000)
            redeem.verdict_shown.disconnect(seen.append)
        report(f"scan to verdict on screen ({key})", samples)
    till.close()
    world.service = _Closed()


class _Closed:
    def close(self) -> None:
        pass
