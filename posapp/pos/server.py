"""The POS endpoint: loopback HTTP in a thread of the till process, over the till service.

    POST /pos/v1/check   {payload, basket}               -> the verdict and the quote
    POST /pos/v1/redeem  {payload, basket, cashier_id}   -> the write-off (Idempotency-Key)
    GET  /pos/v1/health                                   -> {"status": "ok"}

Every call needs `Authorization: Bearer <token>` (posapp till pos-token). Errors are
problem documents with a stable code, in words a POS developer can act on. A redeem's
Idempotency-Key is the write-off's own id: a replayed confirm answers what the first did.
Each call is told to `on_event`, so the cashier's screen shows what the POS asked for.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pydantic import ValidationError

from posapp.pos.models import PosCheckIn, PosRedeemIn
from posapp.pos.token import matches
from posapp.sync.results import CheckResult, RedeemResult
from posapp.sync.service import TillService

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024


@dataclass(frozen=True)
class PosEvent:
    """One POS call, for the cashier's screen: what was asked, and what the till answered."""

    kind: str  # "check" | "redeem"
    payload: str
    result: CheckResult | RedeemResult


class PosError(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


def require_loopback(host: str) -> None:
    """Refuse to listen anywhere but this machine: the endpoint writes coupons off."""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(
            f"the POS endpoint listens on this machine only (127.0.0.1 or ::1), not {host!r}"
        )


def check_answer(result: CheckResult) -> dict[str, Any]:
    q = result.quote
    return {
        "ok": result.ok,
        "kind": result.kind.value,
        "code": result.code,
        "reason": (result.refusal.reason.value if result.refusal else None),
        "message": result.message(),
        "discount_cents": q.discount_cents if q else None,
        "pay_cents": q.pay_cents if q else None,
        "shares": list(q.shares) if q else [],
        "gift_items": [{"sku": g.sku, "name": g.name, "quantity": g.quantity} for g in q.gift_items]
        if q
        else [],
    }


class PosServer:
    """Serve the POS endpoint until stop(); start() binds, so a taken port fails at once."""

    def __init__(
        self,
        service: TillService,
        token_digest: str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        on_event: Callable[[PosEvent], None] | None = None,
    ) -> None:
        require_loopback(host)
        self.service = service
        self.token_digest = token_digest
        self.on_event = on_event
        self._httpd = ThreadingHTTPServer((host, port), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="posapp-pos", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        shown = host.decode() if isinstance(host, bytes) else str(host)
        return f"http://{shown}:{port}"

    def start(self) -> PosServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    # the calls ------------------------------------------------------------------------

    def handle(self, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, dict[str, Any]]:
        auth = headers.get("authorization", "")
        if not auth.startswith("Bearer ") or not matches(auth[7:].strip(), self.token_digest):
            raise PosError(401, "unauthorized", "Send the till's POS token as a Bearer token.")
        if path == "/pos/v1/check":
            asked = _read(raw, PosCheckIn)
            check = self.service.check(asked.payload, asked.basket.to_basket())
            self._tell(PosEvent("check", asked.payload, check))
            return 200, check_answer(check)
        if path == "/pos/v1/redeem":
            key = _key(headers.get("idempotency-key"))
            wanted = _read(raw, PosRedeemIn)
            basket = wanted.basket.to_basket()
            try:
                done = self.service.redeem(
                    wanted.payload, basket, wanted.cashier_id, redemption_id=key
                )
            except ValueError as e:  # the key was used for another coupon
                raise PosError(422, "idempotency_key_reused", str(e)) from None
            self._tell(PosEvent("redeem", wanted.payload, done))
            # A refusal is an answer about the coupon, not a failed call: 200 with its reason.
            return (201 if done.redeemed else 200), done.to_dict()
        raise PosError(404, "not_found", f"No POS call {path!r}.")

    def _tell(self, event: PosEvent) -> None:
        if self.on_event is not None:
            try:
                self.on_event(event)
            except Exception:
                log.exception("the POS event listener failed")


def _read(raw: bytes, model: type[PosCheckIn] | type[PosRedeemIn]) -> Any:
    try:
        return model.model_validate_json(raw)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ())) or "the body"
        raise PosError(
            422, "validation_error", f"{where}: {first.get('msg', 'not valid')}"
        ) from None


def _key(raw: str | None) -> str:
    if not raw:
        raise PosError(400, "idempotency_key_missing", "Send a new UUID as 'Idempotency-Key'.")
    try:
        return str(uuid.UUID(raw.strip().strip('"')))
    except ValueError:
        raise PosError(422, "validation_error", "The Idempotency-Key must be a UUID.") from None


def _handler(pos: PosServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "posapp-pos"

        def log_message(self, format: str, *args: Any) -> None:
            log.info("pos: " + format, *args)  # never the headers: they carry the token

        def do_GET(self) -> None:
            if self.path == "/pos/v1/health":
                self._send(200, {"status": "ok"})
            else:
                self._send(404, _problem(404, "not_found", f"No POS call {self.path!r}."))

        def do_POST(self) -> None:
            try:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    raise PosError(413, "payload_too_large", "The body is larger than 256 KiB.")
                raw = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, body = pos.handle(self.path, headers, raw)
            except PosError as e:
                status, body = e.status, _problem(e.status, e.code, e.detail)
            except Exception:
                log.exception("POS call %s failed", self.path)
                status, body = 500, _problem(500, "internal_error", "The till could not do it.")
            self._send(status, body)

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body, ensure_ascii=False, default=str).encode("utf-8")
            self.send_response(status)
            kind = "application/problem+json" if status >= 400 else "application/json"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _problem(status: int, code: str, detail: str) -> dict[str, Any]:
    return {"type": f"urn:posapp:problem:{code}", "status": status, "code": code, "detail": detail}
