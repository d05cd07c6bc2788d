"""Reversal (退还) of a write-off made at this till, decided by posapp.domain.reversal.

Cancelled before completion: the coupon is given back here at once if still valid (the
code can be used again) and the reversal is queued for the service. Completed, or goods
returned: the coupon stays used; each returned unit refunds its price less its share of
the discount, and comes back at most once (the line keeps count). Each reversal gets its
own idempotency key when it is recorded, so a retried push never refunds twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from posapp.domain.code import BatchId, Code, CodeInfo, CodeState
from posapp.domain.reversal import (
    BillLine,
    decide_reversal,
    returned_lines,
    whole_lines,
)
from posapp.domain.rule import RuleId
from posapp.domain.timeutil import to_iso
from posapp.domain.verdicts import Reason, Verdict
from posapp.store import cache
from posapp.store.db import Database
from posapp.store.ledger import enqueue, get_redemption, live_on_order
from posapp.store.models import RedemptionRow, RedemptionStatus
from posapp.sync.results import BillLineView, ReverseResult
from posapp.sync.wire import reversal_body


def _refused(redemption_id: str, why: str | None = None, note: str = "") -> ReverseResult:
    verdict = None if why is None else Verdict(Reason.NOT_REVERSIBLE, {"why": why})
    return ReverseResult(False, redemption_id, "refused", verdict=verdict, note=note)


def bill_lines(red: RedemptionRow) -> list[BillLine]:
    return [BillLine(ln.amount_cents, ln.share_cents, ln.quantity, ln.returned) for ln in red.lines]


def lines_of(db: Database, redemption_id: str) -> list[BillLineView]:
    """The written-off bill's lines, with what came back already (empty for a bill entered as a
    total only)."""
    with db.read() as s:
        red = get_redemption(s, redemption_id)
        if red is None:
            return []
        return [
            BillLineView(ln.idx, ln.sku, ln.name, ln.quantity, ln.returned, ln.amount_cents)
            for ln in sorted(red.lines, key=lambda ln: ln.idx)
        ]


def _info(red: RedemptionRow, cached: CodeInfo | None, rule_id: str) -> CodeInfo:
    return CodeInfo(
        code=Code(red.code),
        rule_id=RuleId(rule_id),
        batch_id=BatchId(cached.batch_id if cached else ""),
        state=CodeState.REDEEMED,
        face_value_cents=cached.face_value_cents if cached else red.value_cents,
        member_id=cached.member_id if cached else None,
        received_at=cached.received_at if cached else None,
    )


def reverse(
    db: Database,
    clock: Callable[[], datetime],
    redemption_id: str,
    order_completed: bool,
    returned_skus: tuple[str, ...] = (),
    returned: Mapping[int, int] | None = None,
) -> ReverseResult:
    """Record the reversal and queue it for the service, in one transaction.

    returned: units coming back by line; returned_skus: each SKU takes the rest of one line
    of that SKU (the older, coarser form). Neither: a cancellation, or a completed order
    with nothing returned.
    """
    with db.write() as s:
        return reverse_in(s, clock(), redemption_id, order_completed, returned_skus, returned)


def reverse_in(
    s: Session,
    now: datetime,
    redemption_id: str,
    order_completed: bool,
    returned_skus: tuple[str, ...] = (),
    returned: Mapping[int, int] | None = None,
) -> ReverseResult:
    """reverse(), in the caller's write transaction."""
    red = get_redemption(s, redemption_id)
    if red is None:
        return _refused(redemption_id, note=f"No write-off {redemption_id} on this till.")
    if red.status not in (RedemptionStatus.PENDING.value, RedemptionStatus.CONFIRMED.value):
        return _refused(redemption_id, f"it is {red.status}")
    rule = cache.get_rule(s, red.rule_id)
    if rule is None:
        return _refused(redemption_id, "its coupon rule is not known here")
    lines = bill_lines(red)
    try:
        if returned is not None:
            units = dict(returned)
        else:
            units = whole_lines(returned_lines([ln.sku for ln in red.lines], returned_skus), lines)
    except ValueError as e:  # SkuNotOnBill is one
        return _refused(redemption_id, str(e))
    info = _info(red, cache.get_code(s, red.code), rule.id)
    decision = decide_reversal(rule, info, now, order_completed, units, lines)
    if isinstance(decision, Verdict):
        return ReverseResult(False, redemption_id, "refused", verdict=decision)
    for i, n in decision.returned.items():
        red.lines[i].returned += n
    event = {
        "at": to_iso(now),
        "reason": "returned" if order_completed else "cancelled",
        "returned": {str(i): n for i, n in decision.returned.items()},
        "refund_cents": decision.refund_cents,
        "coupon_returned": decision.return_coupon,
    }
    red.reversal = {**(red.reversal or {}), "events": [*_events(red), event]}
    if decision.return_coupon:
        red.status = RedemptionStatus.REVERSED.value
        red.reversed_at = now
    body = reversal_body(order_completed, decision.returned if order_completed else None)
    enqueue(s, red.id, "reverse", {"idempotency_key": str(uuid.uuid4()), **body}, now)
    return ReverseResult(
        True,
        redemption_id,
        "reversed" if decision.return_coupon else "kept",
        refund_cents=decision.refund_cents,
        verdict=decision.reason,
        note="Coupon given back: it can be used again."
        if decision.return_coupon
        else "Coupon kept.",
    )


def _events(red: RedemptionRow) -> list[dict[str, object]]:
    events = (red.reversal or {}).get("events")
    return list(events) if isinstance(events, list) else []


def cancel_order(db: Database, clock: Callable[[], datetime], order_no: str) -> list[ReverseResult]:
    """Cancel every standing write-off of an order (before completion), in one transaction.

    Each gets its own reversal (and key) in the outbox, so the service gives each coupon
    back once however often a push is retried.
    """
    now = clock()
    with db.write() as s:
        ids = [r.id for r in live_on_order(s, order_no.strip().upper())]
        return [reverse_in(s, now, red_id, order_completed=False) for red_id in ids]
