"""Run the real service for tests, the demo and benchmarks: in a thread, or as a process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from posapp.central.settings import ADMIN_TOKEN_ENV, DB_ENV
from posapp.wire.errors import ServiceError
from posapp.wire.http import HttpClient

HEALTH = "/v1/health"


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free right now on host."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def wait_for_health(
    url: str,
    timeout: float = 30.0,
    alive: threading.Event | None = None,
    proc: subprocess.Popen[bytes] | None = None,
) -> None:
    """Poll url's /v1/health until it answers 200; raise RuntimeError after timeout."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    client = HttpClient(url, agent="posapp-runner", timeout=(2.0, 2.0))
    try:
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(
                    f"the service exited with code {proc.returncode} before answering"
                )
            try:
                if client.call_object("GET", HEALTH).get("status") == "ok":
                    return
            except ServiceError as e:
                last = e
            time.sleep(0.05)
    finally:
        client.close()
    raise RuntimeError(f"the service at {url} did not answer within {timeout} s: {last}")


@dataclass
class RunningServer:
    """The service on uvicorn in a daemon thread of this process."""

    url: str
    admin_token: str
    db_url: str
    _server: object = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _db: object = field(repr=False)

    def stop(self) -> None:
        from posapp.central.db import Database

        server = self._server
        server.should_exit = True  # type: ignore[attr-defined]
        self._thread.join(timeout=10)
        assert isinstance(self._db, Database)
        self._db.close()


def start_in_thread(
    db_url: str, host: str = "127.0.0.1", port: int = 0, admin_token: str | None = None
) -> RunningServer:
    """Prepare db_url and serve it from a daemon thread; return once /v1/health answers."""
    import uvicorn

    from posapp.central.app import create_app
    from posapp.central.auth import new_token
    from posapp.central.bootstrap import prepare
    from posapp.central.db import Database
    from posapp.central.settings import CentralSettings

    token = admin_token or new_token()
    settings = CentralSettings(db_url=db_url, admin_token=token)
    db = Database(db_url)
    prepare(db, settings)
    app = create_app(settings, db)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=3,
        timeout_keep_alive=30,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"central:{bound}", daemon=True
    )
    thread.start()
    url = f"http://{host}:{bound}"
    try:
        wait_for_health(url)
    except Exception:
        server.should_exit = True
        thread.join(timeout=5)
        db.close()
        raise
    return RunningServer(
        url=url, admin_token=token, db_url=db_url, _server=server, _thread=thread, _db=db
    )


@dataclass
class RunningProcess:
    """The service as a `python -m posapp server` subprocess: stop, kill and restart it."""

    db_url: str
    port: int
    admin_token: str
    data_dir: Path
    host: str = "127.0.0.1"
    workers: int = 1
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "server-process.log"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout: float = 60.0) -> RunningProcess:
        """Start (or restart) the process on the same port and database; wait for health."""
        if self.running:
            return self
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env[ADMIN_TOKEN_ENV] = self.admin_token
        env[DB_ENV] = self.db_url
        cmd = [
            sys.executable,
            "-m",
            "posapp",
            "--data-dir",
            str(self.data_dir),
            "server",
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]
        log = self.log_path.open("ab")
        try:
            self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        finally:
            log.close()
        try:
            wait_for_health(self.url, timeout=timeout, proc=self.proc)
        except Exception:
            self.kill()
            raise
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the process to shut down (SIGTERM); kill it if it does not."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """Kill the process at once (SIGKILL), as a crash or a pulled cable would."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.kill()
        self.proc.wait(timeout=10)

    def restart(self, timeout: float = 60.0) -> RunningProcess:
        self.stop()
        return self.start(timeout)


def start_process(
    db_url: str,
    port: int,
    admin_token: str,
    data_dir: str | os.PathLike[str],
    *,
    workers: int = 1,
) -> RunningProcess:
    """Start the service as a subprocess on port with db_url; return once it answers."""
    return RunningProcess(
        db_url=db_url, port=port, admin_token=admin_token, data_dir=Path(data_dir), workers=workers
    ).start()
