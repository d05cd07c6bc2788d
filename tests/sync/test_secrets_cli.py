"""Tokens and PINs reach `posapp` through a file, stdin, the environment or a prompt: never its
argv, which any user of the computer reads in /proc/<pid>/cmdline (README "Tokens and PINs").

Each command runs as a real process against the real service on loopback; while it waits for
its secret, the test reads the process's command line as another user would.
"""

from __future__ import annotations

import fcntl
import os
import pty
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

import pytest
from live import Admin

from posapp.logs import LOG_FILE

pytestmark = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")

POSAPP = [sys.executable, "-m", "posapp"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSAPP_")}
    return env | {"PYTHONUNBUFFERED": "1"} | extra


def cmdline(pid: int) -> str:
    """What `ps` shows of a process: its argv, as any user of the computer may read it."""
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def argv_seen(proc: subprocess.Popen[Any]) -> str:
    """proc's command line once it runs posapp.

    Popen (vfork) may return while the kernel is still setting up the new program's argv:
    its command line reads empty for that moment.
    """
    deadline = time.monotonic() + 10
    while "posapp" not in (seen := cmdline(proc.pid)) and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate(timeout=10)
        time.sleep(0.01)
    assert "posapp" in seen, seen
    return seen


def run_with_stdin(argv: list[str], secret: str, **env: str) -> tuple[int, str, str]:
    """Run argv, hand it secret on standard input once it waits; check its argv meanwhile."""
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(**env),
    )
    try:
        assert secret not in argv_seen(proc)
        out, err = proc.communicate(secret + "\n", timeout=60)
    finally:
        proc.kill()
        proc.wait()
    return proc.returncode, out, err


def run_on_a_terminal(
    argv: list[str], *answers: str, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """Run argv with a terminal of its own; answer each no-echo prompt; check its argv meanwhile."""
    master, slave = pty.openpty()

    def own_terminal() -> None:  # what a login shell does: the pty becomes /dev/tty
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=slave,
        env=_env(**(env or {})),
        preexec_fn=own_terminal,
    )
    os.close(slave)
    seen = b""
    try:
        for answer in answers:
            asked = b""
            while not asked.endswith(b": "):  # the prompt, waiting for its answer
                asked += os.read(master, 1024)
            seen += asked
            assert answer not in argv_seen(proc)
            os.write(master, answer.encode() + b"\n")
        out, _ = proc.communicate(timeout=60)
        try:
            while chunk := os.read(master, 1024):
                seen += chunk
        except OSError:  # the terminal closed with the process
            pass
    finally:
        proc.kill()
        proc.wait()
        os.close(master)
    return proc.returncode, out.decode(), seen.decode(errors="replace")


@pytest.fixture
def device_token(central: Any) -> str:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("S1", "Store 1")
    return admin.till("S1")[1]


def _logs(data: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (data / "logs").glob(LOG_FILE + "*"))


def test_register_reads_the_token_from_standard_input(
    central: Any, device_token: str, tmp_path: Path
) -> None:
    argv = [*POSAPP, "--data-dir", str(tmp_path), "till", "register", "--server", central.url]
    status, out, err = run_with_stdin([*argv, "--token-file", "-"], device_token)
    assert status == 0 and "Registered as till" in out, err
    assert device_token not in out + err + _logs(tmp_path)


def test_register_reads_the_token_from_a_file_or_the_environment(
    central: Any, device_token: str, tmp_path: Path
) -> None:
    token_file = tmp_path / "till.token"
    token_file.write_text(device_token + "\n")
    for n, (extra, env) in enumerate(
        [(["--token-file", str(token_file)], {}), ([], {"POSAPP_TILL_TOKEN": device_token})]
    ):
        data = tmp_path / f"till{n}"
        argv = [*POSAPP, "--data-dir", str(data), "till", "register", "--server", central.url]
        done = subprocess.run(
            [*argv, *extra], capture_output=True, text=True, env=_env(**env), timeout=60
        )
        assert done.returncode == 0 and "Registered as till" in done.stdout, done.stderr
        assert device_token not in " ".join(done.args) + done.stdout + done.stderr + _logs(data)
        assert "warning" not in done.stderr


def test_register_asks_for_the_token_on_a_terminal(
    central: Any, device_token: str, tmp_path: Path
) -> None:
    argv = [*POSAPP, "--data-dir", str(tmp_path), "till", "register", "--server", central.url]
    status, out, screen = run_on_a_terminal(argv, device_token)
    assert status == 0 and "Registered as till" in out, screen
    assert "Device token:" in screen and device_token not in screen  # not echoed


def test_register_without_a_token_says_how_to_give_one(tmp_path: Path) -> None:
    argv = [*POSAPP, "--data-dir", str(tmp_path), "till", "register"]
    done = subprocess.run(
        [*argv, "--server", "http://127.0.0.1:1"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
    )
    assert done.returncode == 1
    assert "--token-file" in done.stderr and "POSAPP_TILL_TOKEN" in done.stderr, done.stderr
    assert "Nothing was registered" in done.stderr


def test_the_token_on_the_command_line_still_works_with_a_warning(
    central: Any, device_token: str, tmp_path: Path
) -> None:
    argv = [*POSAPP, "--data-dir", str(tmp_path), "till", "register", "--server", central.url]
    done = subprocess.run(
        [*argv, "--token", device_token], capture_output=True, text=True, env=_env(), timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "--token-file" in done.stderr and "ps" in done.stderr


def test_users_create_reads_the_pin_from_standard_input(central: Any, tmp_path: Path) -> None:
    Admin(central.url, central.admin_token, central.db_url).store("S1", "Store 1")
    token_file = tmp_path / "admin.token"
    token_file.write_text(central.admin_token)
    argv = [*POSAPP, "admin", "--server", central.url, "--token-file", str(token_file)]
    pin = "480913"
    status, out, err = run_with_stdin(
        [
            *argv,
            "users",
            "create",
            "Li Na",
            "--role",
            "cashier",
            "--store",
            "S1",
            "--pin-file",
            "-",
        ],
        pin,
    )
    assert status == 0 and '"name": "Li Na"' in out, err
    assert pin not in out + err and central.admin_token not in out + err


def test_users_create_and_set_pin_ask_twice_on_a_terminal(central: Any) -> None:
    Admin(central.url, central.admin_token, central.db_url).store("S1", "Store 1")
    argv = [*POSAPP, "admin", "--server", central.url]
    env = {"POSAPP_ADMIN_TOKEN": central.admin_token}
    status, out, screen = run_on_a_terminal(
        [*argv, "users", "create", "Wang", "--role", "manager", "--store", "S1", "--id", "U-w"],
        "725140",
        "725140",
        env=env,
    )
    assert status == 0 and '"id": "U-w"' in out, screen
    assert "PIN for Wang" in screen and "Again, to confirm:" in screen
    assert "725140" not in screen + out and "warning" not in screen

    status, out, screen = run_on_a_terminal(
        [*argv, "users", "set-pin", "U-w"], "1111", "2222", env=env
    )
    assert status == 1 and "differ" in screen and "nothing was changed" in screen, screen

    status, out, screen = run_on_a_terminal(
        [*argv, "users", "set-pin", "U-w"], "90817", "90817", env=env
    )
    assert status == 0 and "PIN of Wang (U-w) changed" in out, screen
