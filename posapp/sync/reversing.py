"""Reversal (退还) of a write-off made at this till, decided by posapp.domain.reversal.

Cancelled before completion: the coupon is given back here at once if still valid (the
code can be used again) and the reversal is queued for the service. Completed, or goods
returned: the coupon stays used; each returned line refunds its amount less its share of
the discount.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from posapp.domain.code import BatchId, Code, CodeInfo, CodeState
from posapp.domain.reversal import SkuNotOnBill, decide_reversal, returned_lines
from posapp.domain.rule import RuleId
from posapp.domain.timeutil import to_iso
from posapp.domain.verdicts import Reason, Verdict
from posapp.store import cache
from posapp.store.db import Database
from posapp.store.ledger import enqueue, get_redemption
from posapp.store.models import RedemptionStatus
from posapp.sync.results import ReverseResult
from posapp.sync.wire import reversal_body


def _refused(redemption_id: str, why: str | None = None, note: str = "") -> ReverseResult:
    verdict = None if why is None else Verdict(Reason.NOT_REVERSIBLE, {"why": why})
    return ReverseResult(False, redemption_id, "refused", verdict=verdict, note=note)


def reverse(
    db: Database,
    clock: Callable[[], datetime],
    redemption_id: str,
    order_completed: bool,
    returned_skus: tuple[str, ...],
) -> ReverseResult:
    """Record the reversal and queue it for the service, in one transaction."""
    now = clock()
    with db.write() as s:
        red = get_redemption(s, redemption_id)
        if red is None:
            return _refused(redemption_id, note=f"No write-off {redemption_id} on this till.")
        if red.status not in (RedemptionStatus.PENDING.value, RedemptionStatus.CONFIRMED.value):
            return _refused(redemption_id, f"it is {red.status}")
        rule = cache.get_rule(s, red.rule_id)
        if rule is None:
            return _refused(redemption_id, "its coupon rule is not known here")
        cached = cache.get_code(s, red.code)
        info = CodeInfo(
            code=Code(red.code),
            rule_id=RuleId(rule.id),
            batch_id=BatchId(cached.batch_id if cached else ""),
            state=CodeState.REDEEMED,
            face_value_cents=cached.face_value_cents if cached else red.value_cents,
            member_id=cached.member_id if cached else None,
            received_at=cached.received_at if cached else None,
        )
        try:
            idxs = returned_lines([ln.sku for ln in red.lines], returned_skus)
        except SkuNotOnBill as e:
            return _refused(redemption_id, str(e))
        decision = decide_reversal(
            rule,
            info,
            now,
            order_completed,
            idxs,
            [ln.amount_cents for ln in red.lines],
            [ln.share_cents for ln in red.lines],
        )
        body = reversal_body(order_completed, returned_skus)
        red.reversal = {
            **body,
            "at": to_iso(now),
            "refund_cents": decision.refund_cents,
            "coupon_returned": decision.return_coupon,
        }
        if decision.return_coupon:
            red.status = RedemptionStatus.REVERSED.value
            red.reversed_at = now
        enqueue(s, red.id, "reverse", body, now)
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
