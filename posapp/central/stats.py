"""Campaign statistics per rule and per batch (DESIGN.md §2 'Statistics').

- generated: codes made; issued: codes that left the pool (bound to a member, or a
  bearer code written off); received: codes bound to a member;
- receive_rate = received / generated; use_rate = redeemed / issued;
- discount, order total, orders and per-day figures count accepted write-offs only;
  cost_ratio = discount / order total; per_day is by business day: each write-off
  counts on the day its store (or merchant) was trading, in that store's time zone
  and cut-off hour, as the store's own tally counts it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import APIRouter
from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from posapp.central.auth import DB, AdminOnly
from posapp.central.models import Batch, CodeRow, Merchant, Redemption, RuleRow, Store
from posapp.central.problems import not_found
from posapp.central.schemas import Id
from posapp.domain.business_day import business_day
from posapp.domain.code import CodeState

router = APIRouter(tags=["admin: statistics"])


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _day_rules(s: Session) -> dict[str, tuple[str, int]]:
    """Each store's and merchant's (time zone, cut-off hour): a chain has hundreds, not more."""
    out: dict[str, tuple[str, int]] = {}
    for model in (Store, Merchant):
        for acceptor_id, zone, cutoff in s.execute(
            select(model.id, model.timezone, model.cutoff_hour)
        ):
            out[acceptor_id] = (zone, cutoff)
    return out


def compute(db: DB, where: ColumnElement[bool]) -> dict[str, Any]:
    issued_expr = or_(CodeRow.member_id.is_not(None), CodeRow.state == CodeState.REDEEMED.value)
    with db.read() as s:
        generated, issued, received, redeemed = s.execute(
            select(
                func.count(),
                func.coalesce(func.sum(case((issued_expr, 1), else_=0)), 0),
                func.coalesce(func.sum(case((CodeRow.received_at.is_not(None), 1), else_=0)), 0),
                func.coalesce(
                    func.sum(case((CodeRow.state == CodeState.REDEEMED.value, 1), else_=0)), 0
                ),
            ).where(where)
        ).one()
        rows = s.execute(
            select(
                Redemption.id,
                Redemption.order_no,
                Redemption.redeemed_at,
                Redemption.amount_cents,
                Redemption.discount_cents,
                Redemption.store_id,
                Redemption.merchant_id,
            )
            .join(CodeRow, CodeRow.code == Redemption.code)
            .where(and_(where, Redemption.status == "accepted"))
        ).all()
        days = _day_rules(s)
    discount = sum(int(r.discount_cents) for r in rows)
    order_total = sum(int(r.amount_cents) for r in rows)
    orders = len({r.order_no or r.id for r in rows})
    per_day: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        zone, cutoff = days.get(r.store_id or r.merchant_id or "", ("UTC", 0))
        try:
            when = business_day(r.redeemed_at, zone, cutoff)
        except ValueError:  # a zone this machine's tzdata does not know: count it by UTC date
            when = r.redeemed_at.date()
        day = per_day[when.isoformat()]
        day[0] += 1
        day[1] += int(r.discount_cents)
    return {
        "generated": int(generated),
        "issued": int(issued),
        "received": int(received),
        "redeemed": int(redeemed),
        "receive_rate": _ratio(int(received), int(generated)),
        "use_rate": _ratio(int(redeemed), int(issued)),
        "discount_cents": discount,
        "order_total_cents": order_total,
        "cost_ratio": _ratio(discount, order_total),
        "orders": orders,
        "avg_order_cents": order_total // orders if orders else 0,
        "per_day": [
            {"date": d, "redeemed": v[0], "discount_cents": v[1]}
            for d, v in sorted(per_day.items())
        ],
    }


@router.get("/v1/stats/rules/{rule_id}", summary="Statistics of a rule's campaign")
def rule_stats(rule_id: Id, db: DB, _: AdminOnly) -> dict[str, Any]:
    with db.read() as s:
        if s.get(RuleRow, rule_id) is None:
            raise not_found("rule", rule_id)
    return {"rule_id": rule_id} | compute(db, CodeRow.rule_id == rule_id)


@router.get("/v1/stats/batches/{batch_id}", summary="Statistics of one batch of codes")
def batch_stats(batch_id: Id, db: DB, _: AdminOnly) -> dict[str, Any]:
    with db.read() as s:
        if s.get(Batch, batch_id) is None:
            raise not_found("batch", batch_id)
    return {"batch_id": batch_id} | compute(db, CodeRow.batch_id == batch_id)
