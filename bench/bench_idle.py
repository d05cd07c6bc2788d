"""The till app left alone: CPU used and till-service calls made by a logged-in, idle window.

Runs the real demo world (central service in-process, seeded, a registered and synced till) on
the offscreen platform, logs the cashier in, then runs the Qt event loop untouched for IDLE_S
seconds and prints the CPU time over that span, of the GUI thread and of the whole process (all
threads, the in-process central service included), and how often the GUI asked the till service
for its status or day book. The sync worker is off, so the figures are the GUI's own. Then the
same with the demo's camera on (an empty counter, 15 frames a second, through the real camera
worker and decoder): the anchor is one plain pyzbar decode per frame of the same size, the
least an always-decoding camera costs. Prints only.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable

IDLE_S = 20.0


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from posapp.demo import start_world

    for camera in (False, True):  # a world each: closing the window closes its till service
        world = start_world(tempfile.mkdtemp(prefix="posapp-bench-"), say=lambda _m: None)
        try:
            _run(world, camera=camera)
        finally:
            world.stop()


def _counting(calls: dict[str, int], name: str, fn: Callable[..., object]) -> Callable[..., object]:
    def counted(*args: object, **kwargs: object) -> object:
        calls[name] = calls.get(name, 0) + 1
        return fn(*args, **kwargs)

    return counted


def _anchor_ms_per_s(fps: float) -> float:
    """Plain pyzbar on the demo camera's empty 640x480 frame, for fps frames: CPU ms per s."""
    import numpy as np
    from pyzbar import pyzbar

    frame = np.full((480, 640), 214, dtype=np.uint8)
    n = 60
    t0 = time.process_time()
    for _ in range(n):
        pyzbar.decode(frame)
    return 1000 * (time.process_time() - t0) / n * fps


def _run(world: object, camera: bool) -> None:
    from PySide6.QtCore import QTimer

    from posapp.ui.app import open_till

    service = world.service  # type: ignore[attr-defined]
    calls: dict[str, int] = {}
    for name in ("status", "day_book", "tally", "conflicts"):
        if hasattr(service, name):
            setattr(service, name, _counting(calls, name, getattr(service, name)))
    till = open_till(world.paths, service=service, language="en", start_background=False)  # type: ignore[attr-defined]
    app, session, window = till.app, till.session, till.window
    name, pin = world.cashier  # type: ignore[attr-defined]
    window.login.user.setText(name)
    window.login.pin.setText(pin)
    window.login.submit()
    deadline = time.monotonic() + 20
    while session.user is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    settled = time.monotonic() + 1.0  # what logging in set off (status, saving prefs) ends
    while time.monotonic() < settled:
        app.processEvents()
        time.sleep(0.01)
    till.runner.wait_idle(10)
    worker = None
    if camera:
        from posapp.ui.demo_panel import HeldUpVoucher

        till.camera.start(source=HeldUpVoucher())
        time.sleep(1.0)
        worker = getattr(till.camera, "_worker", None)
    calls.clear()
    cpu0, gui0, wall0 = time.process_time(), time.thread_time(), time.perf_counter()
    QTimer.singleShot(int(IDLE_S * 1000), app.quit)
    app.exec()
    cpu, gui = time.process_time() - cpu0, time.thread_time() - gui0
    wall = time.perf_counter() - wall0
    label = "camera on" if camera else "no camera"
    print(f"{'idle logged-in window (' + label + '), wall time':<48} {wall:8.1f} s")
    print(f"{'CPU time, GUI thread':<48} {1000 * gui:8.1f} ms ({100 * gui / wall:.2f} %)")
    print(f"{'CPU time, whole process':<48} {1000 * cpu:8.1f} ms ({100 * cpu / wall:.2f} %)")
    for key in sorted(calls):
        print(f"{'till service ' + key + '() calls':<48} {calls[key]:8d}")
    if not calls:
        print(f"{'till service calls':<48} {0:8d}")
    if camera:
        stats = getattr(worker, "stats", None)
        if stats is not None:
            seen = f"{stats.frames_read} / {stats.frames_decoded}"
            print(f"{'camera frames read / decoded':<48} {seen:>8}")
        anchor = _anchor_ms_per_s(15.0) * wall
        print(f"{'anchor: plain pyzbar on every frame, CPU':<48} {anchor:8.1f} ms")
        print(f"{'ratio whole process / anchor':<48} {cpu * 1000 / anchor:8.2f}x")
    till.close()
    world.service = _Closed()  # type: ignore[attr-defined]  # till.close() closed it


class _Closed:
    def close(self) -> None:
        pass
