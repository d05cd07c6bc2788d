"""The durable outbox: how long to wait before a retry, and how a server's answer is stored.

A row leaves the outbox in the same transaction that stores the server's answer on its
write-off; until then it is sent again (with the same idempotency key) on every push.
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from posapp.domain.code import CodeState
from posapp.domain.timeutil import from_iso
from posapp.store.ledger import add_conflict
from posapp.store.models import CodeRow, OutboxRow, RedemptionRow, RedemptionStatus

BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 300.0

# Batch answers that say "not now" rather than anything about the write-off itself.
TRANSIENT_CODES = frozenset({"idempotency_key_in_use", "busy", "unavailable"})


def backoff_delay(
    attempts: int,
    *,
    base: float = BACKOFF_BASE_S,
    cap: float = BACKOFF_CAP_S,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait after the attempts-th failure: capped exponential with jitter.

    "Equal jitter": half the capped delay is fixed, half random, so a till never retries
    in a tight loop and many tills coming back at once spread out.
    """
    delay = min(cap, base * (1 << max(0, min(attempts, 30))))
    half = delay / 2
    jitter = rng.uniform(0, half) if rng is not None else random.uniform(0, half)
    return half + jitter


def retry_at(now: datetime, attempts: int) -> datetime:
    return now + timedelta(seconds=backoff_delay(attempts))


@dataclass(frozen=True)
class Outcome:
    """What the service said about one write-off."""

    redemption_id: str
    status: str  # confirmed | conflict | rejected
    reason: str | None = None
    problem: dict[str, Any] | None = None


def store_answer(
    session: Session,
    item: OutboxRow,
    result: dict[str, Any],
    now: datetime,
    *,
    inbox: bool,
) -> Outcome | None:
    """Store the answer to one redeem item and drop it from the outbox.

    Return None (and keep the row) for an answer we cannot act on; the row is then retried.
    inbox=False when the cashier is waiting for this very answer and sees it at once.
    """
    status = result.get("status")
    problem_doc = _obj(result.get("problem"))
    if status == "rejected" and (
        problem_doc.get("code") in TRANSIENT_CODES or _int(problem_doc.get("status")) >= 500
    ):
        return None  # not an answer about the write-off: send it again later
    red = session.get(RedemptionRow, item.redemption_id)
    if red is None:  # pragma: no cover - the foreign key makes this impossible
        session.delete(item)
        return None
    # A write-off reversed here before its answer came keeps 'reversed'; the answer is still
    # stored, and the queued reversal then goes out (or is dropped if there was nothing to undo).
    keep = red.status == RedemptionStatus.REVERSED.value
    if status in ("accepted", "duplicate"):
        redemption = _obj(result.get("redemption"))
        if not keep:
            red.status = RedemptionStatus.CONFIRMED.value
        red.server_id = str(redemption.get("id") or red.server_id or red.id)
        outcome = Outcome(red.id, "confirmed")
    elif status in ("conflict", "rejected"):
        problem = _obj(result.get("problem"))
        reason = str(problem.get("code") or ("already_redeemed" if status == "conflict" else ""))
        if not keep:
            red.status = (
                RedemptionStatus.CONFLICT.value
                if status == "conflict"
                else RedemptionStatus.REJECTED.value
            )
        if status == "conflict":
            _mark_redeemed_elsewhere(session, red.code, problem.get("params") or {})
        if inbox and not keep:
            add_conflict(session, red.id, status, reason, problem, now)
        outcome = Outcome(red.id, red.status, reason, problem)
    else:
        return None
    red.server_answer = result
    red.answered_at = now
    session.delete(item)
    return outcome


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _mark_redeemed_elsewhere(session: Session, code: str, params: dict[str, Any]) -> None:
    """Let the cache say at once who redeemed it first, before the next pull does."""
    row = session.get(CodeRow, code)
    if row is None:
        return
    row.state = CodeState.REDEEMED.value
    with contextlib.suppress(ValueError):
        row.redeemed_at = from_iso(params.get("when"), "when") or row.redeemed_at
    row.redeemed_store = str(params.get("store") or row.redeemed_store or "")
    row.redeemed_till = str(params.get("till") or row.redeemed_till or "")


def mark_given_back(session: Session, code: str, state: object) -> None:
    """The service gave the coupon back: let the cache say so at once, before the next pull."""
    row = session.get(CodeRow, code)
    if row is None or row.state != CodeState.REDEEMED.value:
        return
    try:
        row.state = CodeState(str(state)).value
    except ValueError:
        return
    row.redeemed_at = None
    row.redeemed_store = None
    row.redeemed_till = None
