"""`posapp demo`: headless check, and a clear message when there is no display."""

from __future__ import annotations

import os
import subprocess
import sys


def _env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(extra)
    return env


def test_demo_without_a_display_says_how_to_run_it(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "posapp", "--data-dir", str(tmp_path), "demo"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode != 0
    assert "no display" in out.stderr and "xvfb-run" in out.stderr
    assert "Traceback" not in out.stderr


def test_demo_check_redeems_a_coupon_headless(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "posapp", "--data-dir", str(tmp_path), "demo", "--check"],
        env=_env(QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "written off" in out.stdout
