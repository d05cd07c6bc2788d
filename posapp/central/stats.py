"""Campaign statistics per rule and per batch (the seeds' list of campaign figures).

Computed from what the service decided (each write-off's re-quoted discount and its
basket), never from what a till claimed:

- generated: codes made; issued: codes that left the pool (bound to a member, or a bearer
  code written off); received: codes bound to a member; redeemed: codes used now;
  receive_rate = received / generated; use_rate = redeemed / issued.
- Money counts the write-offs that stand. A cancelled one (coupon given back) counts
  nowhere but in `cancelled`. Returned goods are netted out: the order total loses the
  returned units, the discount loses their share (the shop kept it from the refund).
- Orders, not coupons: an order with two coupons counts its total once; orders without an
  order number count one each. avg_order = order total / orders; cost_ratio = discount /
  order total; items_sold = units on those orders less units returned.
- Members: new = their first write-off anywhere was in this campaign; returning = they had
  written one off before; first_uses / repeat_uses = write-offs that were a member's first
  in this campaign or a later one.
- per_day is by business day: each write-off on the day its store (or merchant) was
  trading, in that store's time zone and cut-off hour, as the store's own tally counts it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
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


def day_rules(s: Session) -> dict[str, tuple[str, int]]:
    """Each store's and merchant's (time zone, cut-off hour): a chain has hundreds, not more."""
    out: dict[str, tuple[str, int]] = {}
    for model in (Store, Merchant):
        for acceptor_id, zone, cutoff in s.execute(
            select(model.id, model.timezone, model.cutoff_hour)
        ):
            out[acceptor_id] = (zone, cutoff)
    return out


def trading_day(r: Any, days: dict[str, tuple[str, int]]) -> date:
    zone, cutoff = days.get(r.store_id or r.merchant_id or "", ("UTC", 0))
    try:
        return business_day(r.redeemed_at, zone, cutoff)
    except ValueError:  # a zone this machine's tzdata does not know: count it by UTC date
        return r.redeemed_at.date()


@dataclass
class Returns:
    """What came back of one write-off: gross amount, discount share kept, units."""

    amount_cents: int = 0
    kept_cents: int = 0
    units: int = 0

    @classmethod
    def of(cls, reversal: dict[str, Any] | None) -> Returns:
        out = cls()
        for event in (reversal or {}).get("events", []):
            out.amount_cents += int(event.get("returned_amount_cents", 0))
            out.kept_cents += int(event.get("kept_cents", 0))
            out.units += sum(int(n) for n in (event.get("returned") or {}).values())
        return out


@dataclass
class _Order:
    amount: int = 0
    returned: int = 0
    units: int = 0
    units_back: int = 0
    discount: int = 0
    day: date | None = None


@dataclass
class _Day:
    redeemed: int = 0
    discount: int = 0
    orders: set[str] = field(default_factory=set)


def _units(lines: list[dict[str, Any]]) -> int:
    return sum(int(x.get("quantity", 1)) for x in lines if x.get("sku") != "*")


def _members(s: Session, rows: list[Any]) -> dict[str, int]:
    """Members who wrote off here: new ones (their first write-off anywhere is one of these)."""
    members = {r.member_id for r in rows if r.member_id}
    if not members:
        return {"members": 0, "new_members": 0, "returning_members": 0}
    firsts = dict(
        s.execute(
            select(Redemption.member_id, func.min(Redemption.redeemed_at))
            .where(Redemption.member_id.in_(members), Redemption.status == "accepted")
            .group_by(Redemption.member_id)
        ).all()
    )
    new = {r.member_id for r in rows if r.member_id and firsts.get(r.member_id) == r.redeemed_at}
    return {
        "members": len(members),
        "new_members": len(new),
        "returning_members": len(members) - len(new),
    }


def compute(s: Session, where: ColumnElement[bool]) -> dict[str, Any]:
    issued_expr = or_(CodeRow.member_id.is_not(None), CodeRow.state == CodeState.REDEEMED.value)
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
            Redemption.order_key,
            Redemption.redeemed_at,
            Redemption.amount_cents,
            Redemption.discount_cents,
            Redemption.lines,
            Redemption.reversal,
            Redemption.member_id,
            Redemption.store_id,
            Redemption.merchant_id,
            Redemption.status,
        )
        .join(CodeRow, CodeRow.code == Redemption.code)
        .where(and_(where, Redemption.status.in_(("accepted", "reversed"))))
        .order_by(Redemption.redeemed_at, Redemption.id)
    ).all()
    days = day_rules(s)
    standing = [r for r in rows if r.status == "accepted"]
    orders: dict[str, _Order] = defaultdict(_Order)
    per_day: dict[date, _Day] = defaultdict(_Day)
    seen_members: set[str] = set()
    first_uses = 0
    for r in standing:
        back = Returns.of(r.reversal)
        key = r.order_key or r.id
        order = orders[key]
        # Every coupon of an order carries the same bill: count the bill once.
        order.amount = max(order.amount, int(r.amount_cents))
        order.returned = max(order.returned, back.amount_cents)
        order.units = max(order.units, _units(r.lines or []))
        order.units_back = max(order.units_back, back.units)
        order.discount += int(r.discount_cents) - back.kept_cents
        day = trading_day(r, days)
        order.day = order.day or day
        bucket = per_day[day]
        bucket.redeemed += 1
        bucket.discount += int(r.discount_cents) - back.kept_cents
        bucket.orders.add(key)
        if r.member_id and r.member_id not in seen_members:
            seen_members.add(r.member_id)
            first_uses += 1
    total = sum(o.amount - o.returned for o in orders.values())
    discount = sum(o.discount for o in orders.values())
    day_totals: dict[date, int] = defaultdict(int)
    for o in orders.values():
        if o.day is not None:
            day_totals[o.day] += o.amount - o.returned
    return {
        "generated": int(generated),
        "issued": int(issued),
        "received": int(received),
        "redeemed": int(redeemed),
        "receive_rate": _ratio(int(received), int(generated)),
        "use_rate": _ratio(int(redeemed), int(issued)),
        "write_offs": len(standing),
        "cancelled": len(rows) - len(standing),
        "orders": len(orders),
        "order_total_cents": total,
        "discount_cents": discount,
        "returned_cents": sum(o.returned for o in orders.values()),
        "cost_ratio": _ratio(discount, total),
        "avg_order_cents": total // len(orders) if orders else 0,
        "items_sold": sum(o.units - o.units_back for o in orders.values()),
        **_members(s, standing),
        "first_uses": first_uses,
        "repeat_uses": sum(1 for r in standing if r.member_id) - first_uses,
        "per_day": [
            {
                "date": d.isoformat(),
                "redeemed": b.redeemed,
                "orders": len(b.orders),
                "order_total_cents": day_totals.get(d, 0),
                "discount_cents": b.discount,
            }
            for d, b in sorted(per_day.items())
        ],
    }


@router.get("/v1/stats/rules/{rule_id}", summary="Statistics of a rule's campaign")
def rule_stats(rule_id: Id, db: DB, _: AdminOnly) -> dict[str, Any]:
    with db.read() as s:
        if s.get(RuleRow, rule_id) is None:
            raise not_found("rule", rule_id)
        return {"rule_id": rule_id} | compute(s, CodeRow.rule_id == rule_id)


@router.get("/v1/stats/batches/{batch_id}", summary="Statistics of one batch of codes")
def batch_stats(batch_id: Id, db: DB, _: AdminOnly) -> dict[str, Any]:
    with db.read() as s:
        if s.get(Batch, batch_id) is None:
            raise not_found("batch", batch_id)
        return {"batch_id": batch_id} | compute(s, CodeRow.batch_id == batch_id)
