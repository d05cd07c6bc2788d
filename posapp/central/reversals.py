"""Reversal (退还) of a write-off, decided by `posapp.domain.reversal.decide_reversal`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import update

from posapp.central.auth import DB, TillOnly
from posapp.central.codes import bump_codes, code_info, find_code
from posapp.central.models import CodeRow, Redemption
from posapp.central.problems import Problem
from posapp.central.rules import load_rule
from posapp.central.schemas import Id, ReverseIn
from posapp.domain.code import CodeState
from posapp.domain.reversal import (
    BillLine,
    SkuNotOnBill,
    decide_reversal,
    returned_lines,
    whole_lines,
)
from posapp.domain.timeutil import to_iso, utcnow
from posapp.domain.verdicts import Reason, Verdict

router = APIRouter(tags=["till: redemptions"])


def bill_lines(red: Redemption) -> list[BillLine]:
    """The write-off's lines with the units already returned by earlier reversals."""
    back: dict[int, int] = {}
    for event in (red.reversal or {}).get("events", []):
        for i, n in (event.get("returned") or {}).items():
            back[int(i)] = back.get(int(i), 0) + int(n)
    if not red.lines:
        return [BillLine(int(red.amount_cents), int(red.discount_cents), 1, back.get(0, 0))]
    return [
        BillLine(
            int(x["amount_cents"]),
            int(x["share_cents"]),
            int(x.get("quantity", 1)),
            back.get(i, 0),
        )
        for i, x in enumerate(red.lines)
    ]


def requested_returns(body: ReverseIn, red: Redemption, lines: list[BillLine]) -> dict[int, int]:
    """Units asked back, by line: by SKU (each SKU a whole line), or every line by default."""
    if body.returned_skus is None:
        return {i: n for i, n in whole_lines(range(len(lines)), lines).items() if n > 0}
    skus = [str(x["sku"]) for x in red.lines] if red.lines else ["*"]
    try:
        idxs = returned_lines(skus, body.returned_skus)
    except SkuNotOnBill as e:
        raise ValueError(f"SKU {e.sku!r} is not on this write-off.") from None
    return {i: max(1, lines[i].quantity - lines[i].returned) for i in idxs}


def _not_reversible(why: str) -> Problem:
    return Problem.from_verdict(Verdict(Reason.NOT_REVERSIBLE, {"why": why}), 409)


@router.post(
    "/v1/redemptions/{redemption_id}/reverse", summary="Reverse a write-off (cancelled or returned)"
)
def reverse(redemption_id: Id, body: ReverseIn, till: TillOnly, db: DB) -> dict[str, Any]:
    now = utcnow()
    with db.write() as s:
        red = s.get(Redemption, redemption_id.lower(), with_for_update=True)
        if red is None or (red.store_id, red.merchant_id) != (till.store_id, till.merchant_id):
            raise Problem(404, "not_found", f"No write-off {redemption_id!r} at this store.")
        if red.status != "accepted":
            raise _not_reversible("it was already reversed")
        row = find_code(s, red.code, lock=True)
        assert row is not None
        rule = load_rule(s, red.rule_id)
        lines = bill_lines(red)
        completed = body.order_completed or body.reason == "returned"
        try:
            returns = requested_returns(body, red, lines)
        except ValueError as e:
            raise Problem(422, "validation_error", str(e)) from None
        decision = decide_reversal(rule, code_info(row), now, completed, returns, lines)
        if isinstance(decision, Verdict):
            raise Problem.from_verdict(decision, 409)
        record = {
            "at": to_iso(now),
            "reason": body.reason,
            "order_completed": completed,
            "returned": {str(i): n for i, n in decision.returned.items()},
            "refund_cents": decision.refund_cents,
            "by_till": till.till_id,
        }
        if decision.return_coupon:
            red.status = "reversed"
            red.reversed_at = now
            s.flush()
            s.execute(
                update(CodeRow)
                .where(CodeRow.code == row.code, CodeRow.state == CodeState.REDEEMED.value)
                .values(
                    state=decision.code_state.value,
                    redeemed_at=None,
                    redeemed_store_name=None,
                    redeemed_till_id=None,
                    redemption_id=None,
                )
            )
            bump_codes(s, [row.code])
        red.reversal = {"events": [*((red.reversal or {}).get("events", [])), record]}
        return {
            "status": "reversed" if decision.return_coupon else "kept",
            "refund_cents": decision.refund_cents,
            "code_state": decision.code_state.value,
            "reason": decision.reason.to_dict() if decision.reason else None,
        }
