"""`posapp selfcheck` from source: one line per check, exit 0 only when every check passes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from posapp import __version__
from posapp.ui import selfcheck

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ("version", "resources", "zbar", "qr image", "database", "window", "translation")


def test_selfcheck_passes_from_source() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "posapp", "selfcheck"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["ok"] * len(CHECKS)
    for check in CHECKS:
        assert any(line[6:].startswith(check) for line in lines), check
    assert f"posapp {__version__} (source" in done.stdout
    assert "read SE7FCHECKQRV as a voucher" in done.stdout
    assert lines[-1] == f"selfcheck: all {len(CHECKS)} checks passed"


def test_selfcheck_fails_when_the_resources_are_missing(qapp, monkeypatch, tmp_path, capsys):
    import posapp.resources

    monkeypatch.setattr(posapp.resources, "resources_dir", lambda: tmp_path / "nothing")
    assert selfcheck.main() == 1
    out = capsys.readouterr().out
    assert "FAIL  resources" in out and "FAIL  qr image" in out
    assert "ok    database" in out  # the other checks still ran
    assert "checks FAILED" in out.splitlines()[-1]
