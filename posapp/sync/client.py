"""The till's calls to the central service (docs/API.md, /v1), over the one HTTP client.

posapp.wire.http checks every answer and bounds every call; this names the till's calls,
says what the till does when the service is down, and checks the shape of what it reads.
Nothing here touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from posapp import __version__
from posapp.wire.errors import BadResponse, ProblemError
from posapp.wire.feed import CURSOR_PATTERN, Reset
from posapp.wire.http import CONNECT_TIMEOUT_S, READ_TIMEOUT_S, HttpClient

MAX_BATCH = 1000
OFFLINE_HINT = "The till works offline for now."
# Every call ends by its deadline, however the server drips its answer (wire.http): the
# background's calls within CALL_DEADLINE_S, and /v1/me, a few hundred bytes, sooner.
CALL_DEADLINE_S = 25.0
ME_DEADLINE_S = 8.0


def _unauthorized(code: str) -> str:
    if code == "token_revoked":
        return "Head office has revoked this till's access. Ask a manager to register it again."
    return (
        "The coupon service did not accept this till's token. "
        "Ask a manager to register the till again."
    )


def _unreadable_update(detail: str) -> BadResponse:
    return BadResponse(
        "The coupon service sent an unreadable update. Try again later.", detail=detail
    )


class CentralClient:
    """Talk to the central service as one till (device token). Safe to share between threads."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
        deadline_s: float = CALL_DEADLINE_S,
    ) -> None:
        self.http = HttpClient(
            base_url,
            token,
            agent=f"posapp-till/{__version__}",
            timeout=timeout,
            deadline_s=deadline_s,
            hint=OFFLINE_HINT,
            unauthorized=_unauthorized,
        )
        self.base_url = self.http.base_url
        self.timeout = timeout

    def close(self) -> None:
        self.http.close()

    def me(self) -> dict[str, Any]:
        deadline = min(ME_DEADLINE_S, self.http.deadline_s)
        return self.http.call_object("GET", "/v1/me", deadline_s=deadline)

    def sync(self, cursor: str | None, limit: int = 1000) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        page = self.http.call_object("GET", "/v1/sync", params=params)
        if not isinstance(page.get("items"), list) or not isinstance(page.get("more"), bool):
            raise _unreadable_update(f"sync page without items/more: {sorted(page)}")
        # Checked before anything is stored: a till that kept a cursor the service cannot
        # read would fail every later sync.
        got = page.get("cursor")
        if not isinstance(got, str) or not re.fullmatch(CURSOR_PATTERN, got):
            raise _unreadable_update(f"sync page with a cursor not of the feed's form: {got!r:.60}")
        if page.get("reset") is not None and page.get("reset") not in set(Reset):
            raise _unreadable_update(f"sync page with an unknown reset: {page.get('reset')!r:.60}")
        return page

    def redeem(self, idempotency_key: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return self.http.call_object(
            "POST", "/v1/redemptions", json_body=body, headers={"Idempotency-Key": idempotency_key}
        )

    def redeem_batch(self, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Send up to MAX_BATCH redemptions (each with its idempotency_key); return results."""
        if len(items) > MAX_BATCH:
            raise ValueError(f"at most {MAX_BATCH} redemptions per batch")
        answer = self.http.call_object(
            "POST", "/v1/redemptions/batch", json_body={"items": list(items)}
        )
        results = answer.get("results")
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise BadResponse(
                "The coupon service's answer was unreadable. The write-offs stay queued.",
                detail="batch answer without results",
            )
        return results

    def reverse(
        self, redemption_id: str, idempotency_key: str, body: Mapping[str, Any]
    ) -> dict[str, Any]:
        path = f"/v1/redemptions/{quote(redemption_id, safe='')}/reverse"
        headers = {"Idempotency-Key": idempotency_key}
        return self.http.call_object("POST", path, json_body=body, headers=headers)

    def verify_voucher(self, payload: str) -> dict[str, Any]:
        """Ask the service about a signed voucher this till cannot place; refusals raise."""
        return self.http.call_object("POST", "/v1/vouchers/verify", json_body={"payload": payload})

    def where_valid(self, code: str) -> dict[str, Any]:
        """Ask the service about a code this till does not hold; refusals (unknown, valid in
        another store, a partner's gift) raise with the verdict naming where it is valid."""
        return self.http.call_object("POST", "/v1/codes/where", json_body={"code": code})

    def order(self, order_no: str) -> dict[str, Any]:
        return self.http.call_object("GET", f"/v1/orders/{quote(order_no, safe='')}")

    def member_of_phone(self, phone: str) -> str | None:
        """The member a phone number belongs to, or None when the service knows no one."""
        try:
            got = self.http.call_object("GET", "/v1/members/lookup", params={"phone": phone})
        except ProblemError as e:
            if e.status == 404:
                return None
            raise
        member = got.get("member_id")
        return member if isinstance(member, str) else None
