"""The write-off ledger for operators: every write-off the service decided, filtered, paged.

Rows come in (redeemed_at, id) order; `after` is the opaque cursor of the previous page's
last row, so paging is stable while new write-offs arrive. A business day is the store's
own (its zone and cut-off), as the tallies and statistics count it.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from posapp.central.auth import DB, AdminOnly
from posapp.central.models import CodeRow, Redemption
from posapp.central.problems import Problem
from posapp.central.schemas import Id, OrderNo
from posapp.central.stats import Returns, day_rules, trading_day
from posapp.domain.timeutil import from_iso, to_iso

router = APIRouter(tags=["admin: statistics"])

MAX_PAGE = 1000


def _cursor(red: Any) -> str:
    raw = f"{to_iso(red.redeemed_at)}|{red.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _after(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, red_id = raw.split("|", 1)
        when = from_iso(at)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        when = None
    if when is None:
        raise Problem(422, "validation_error", "The cursor is not one this service gave out.")
    return when, red_id


def entry(red: Any, batch_id: str, day: date) -> dict[str, Any]:
    """One write-off as the ledger lists it."""
    back = Returns.of(red.reversal)
    return {
        "id": red.id,
        "code": red.code,
        "rule_id": red.rule_id,
        "rule_version": red.rule_version,
        "batch_id": batch_id,
        "member_id": red.member_id,
        "store_id": red.store_id,
        "merchant_id": red.merchant_id,
        "acceptor_name": red.acceptor_name,
        "till_id": red.till_id,
        "cashier_id": red.cashier_id,
        "channel": red.channel,
        "order_no": red.order_no,
        "business_day": day.isoformat(),
        "redeemed_at": to_iso(red.redeemed_at),
        "recorded_at": to_iso(red.recorded_at),
        "amount_cents": int(red.amount_cents),
        "discount_cents": int(red.discount_cents),
        "returned_cents": back.amount_cents,
        "kept_on_returns_cents": back.kept_cents,
        "items": sum(int(x.get("quantity", 1)) for x in red.lines or [] if x.get("sku") != "*"),
        "shares_adjusted_by": red.shares_adjusted_by,
        "status": red.status,
    }


def _query(**f: Any) -> Select[Redemption, str]:
    stmt = select(Redemption, CodeRow.batch_id).join(CodeRow, CodeRow.code == Redemption.code)
    columns = {
        "rule_id": Redemption.rule_id,
        "batch_id": CodeRow.batch_id,
        "store_id": Redemption.store_id,
        "merchant_id": Redemption.merchant_id,
        "till_id": Redemption.till_id,
        "cashier_id": Redemption.cashier_id,
        "status": Redemption.status,
        "order_no": Redemption.order_no,
    }
    for name, column in columns.items():
        if f.get(name) is not None:
            stmt = stmt.where(column == f[name])
    return stmt


def list_entries(s: Session, limit: int, after: str | None, **f: Any) -> dict[str, Any]:
    day: date | None = f.pop("day", None)
    stmt = _query(**f)
    if day is not None:
        # Any store's business day lies within a day and a half of the UTC date: narrow by
        # that in SQL, then keep the rows whose own store's day it is.
        start = datetime.combine(day, time(0), tzinfo=UTC) - timedelta(days=1)
        stmt = stmt.where(
            Redemption.redeemed_at >= start, Redemption.redeemed_at < start + timedelta(days=3)
        )
    if after is not None:
        at, red_id = _after(after)
        stmt = stmt.where(
            or_(
                Redemption.redeemed_at > at,
                and_(Redemption.redeemed_at == at, Redemption.id > red_id),
            )
        )
    stmt = stmt.order_by(Redemption.redeemed_at, Redemption.id)
    days = day_rules(s)
    items: list[dict[str, Any]] = []
    last: Any = None
    more = False
    for red, batch_id in s.execute(stmt.execution_options(yield_per=500)):
        on = trading_day(red, days)
        if day is not None and on != day:
            continue
        if len(items) == limit:
            more = True
            break
        items.append(entry(red, batch_id, on))
        last = red
    return {"items": items, "next": _cursor(last) if more and last is not None else None}


@router.get("/v1/redemptions", summary="The write-off ledger: filtered, paged by cursor")
def ledger(
    db: DB,
    _: AdminOnly,
    rule_id: Id | None = None,
    batch_id: Id | None = None,
    store_id: Id | None = None,
    merchant_id: Id | None = None,
    till_id: Id | None = None,
    cashier_id: Id | None = None,
    day: Annotated[date | None, Query(description="the store's business day")] = None,
    status: Literal["accepted", "reversed"] | None = None,
    order_no: OrderNo | None = None,
    after: Annotated[str | None, Query(max_length=200, description="from `next`")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> dict[str, Any]:
    with db.read() as s:
        return list_entries(
            s,
            limit,
            after,
            rule_id=rule_id,
            batch_id=batch_id,
            store_id=store_id,
            merchant_id=merchant_id,
            till_id=till_id,
            cashier_id=cashier_id,
            day=day,
            status=status,
            order_no=order_no,
        )
