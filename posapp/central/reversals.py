"""Reversal (退还) of write-offs, decided by `posapp.domain.reversal.decide_reversal`.

Each reversal carries its own Idempotency-Key (made by the till when the reversal was
recorded), so a retried reversal returns the stored answer and never refunds twice. A
returned line comes back at most for the quantity bought: the units returned so far are
kept on the write-off, read and written under its row lock. Cancelling before completion
gives the coupon back (and its places on the order); cancelling a whole order gives back
every coupon on it at once, as Voucherify's rollback of a stacked redemption does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from posapp.central import idempotency, order_slots
from posapp.central.auth import DB, Settings, TillOnly, TillPrincipal
from posapp.central.codes import bump_codes, find_code
from posapp.central.models import CodeRow, Redemption
from posapp.central.problems import MEDIA_TYPE, Problem
from posapp.central.rules import load_rule
from posapp.central.schemas import Id, OrderNo
from posapp.domain.code import CodeInfo, CodeState
from posapp.domain.reversal import (
    BillLine,
    ReversalDecision,
    SkuNotOnBill,
    decide_reversal,
    returned_lines,
    whole_lines,
)
from posapp.domain.timeutil import to_iso, utcnow
from posapp.domain.verdicts import Reason, Verdict
from posapp.wire.redemption import ReverseIn

router = APIRouter(tags=["till: redemptions"])

_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "idempotency_key_missing"},
    404: {"description": "not_found: no such write-off (or order) at this store"},
    409: {
        "description": "not_reversible, already_returned, expired (coupon not given back) "
        "or idempotency_key_in_use"
    },
    422: {"description": "idempotency_key_reused or validation_error"},
}


def bill_lines(red: Redemption) -> list[BillLine]:
    """The write-off's lines with the units already returned by earlier reversals."""
    back: dict[int, int] = {}
    for event in (red.reversal or {}).get("events", []):
        for i, n in (event.get("returned") or {}).items():
            back[int(i)] = back.get(int(i), 0) + int(n)
    if not red.lines:
        return [BillLine(int(red.amount_cents), int(red.discount_cents), 1, back.get(0, 0))]
    return [
        BillLine(_amount(x), int(x["share_cents"]), int(x.get("quantity", 1)), back.get(i, 0))
        for i, x in enumerate(red.lines)
    ]


def _amount(line: dict[str, Any]) -> int:
    if "unit_price_cents" in line:  # a line as RedemptionIn carries it
        return int(line["unit_price_cents"]) * int(line.get("quantity", 1))
    return int(line["amount_cents"])


def requested_returns(body: ReverseIn, red: Redemption, lines: list[BillLine]) -> dict[int, int]:
    """Units asked back by line: as given, by SKU (the rest of one line each), or all."""
    if body.returned_lines is not None:
        out: dict[int, int] = {}
        for r in body.returned_lines:
            if r.line >= len(lines):
                raise ValueError(f"line {r.line} is not on this write-off")
            out[r.line] = out.get(r.line, 0) + r.quantity
        return out
    if body.returned_skus is None:
        return {i: n for i, n in whole_lines(range(len(lines)), lines).items() if n > 0}
    skus = [str(x["sku"]) for x in red.lines] if red.lines else ["*"]
    try:
        idxs = returned_lines(skus, body.returned_skus)
    except SkuNotOnBill as e:
        raise ValueError(f"SKU {e.sku!r} is not on this write-off.") from None
    return whole_lines(idxs, lines)


def _apply(
    s: Session, till: TillPrincipal, red: Redemption, body: ReverseIn, now: datetime
) -> dict[str, Any]:
    """Decide and record one reversal of red (locked by the caller); raise a problem."""
    if red.status != "accepted":
        raise Problem.from_verdict(
            Verdict(Reason.NOT_REVERSIBLE, {"why": "it was already reversed"}), 409
        )
    row = find_code(s, red.code, lock=True)
    assert row is not None
    rule = load_rule(s, red.rule_id)
    lines = bill_lines(red)
    completed = body.order_completed or body.reason == "returned"
    try:
        returns = requested_returns(body, red, lines)
    except ValueError as e:
        raise Problem(422, "validation_error", str(e)) from None
    decision = decide_reversal(rule, CodeInfo.from_row(row), now, completed, returns, lines)
    if isinstance(decision, Verdict):
        raise Problem.from_verdict(decision, 409)
    _record(s, till, red, row, body, completed, decision, now)
    return {
        "status": "reversed" if decision.return_coupon else "kept",
        "refund_cents": decision.refund_cents,
        "code_state": decision.code_state.value,
        "reason": decision.reason.to_dict() if decision.reason else None,
        "redemption_id": red.id,
    }


def _record(
    s: Session,
    till: TillPrincipal,
    red: Redemption,
    row: CodeRow,
    body: ReverseIn,
    completed: bool,
    decision: ReversalDecision,
    now: datetime,
) -> None:
    kept = 0
    if decision.reason is not None and decision.reason.reason is Reason.COUPON_KEPT:
        kept = int(decision.reason.params.get("kept_cents", 0))
    lines = bill_lines(red)
    record = {
        "at": to_iso(now),
        "reason": body.reason,
        "order_completed": completed,
        "returned": {str(i): n for i, n in decision.returned.items()},
        "returned_amount_cents": sum(
            lines[i].paid_for(lines[i].returned + n) - lines[i].paid_for(lines[i].returned)
            for i, n in decision.returned.items()
        ),
        "kept_cents": kept,
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
                redeemed_store=None,
                redeemed_till=None,
                redemption_id=None,
            )
        )
        order_slots.release(s, red.order_key, red.rule_id)
        bump_codes(s, [row.code])
    red.reversal = {"events": [*((red.reversal or {}).get("events", [])), record]}


def _idempotent(
    db: DB,
    settings: Settings,
    till: TillPrincipal,
    raw_key: str | None,
    request: dict[str, Any],
    work: Callable[[Session], dict[str, Any]],
) -> JSONResponse:
    """Run work once per key: a replay gets the stored answer (or the stored refusal)."""
    key = idempotency.parse_key(raw_key)
    stored = idempotency.begin(db, settings, till.till_id, key, idempotency.fingerprint(request))
    if stored is not None:
        return JSONResponse(
            stored.response,
            status_code=stored.status_code,
            headers={"Idempotent-Replayed": "true"},
            media_type="application/json"
            if stored.status_code < 400
            else "application/problem+json",
        )

    def run(s: Session) -> tuple[int, dict[str, Any]]:
        try:
            with s.begin_nested():
                status, answer = 200, work(s)
        except Problem as p:
            if p.status >= 500:
                raise
            status, answer = p.status, p.to_dict()
        idempotency.finish(s, till.till_id, key, status, answer)
        return status, answer

    try:
        status, answer = db.transact(run)
    except BaseException:
        idempotency.abandon(db, till.till_id, key)
        raise
    return JSONResponse(answer, status_code=status, media_type=_media(status))


def _media(status: int) -> str:
    return "application/json" if status < 400 else MEDIA_TYPE


@router.post(
    "/v1/redemptions/{redemption_id}/reverse",
    responses=_RESPONSES,
    summary="Reverse a write-off: cancelled, or goods returned (header Idempotency-Key)",
)
def reverse(
    redemption_id: Id,
    body: ReverseIn,
    till: TillOnly,
    db: DB,
    settings: Settings,
    idempotency_key: Annotated[str | None, Header(alias=idempotency.HEADER, max_length=100)] = None,
) -> JSONResponse:
    def work(s: Session) -> dict[str, Any]:
        red = s.get(Redemption, redemption_id.lower(), with_for_update=True)
        if red is None or (red.store_id, red.merchant_id) != (till.store_id, till.merchant_id):
            raise Problem(404, "not_found", f"No write-off {redemption_id!r} at this store.")
        return _apply(s, till, red, body, utcnow())

    request = {"op": "reverse", "redemption": redemption_id.lower(), **body.model_dump(mode="json")}
    return _idempotent(db, settings, till, idempotency_key, request, work)


@router.post(
    "/v1/orders/{order_no}/cancel",
    tags=["till: orders"],
    responses=_RESPONSES,
    summary="Cancel an order before completion: all its coupons come back at once",
)
def cancel_order(
    order_no: OrderNo,
    till: TillOnly,
    db: DB,
    settings: Settings,
    idempotency_key: Annotated[str | None, Header(alias=idempotency.HEADER, max_length=100)] = None,
) -> JSONResponse:
    key = order_slots.order_key(till, order_no)
    cancel = ReverseIn(reason="cancelled", order_completed=False)

    def work(s: Session) -> dict[str, Any]:
        reds = s.scalars(
            select(Redemption)
            .where(Redemption.order_key == key, Redemption.status == "accepted")
            .order_by(Redemption.id)
            .with_for_update()
        ).all()
        if not reds:
            raise Problem(404, "not_found", f"No write-offs on order {order_no} at this store.")
        now = utcnow()
        results = [_apply(s, till, red, cancel, now) for red in reds]
        return {
            "order_no": order_no,
            "reversals": results,
            "refund_cents": sum(r["refund_cents"] for r in results),
        }

    return _idempotent(db, settings, till, idempotency_key, {"op": "cancel", "order": key}, work)
