"""The wire format of the till's calls (docs/API.md): what is sent, and reading problems back.

A write-off's body is built once, when it is committed, stored in its outbox row and resent
unchanged on every retry: the service fingerprints it with the idempotency key.
"""

from __future__ import annotations

import contextlib
from typing import Any

from posapp.domain.codes import display_code
from posapp.domain.timeutil import format_utc, from_iso, to_iso
from posapp.domain.verdicts import Reason, Verdict
from posapp.store.ledger import NewRedemption


def redemption_body(new: NewRedemption) -> dict[str, Any]:
    """The Redemption body of docs/API.md, as queued and resent unchanged."""
    return {
        "code": new.code,
        "channel": new.channel,
        "cashier_id": new.cashier_id,
        "order_no": new.order_no,
        "redeemed_at": to_iso(new.redeemed_at),
        "amount_cents": new.amount_cents,
        "discount_cents": new.discount_cents,
        "lines": [
            {"sku": sku, "amount_cents": amount, "share_cents": share}
            for sku, amount, share in new.lines
        ],
    }


def reversal_body(order_completed: bool, returned_skus: tuple[str, ...]) -> dict[str, Any]:
    """The Reverse body of docs/API.md."""
    return {
        "reason": "returned" if order_completed else "cancelled",
        "order_completed": order_completed,
        "returned_skus": list(returned_skus),
    }


def problem_verdict(problem: dict[str, Any] | None, code: str) -> Verdict | None:
    """The domain verdict a stored problem document carries, or None when it has none."""
    if not problem:
        return None
    params = dict(problem.get("params") or {})
    params.setdefault("code", display_code(code))
    when = params.get("when")
    if isinstance(when, str) and "T" in when:
        with contextlib.suppress(ValueError):
            params["when_iso"], params["when"] = when, format_utc(from_iso(when))
    try:
        return Verdict(Reason(str(problem.get("code"))), params)
    except ValueError:
        return None
