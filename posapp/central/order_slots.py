"""An order's coupons, held by the database: coupons per order and stacking, across tills.

Each write-off on an order takes a place in two counters, by conditional UPDATE (the same
pattern as a code's state): order_coupons counts the rule's coupons on the order against
its max_per_order, and order_stacks says whether the order holds only stackable coupons
("" ) or the coupons of one rule that does not stack. Two tills racing for the last place
queue on the row, and the loser's UPDATE finds the limit reached: no check-then-insert.
A cancelled write-off gives its places back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from posapp.central.auth import TillPrincipal
from posapp.central.models import OrderCoupons, OrderStack
from posapp.domain.basket import OrderCoupon
from posapp.domain.codes import display_code
from posapp.domain.rule import Rule
from posapp.domain.verdicts import Reason, Verdict


def order_key(till: TillPrincipal, order_no: str | None) -> str | None:
    """The order a write-off counts against: order numbers are the acceptor's own."""
    if not order_no:
        return None
    return f"{till.acceptor.kind.value}:{till.acceptor.id}:{order_no.upper()}"


def on_order(session: Session, key: str | None) -> tuple[OrderCoupon, ...]:
    """The coupons an order holds now, for the quote (the reservation below decides)."""
    if key is None:
        return ()
    rows = session.execute(
        select(OrderCoupons.rule_id, OrderCoupons.stackable, OrderCoupons.live).where(
            OrderCoupons.order_key == key, OrderCoupons.live > 0
        )
    )
    return tuple(
        OrderCoupon(rule_id, stackable) for rule_id, stackable, live in rows for _ in range(live)
    )


def _insert(session: Session, model: Any, values: dict[str, Any]) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(model).values(values).on_conflict_do_nothing())


def reserve(session: Session, key: str | None, rule: Rule, code: str) -> Verdict | None:
    """Take the coupon's places on the order; a Verdict when the order has no room for it."""
    if key is None:
        return None
    head = rule.head
    _insert(
        session,
        OrderCoupons,
        {"order_key": key, "rule_id": rule.id, "stackable": head.stackable, "live": 0},
    )
    taken = session.execute(
        update(OrderCoupons)
        .where(
            OrderCoupons.order_key == key,
            OrderCoupons.rule_id == rule.id,
            OrderCoupons.live < head.max_per_order,
        )
        .values(live=OrderCoupons.live + 1)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return Verdict(
            Reason.TOO_MANY_COUPONS, {"code": display_code(code), "limit": head.max_per_order}
        )
    mode = "" if head.stackable else rule.id
    _insert(session, OrderStack, {"order_key": key, "exclusive_rule": mode, "live": 0})
    joined = session.execute(
        update(OrderStack)
        .where(
            OrderStack.order_key == key,
            (OrderStack.live == 0) | (OrderStack.exclusive_rule == mode),
        )
        .values(live=OrderStack.live + 1, exclusive_rule=mode)
    )
    if joined.rowcount != 1:  # type: ignore[attr-defined]
        release_rule(session, key, rule.id)
        return Verdict(Reason.NOT_COMBINABLE, {"code": display_code(code)})
    return None


def release_rule(session: Session, key: str, rule_id: str) -> None:
    session.execute(
        update(OrderCoupons)
        .where(
            OrderCoupons.order_key == key, OrderCoupons.rule_id == rule_id, OrderCoupons.live > 0
        )
        .values(live=OrderCoupons.live - 1)
    )


def release(session: Session, key: str | None, rule_id: str) -> None:
    """Give a cancelled write-off's places back."""
    if key is None:
        return
    release_rule(session, key, rule_id)
    session.execute(
        update(OrderStack)
        .where(OrderStack.order_key == key, OrderStack.live > 0)
        .values(live=OrderStack.live - 1)
    )
