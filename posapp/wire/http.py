"""The one HTTP client for the central service: every answer checked, every call bounded.

- problem+json answers become a typed `ProblemError` (401: `Unauthorized`) with the
  service's stable code; HTML, garbage or a cut-off body becomes `NotOurServer` or
  `BadResponse`; no answer at all becomes `Unreachable`.
- Every call has a total deadline, not just a read timeout: a server that sends one byte a
  second would otherwise hold a caller for as long as it likes (requests' read timeout is
  per socket read). A watchdog shuts the connection's socket down when the deadline passes.
- An operation of several calls (a lookup, a write-off, a sync) runs `within(seconds)`: every
  call in that block, in that thread, ends by the operation's one deadline, together.
- Nothing here knows who calls: the till's `CentralClient` and the admin CLI are thin
  layers that name the calls and add what their user does about a failure.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from posapp.wire.errors import (
    BadResponse,
    NotOurServer,
    ProblemError,
    ServerFailure,
    ServiceError,
    Unauthorized,
    Unreachable,
)

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3.05
READ_TIMEOUT_S = 20.0
MIN_CALL_S = 0.05  # less time than this left in an operation: the call is not even sent
JSON_TYPES = ("application/json", "application/problem+json")


def normalise_server_url(url: str) -> str:
    """Return the service's base URL without a trailing slash; raise ValueError if unusable."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) address: {url!r}")
    return url


# --- the deadline watchdog -------------------------------------------------------------------


class _Watch:
    """The connection a call is using, so a timer can cut it off at the deadline."""

    def __init__(self) -> None:
        self.conn: HTTPConnection | None = None
        self.fired = False
        self._lock = threading.Lock()

    def attach(self, conn: HTTPConnection) -> None:
        with self._lock:
            self.conn = conn
            if self.fired:
                self._cut()

    def fire(self) -> None:
        with self._lock:
            self.fired = True
            self._cut()

    def _cut(self) -> None:
        sock = getattr(self.conn, "sock", None)
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # the blocked read returns at once


_current = threading.local()


def _watch_of_thread() -> _Watch | None:
    watch = getattr(_current, "watch", None)
    return watch if isinstance(watch, _Watch) else None


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        if (watch := _watch_of_thread()) is not None:
            watch.attach(self)

    def getresponse(self) -> Any:  # urllib3's own return type; kept as is
        if (watch := _watch_of_thread()) is not None:
            watch.attach(self)  # a kept-alive connection never connects again
        return super().getresponse()


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        if (watch := _watch_of_thread()) is not None:
            watch.attach(self)

    def getresponse(self) -> Any:
        if (watch := _watch_of_thread()) is not None:
            watch.attach(self)
        return super().getresponse()


class _WatchedPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _WatchedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedPool, "https": _WatchedHTTPSPool}


@contextmanager
def _deadline(seconds: float | None) -> Iterator[_Watch]:
    watch = _Watch()
    timer = None
    if seconds is not None:
        timer = threading.Timer(seconds, watch.fire)
        timer.daemon = True
        timer.start()
    _current.watch = watch
    try:
        yield watch
    finally:
        _current.watch = None
        if timer is not None:
            timer.cancel()


# --- one deadline for an operation of several calls -----------------------------------------

_ends_at: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "posapp_call_deadline", default=None
)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Make every call in this block (this thread) end within seconds from now, together.

    Nested blocks keep the earlier end: an operation cannot give its parts more time than
    it has itself.
    """
    end = time.monotonic() + seconds
    outer = _ends_at.get()
    token = _ends_at.set(end if outer is None else min(outer, end))
    try:
        yield
    finally:
        _ends_at.reset(token)


def time_left() -> float | None:
    """Seconds left in the innermost `within` block; None outside any."""
    end = _ends_at.get()
    return None if end is None else max(0.0, end - time.monotonic())


def at_most(seconds: float) -> float:
    """seconds, or what is left of the operation's deadline if that is less (a lock wait)."""
    left = time_left()
    return seconds if left is None else min(seconds, left)


# --- the client ------------------------------------------------------------------------------


class HttpClient:
    """Call one service with one bearer token. Safe to share between threads.

    hint: what the caller does when the service is down, added to transient errors
    (the till: "The till works offline for now."); unauthorized: the message for a
    refused token, by problem code, when the caller has better words than the service.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        agent: str,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
        deadline_s: float | None = None,
        hint: str = "",
        unauthorized: Callable[[str], str | None] | None = None,
    ) -> None:
        self.base_url = normalise_server_url(base_url)
        self.timeout = timeout
        self.deadline_s = deadline_s if deadline_s is not None else sum(timeout) * 2
        self.hint = hint
        self._unauthorized = unauthorized
        self._session = requests.Session()
        adapter = _WatchedAdapter()
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        headers = {"Accept": "application/json, application/problem+json", "User-Agent": agent}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._session.headers.update(headers)

    def close(self) -> None:
        self._session.close()

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        deadline_s: float | None = None,
    ) -> Any:
        """Make the call; return the JSON answer (None for an empty one); raise ServiceError."""
        what = f"{method} {path}"
        started = time.monotonic()
        limit = deadline_s or self.deadline_s
        timeout = self.timeout
        left = time_left()
        if left is not None:
            if left < MIN_CALL_S:
                raise Unreachable(
                    "The coupon service did not answer in time.",
                    detail=f"{what}: not sent, the operation's deadline had passed",
                ).with_hint(self.hint)
            limit = min(limit, left)
            timeout = (min(timeout[0], left), min(timeout[1], left))
        with _deadline(limit) as watch:
            try:
                resp = self._session.request(
                    method,
                    self.base_url + path,
                    params=params,
                    json=json_body,
                    headers=dict(headers or {}),
                    timeout=timeout,
                )
                raw = resp.content  # read it all here so a cut-off body fails inside the watch
            except requests.RequestException as e:
                raise self._failed(e, what, watch.fired, time.monotonic() - started) from None
        if watch.fired:
            # Cut off at the deadline: what was read may look whole (headers ended by the
            # shutdown, an empty body) but cannot be trusted.
            raise Unreachable(
                "The coupon service did not answer in time.",
                detail=f"{what}: cut off at the {time.monotonic() - started:.1f} s deadline",
            ).with_hint(self.hint)
        return self._read(resp, raw, what)

    def call_object(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """Make a call whose answer must be a JSON object."""
        data = self.call(method, path, **kwargs)
        if not isinstance(data, dict):
            raise NotOurServer(
                f"The address {self.base_url} answered, but not like a coupon service.",
                detail=f"{method} {path}: JSON {type(data).__name__}, not an object",
            )
        return data

    def stream_to(self, path: str, out: IO[bytes]) -> int:
        """Download path into out (a CSV export); return the number of lines after the header."""
        try:
            with self._session.get(self.base_url + path, stream=True, timeout=self.timeout) as r:
                if r.status_code >= 400:
                    self._read(r, r.content, f"GET {path}")
                lines = 0
                for chunk in r.iter_content(chunk_size=65536):
                    out.write(chunk)
                    lines += chunk.count(b"\n")
                return max(0, lines - 1)
        except requests.RequestException as e:
            raise self._failed(e, f"GET {path}", False, 0.0) from None

    # answers ------------------------------------------------------------------------------

    def _failed(
        self, e: requests.RequestException, what: str, deadline: bool, took_s: float
    ) -> ServiceError:
        detail = f"{what}: {type(e).__name__}: {e}"
        error: ServiceError
        if deadline or isinstance(e, requests.Timeout):
            error = Unreachable(
                "The coupon service did not answer in time.",
                detail=f"{what}: no answer within {took_s:.1f} s ({type(e).__name__})",
            )
        elif isinstance(
            e, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError
        ):
            error = BadResponse(
                "The coupon service's answer was cut off. Try again.", detail=detail
            )
        else:
            error = Unreachable("The coupon service cannot be reached.", detail=detail)
        return error.with_hint(self.hint)

    def _read(self, resp: requests.Response, raw: bytes, what: str) -> Any:
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        status = resp.status_code
        if not raw and status < 400:
            return None
        if ctype not in JSON_TYPES:
            if status >= 500:
                raise self._trouble(f"{what}: {status} {ctype or 'no content type'}")
            raise NotOurServer(
                f"The address {self.base_url} answered, but it is not a coupon service. "
                "Check the server address.",
                detail=f"{what}: {status} {ctype or 'no content type'}",
            )
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            if status >= 500:
                raise self._trouble(f"{what}: {status} with unreadable JSON") from None
            raise BadResponse(
                "The coupon service's answer was cut off or unreadable. Try again.",
                detail=f"{what}: {status} invalid JSON ({len(raw)} bytes)",
            ).with_hint(self.hint) from None
        if status >= 400:
            raise self._problem(status, data, what)
        return data

    def _trouble(self, detail: str) -> ServiceError:
        return ServerFailure("The coupon service is having trouble.", detail=detail).with_hint(
            self.hint
        )

    def _problem(self, status: int, data: Any, what: str) -> ServiceError:
        code = data.get("code") if isinstance(data, dict) else None
        if not isinstance(data, dict) or not isinstance(code, str):
            if status >= 500:
                return self._trouble(f"{what}: {status} without a problem code")
            return NotOurServer(
                f"The address {self.base_url} answered, but not like a coupon service.",
                detail=f"{what}: {status} without a problem code",
            )
        title, detail = str(data.get("title") or ""), str(data.get("detail") or "")
        params = data.get("params") if isinstance(data.get("params"), dict) else {}
        log.info("%s refused: %s %s %s", what, status, code, detail)
        if status >= 500:
            return self._trouble(f"{what}: {status} {code}: {detail}")
        if status == 401:
            message = self._unauthorized(code) if self._unauthorized else None
            return Unauthorized(
                status, code, title, detail, params, data, message=message or detail or title
            )
        return ProblemError(status, code, title, detail, params, data)
