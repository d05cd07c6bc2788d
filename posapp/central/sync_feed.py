"""The sync feed: everything a till may accept that changed since its cursor, in change order.

The cursor is the change number (changes.py) of the last item served, with the database's
epoch, signed. A cursor this database cannot place (another epoch, ahead of the counter,
not one it gave out, or one it has no record of giving this till: a restored backup) gets
the feed from the beginning with `reset` saying why, so the till re-syncs instead of
skipping what changed. Each page first
reads the committed counter value `hi`, then serves rows with cursor < seq <= hi: every
transaction that drew a number <= hi has committed (numbers follow commit order), so
nothing at or below `hi` can still appear later, and the next page may start above it.
"""

from __future__ import annotations

import heapq
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from posapp.central.acceptors import acceptor_to_dict
from posapp.central.auth import DB, Settings, TillOnly, TillPrincipal
from posapp.central.changes import FeedPosition, feed_position, new_epoch
from posapp.central.codes import code_to_dict
from posapp.central.db import Database
from posapp.central.keys import key_to_dict
from posapp.central.models import (
    CodeRow,
    Merchant,
    Product,
    RuleRow,
    SigningKey,
    Store,
    Till,
    User,
)
from posapp.central.products import product_to_dict
from posapp.central.rules import parse_rule, visible_to
from posapp.central.writeoff import store_names
from posapp.wire.feed import Reset, SyncPage

log = logging.getLogger(__name__)

router = APIRouter(tags=["till: sync"])

Item = tuple[int, str, dict[str, Any]]  # (seq, type, data)


def user_to_sync(u: User) -> dict[str, Any]:
    return {"id": u.id, "name": u.name, "role": u.role, "pin_hash": u.pin_hash, "active": u.active}


def _rules(
    s: Session, till: TillPrincipal, lo: int, hi: int, limit: int
) -> tuple[list[Item], list[str]]:
    """Changed rules the till may see, and the ids of every rule it may see.

    A rule changed so that the till may no longer see it goes out as a withdrawal
    naming only its id and where it is valid now: the till may hold the old version
    and would otherwise keep accepting it offline. A rule never changed since it was
    made (version 1) was never visible to a till that cannot see it now, and a till
    starting from nothing holds nothing to withdraw.
    """
    visible: list[str] = []
    changed: list[Item] = []
    for row in s.scalars(select(RuleRow).order_by(RuleRow.seq)):
        rule = parse_rule(row.id, row.version, row.data)
        if visible_to(rule, till.acceptor):
            visible.append(row.id)
            if lo < row.seq <= hi:
                changed.append((row.seq, "rule", row.data))
        elif lo > 0 and row.version > 1 and lo < row.seq <= hi:
            where = ", ".join(sorted(store_names(s, rule).values()))
            changed.append((row.seq, "rule_withdrawn", {"id": row.id, "stores": where}))
    return changed[:limit], visible


def page(
    s: Session,
    till: TillPrincipal,
    cursor: int,
    limit: int,
    position: FeedPosition | None = None,
    reset: Reset | None = None,
) -> dict[str, Any]:
    position = position or feed_position(s)
    hi = position.hi
    # One more than a page from each source: then 'more' is exactly "something was left".
    limit_plus = limit + 1
    sources: list[list[Item]] = []
    own: Store | Merchant | None = (
        s.get(Store, till.acceptor.id)
        if till.store_id is not None
        else s.get(Merchant, till.acceptor.id)
    )
    if own is not None and cursor < own.seq <= hi:
        sources.append([(own.seq, "store", acceptor_to_dict(own))])
    keys = s.scalars(
        select(SigningKey)
        .where(SigningKey.seq > cursor, SigningKey.seq <= hi)
        .order_by(SigningKey.seq)
        .limit(limit_plus)
    )
    sources.append([(k.seq, "key", key_to_dict(k)) for k in keys])
    owner = User.store_id if till.store_id is not None else User.merchant_id
    users = s.scalars(
        select(User)
        .where(owner == till.acceptor.id, User.seq > cursor, User.seq <= hi)
        .order_by(User.seq)
        .limit(limit_plus)
    )
    sources.append([(u.seq, "user", user_to_sync(u)) for u in users])
    rules, visible = _rules(s, till, cursor, hi, limit_plus)
    sources.append(rules)
    if visible:
        codes = s.scalars(
            select(CodeRow)
            .where(CodeRow.seq > cursor, CodeRow.seq <= hi, CodeRow.rule_id.in_(visible))
            .order_by(CodeRow.seq)
            .limit(limit_plus)
        )
        sources.append([(c.seq, "code", code_to_dict(c)) for c in codes])
    products = s.scalars(
        select(Product)
        .where(Product.seq > cursor, Product.seq <= hi)
        .order_by(Product.seq)
        .limit(limit_plus)
    )
    sources.append([(p.seq, "product", product_to_dict(p)) for p in products])
    merged = list(heapq.merge(*sources, key=lambda item: item[0]))
    taken = merged[:limit]
    more = len(merged) > limit
    next_cursor = taken[-1][0] if more else max(cursor, hi)
    return {
        "items": [{"type": kind, "data": data} for _, kind, data in taken],
        "cursor": position.cursor(next_cursor),
        "more": more,
        "reset": reset,
    }


@router.get("/v1/sync", response_model=SyncPage, summary="Changes since the cursor, in pages")
def sync(
    till: TillOnly,
    db: DB,
    settings: Settings,
    cursor: Annotated[
        str | None, Query(max_length=64, description="from the previous page; none at first")
    ] = None,
    limit: Annotated[int | None, Query(ge=1, le=5000)] = None,
) -> dict[str, Any]:
    size = min(limit or settings.sync_default_limit, settings.sync_max_limit)
    with db.read() as s:
        position = feed_position(s)
        start, reset = position.place(cursor)
        seen = s.scalar(select(Till.feed_seq).where(Till.id == till.till_id))
        if reset is None and start > 0 and seen is None:
            # A cursor this till was never given here (registered again, with the cache of
            # an earlier registration): it re-syncs, alone.
            start, reset = 0, Reset.UNREADABLE
        elif reset is None and seen is not None and start > seen:
            # This database gave the till a cursor it has no record of giving: it is a
            # backup restored since (the counter may well have passed the cursor again).
            reset = Reset.RESTORED
        if reset is not Reset.RESTORED:
            answer = page(s, till, start, size, position, reset)
    if reset is Reset.RESTORED:
        # A restore nobody announced (bootstrap.mark_restored): start the new epoch now,
        # so every till re-syncs, also those whose cursors look fine here.
        log.warning("sync: till %s holds a cursor from before a restore", till.till_id)
        with db.write() as s:
            new_epoch(s, replacing=position.epoch)
        with db.read() as s:
            answer = page(s, till, 0, size, feed_position(s), reset)
    _record(db, till.till_id, seen, FeedPosition.seq_of(answer["cursor"]))
    return answer


def _record(db: Database, till_id: str, seen: int | None, handed: int) -> None:
    """Remember the furthest cursor given to this till, before the till has it."""
    if seen is not None and handed <= seen:
        return
    with db.write() as s:
        s.execute(
            update(Till)
            .where(Till.id == till_id, or_(Till.feed_seq.is_(None), Till.feed_seq < handed))
            .values(feed_seq=handed)
        )
