"""The one HTTP client for the central service's till API (docs/API.md, /v1).

Every answer is checked before use: problem+json becomes a typed ProblemError with its
message; HTML, garbage or a cut-off body becomes NotOurServer or BadResponse; no answer
at all becomes Unreachable. Nothing here touches the database.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from posapp import __version__
from posapp.sync.errors import (
    BadResponse,
    NotOurServer,
    ProblemError,
    ServerFailure,
    SyncError,
    Unauthorized,
    Unreachable,
)

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3.05
READ_TIMEOUT_S = 20.0
MAX_BATCH = 1000


def normalise_server_url(url: str) -> str:
    """Return the service's base URL without a trailing slash; raise ValueError if unusable."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) address: {url!r}")
    return url


class CentralClient:
    """Talk to the central service as one till (device token). Safe to share between threads."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
    ) -> None:
        self.base_url = normalise_server_url(base_url)
        self.timeout = timeout
        self._token = token
        self._session = requests.Session()
        self._session.headers.update(
            {
                "Authorization": f"Bearer {token}",
                "Accept": "application/json, application/problem+json",
                "User-Agent": f"posapp-till/{__version__}",
            }
        )

    def close(self) -> None:
        self._session.close()

    # calls ---------------------------------------------------------------------------------

    def me(self) -> dict[str, Any]:
        return self._call("GET", "/v1/me")

    def sync(self, cursor: str | None, limit: int = 1000) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        page = self._call("GET", "/v1/sync", params=params)
        if not isinstance(page.get("items"), list) or not isinstance(page.get("more"), bool):
            raise BadResponse(
                "The coupon service sent an unreadable update. Try again later.",
                detail=f"sync page without items/more: {sorted(page)}",
            )
        return page

    def redeem(self, idempotency_key: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._call(
            "POST", "/v1/redemptions", json_body=body, headers={"Idempotency-Key": idempotency_key}
        )

    def redeem_batch(self, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Send up to MAX_BATCH redemptions (each with its idempotency_key); return results."""
        if len(items) > MAX_BATCH:
            raise ValueError(f"at most {MAX_BATCH} redemptions per batch")
        answer = self._call("POST", "/v1/redemptions/batch", json_body={"items": list(items)})
        results = answer.get("results")
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise BadResponse(
                "The coupon service's answer was unreadable. The write-offs stay queued.",
                detail="batch answer without results",
            )
        return results

    def reverse(self, redemption_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._call(
            "POST", f"/v1/redemptions/{quote(redemption_id, safe='')}/reverse", json_body=body
        )

    def verify_voucher(self, payload: str) -> dict[str, Any]:
        """Ask the service about a signed voucher this till cannot place; refusals raise."""
        return self._call("POST", "/v1/vouchers/verify", json_body={"payload": payload})

    def order(self, order_no: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/orders/{quote(order_no, safe='')}")

    # plumbing ------------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        url = self.base_url + path
        try:
            resp = self._session.request(
                method,
                url,
                params=params,
                json=json_body,
                headers=dict(headers or {}),
                timeout=self.timeout,
            )
            raw = resp.content  # read it all here so a cut-off body fails inside this try
        except requests.Timeout as e:
            raise Unreachable(
                "The coupon service did not answer in time. The till works offline for now.",
                detail=f"{method} {path}: timeout: {e}",
            ) from None
        except requests.ConnectionError as e:
            raise Unreachable(
                "The coupon service cannot be reached. The till works offline for now.",
                detail=f"{method} {path}: {type(e).__name__}: {e}",
            ) from None
        except (
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as e:
            raise BadResponse(
                "The coupon service's answer was cut off. Try again.",
                detail=f"{method} {path}: {type(e).__name__}: {e}",
            ) from None
        except requests.RequestException as e:
            raise Unreachable(
                "The coupon service cannot be reached. The till works offline for now.",
                detail=f"{method} {path}: {type(e).__name__}: {e}",
            ) from None
        return self._read(resp, raw, f"{method} {path}")

    def _read(self, resp: requests.Response, raw: bytes, what: str) -> dict[str, Any]:
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        is_json = ctype in ("application/json", "application/problem+json")
        if not is_json:
            if resp.status_code >= 500:
                raise ServerFailure(
                    "The coupon service is having trouble. The till keeps working offline "
                    "and will retry.",
                    detail=f"{what}: {resp.status_code} {ctype or 'no content type'}",
                )
            raise NotOurServer(
                f"The address {self.base_url} answered, but it is not a coupon service. "
                "Check the server address in the till's registration.",
                detail=f"{what}: {resp.status_code} {ctype or 'no content type'}",
            )
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            if resp.status_code >= 500:
                raise ServerFailure(
                    "The coupon service is having trouble. The till keeps working offline "
                    "and will retry.",
                    detail=f"{what}: {resp.status_code} with unreadable JSON",
                ) from None
            raise BadResponse(
                "The coupon service's answer was cut off or unreadable. Try again.",
                detail=f"{what}: {resp.status_code} invalid JSON ({len(raw)} bytes)",
            ) from None
        if not isinstance(data, dict):
            raise NotOurServer(
                f"The address {self.base_url} answered, but not like a coupon service.",
                detail=f"{what}: JSON {type(data).__name__}, not an object",
            )
        if resp.status_code >= 400:
            raise self._problem(resp.status_code, data, what)
        return data

    def _problem(self, status: int, data: dict[str, Any], what: str) -> SyncError:
        code = data.get("code")
        if not isinstance(code, str):
            if status >= 500:
                return ServerFailure(
                    "The coupon service is having trouble. The till keeps working offline "
                    "and will retry.",
                    detail=f"{what}: {status} {data.get('title', '')}",
                )
            return NotOurServer(
                f"The address {self.base_url} answered, but not like a coupon service.",
                detail=f"{what}: {status} without a problem code",
            )
        title, detail = str(data.get("title") or ""), str(data.get("detail") or "")
        params = data.get("params") if isinstance(data.get("params"), dict) else {}
        log.info("%s refused: %s %s %s", what, status, code, detail)
        if status >= 500:
            return ServerFailure(
                "The coupon service is having trouble. The till keeps working offline "
                "and will retry.",
                detail=f"{what}: {status} {code}: {detail}",
            )
        if status == 401:
            message = (
                "Head office has revoked this till's access. Ask a manager to register it again."
                if code == "token_revoked"
                else "The coupon service did not accept this till's token. "
                "Ask a manager to register the till again."
            )
            return Unauthorized(status, code, title, detail, params, data, message=message)
        return ProblemError(status, code, title, detail, params, data)
