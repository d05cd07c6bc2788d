"""Orders: a member's order number linked to its vouchers (the 'show the order's QR' pattern)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from posapp.central.auth import DB, AdminOnly, TillOnly
from posapp.central.codes import bump_codes, find_code
from posapp.central.models import CodeRow, Order
from posapp.central.problems import Problem
from posapp.central.rules import load_rule, visible_to
from posapp.central.schemas import OrderIn, OrderNo
from posapp.domain.codes import display_code
from posapp.domain.timeutil import to_iso, utcnow
from posapp.domain.verdicts import Reason, Verdict

router = APIRouter()


def _order_not_found(order_no: str) -> Problem:
    return Problem.from_verdict(Verdict(Reason.ORDER_NOT_FOUND, {"order": order_no}), 404)


@router.post(
    "/v1/orders", status_code=201, tags=["admin: issuing"], summary="Link vouchers to an order"
)
def create_order(body: OrderIn, db: DB, _: AdminOnly) -> dict[str, Any]:
    try:
        with db.write() as s:
            order = Order(order_no=body.order_no, member_id=body.member_id, created_at=utcnow())
            s.add(order)
            s.flush()
            rows: list[CodeRow] = []
            for text in dict.fromkeys(body.codes):
                row = find_code(s, text, lock=True)
                if row is None:
                    raise Problem.from_verdict(
                        Verdict(Reason.UNKNOWN_CODE, {"code": display_code(text)})
                    )
                if body.member_id is not None and row.member_id not in (None, body.member_id):
                    raise Problem(
                        422, "validation_error", f"Code {row.code} belongs to another member."
                    )
                row.order_no = body.order_no
                rows.append(row)
            s.flush()
            bump_codes(s, [r.code for r in rows])
            return {
                "order_no": order.order_no,
                "member_id": order.member_id,
                "created_at": to_iso(order.created_at),
                "vouchers": [r.code for r in rows],
            }
    except IntegrityError:
        raise Problem(409, "already_exists", f"Order {body.order_no} exists.") from None


@router.get(
    "/v1/orders/{order_no}",
    tags=["till: orders"],
    summary="An order's vouchers (this till may accept)",
)
def get_order(order_no: OrderNo, till: TillOnly, db: DB) -> dict[str, Any]:
    order_no = order_no.upper()
    with db.read() as s:
        order = s.get(Order, order_no)
        if order is None:
            raise _order_not_found(order_no)
        rows = s.scalars(
            select(CodeRow).where(CodeRow.order_no == order_no).order_by(CodeRow.code)
        ).all()
        vouchers = [r.code for r in rows if visible_to(load_rule(s, r.rule_id), till.acceptor)]
        if rows and not vouchers:
            raise _order_not_found(order_no)  # nothing here for this till: say no more
        return {"order_no": order.order_no, "member_id": order.member_id, "vouchers": vouchers}
