"""Write-offs made at this till, the outbox that carries them to the service, and conflicts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from posapp.store.models import (
    LIVE_STATUSES,
    ConflictRow,
    OutboxRow,
    RedemptionLineRow,
    RedemptionRow,
    RedemptionStatus,
)


class CodeAlreadyRedeemedHere(Exception):
    """The database refused a second live write-off of the same code on this till."""

    def __init__(self, code: str) -> None:
        super().__init__(f"code {code} already has a write-off on this till")
        self.code = code


@dataclass(frozen=True)
class NewLine:
    """A bill line of a write-off: what a reversal needs of it later."""

    sku: str
    name: str
    quantity: int
    amount_cents: int
    share_cents: int


@dataclass(frozen=True)
class NewRedemption:
    id: str
    code: str
    rule_id: str
    kind: str
    cashier_id: str
    channel: str
    order_no: str | None
    amount_cents: int
    discount_cents: int
    value_cents: int
    redeemed_at: datetime
    offline: bool
    lines: tuple[NewLine, ...]


def add_redemption(session: Session, new: NewRedemption, body: dict[str, Any]) -> RedemptionRow:
    """Insert the write-off, its line shares and its outbox row in the caller's transaction.

    Raise CodeAlreadyRedeemedHere when the code has a live write-off here already: the unique
    index decides, so two threads (or processes) racing for one code cannot both win.
    """
    row = RedemptionRow(
        id=new.id,
        code=new.code,
        rule_id=new.rule_id,
        kind=new.kind,
        cashier_id=new.cashier_id,
        channel=new.channel,
        order_no=new.order_no,
        amount_cents=new.amount_cents,
        discount_cents=new.discount_cents,
        value_cents=new.value_cents,
        redeemed_at=new.redeemed_at,
        offline=new.offline,
        status=RedemptionStatus.PENDING.value,
        body=body,
    )
    row.lines = [
        RedemptionLineRow(
            idx=i,
            sku=line.sku,
            name=line.name,
            quantity=line.quantity,
            amount_cents=line.amount_cents,
            share_cents=line.share_cents,
            returned=0,
        )
        for i, line in enumerate(new.lines)
    ]
    session.add(row)
    try:
        session.flush()
    except IntegrityError as e:
        if "redemptions.code" in str(e.orig) or "ux_redemptions_live_code" in str(e.orig):
            raise CodeAlreadyRedeemedHere(new.code) from None
        raise
    enqueue(session, new.id, "redeem", body, new.redeemed_at)
    return row


def enqueue(
    session: Session, redemption_id: str, op: str, body: dict[str, Any], now: datetime
) -> None:
    session.add(
        OutboxRow(
            redemption_id=redemption_id,
            op=op,
            body=body,
            created_at=now,
            attempts=0,
            next_attempt_at=now,
        )
    )
    session.flush()


def get_redemption(session: Session, redemption_id: str) -> RedemptionRow | None:
    return session.get(RedemptionRow, redemption_id)


def live_redemption(session: Session, code: str) -> RedemptionRow | None:
    return session.scalars(
        select(RedemptionRow).where(
            RedemptionRow.code == code, RedemptionRow.status.in_(LIVE_STATUSES)
        )
    ).first()


def unconfirmed_exposure(session: Session) -> tuple[int, int]:
    """Count and value of write-offs the service has not confirmed yet (the offline risk)."""
    count, value = session.execute(
        select(func.count(), func.coalesce(func.sum(RedemptionRow.value_cents), 0)).where(
            RedemptionRow.status == RedemptionStatus.PENDING.value
        )
    ).one()
    return int(count), int(value)


def redemptions_between(
    session: Session, start: datetime, end: datetime
) -> Sequence[RedemptionRow]:
    return session.scalars(
        select(RedemptionRow)
        .where(RedemptionRow.redeemed_at >= start, RedemptionRow.redeemed_at < end)
        .order_by(RedemptionRow.redeemed_at)
    ).all()


def live_on_order(session: Session, order_no: str) -> Sequence[RedemptionRow]:
    """The write-offs on an order that still stand (pending or confirmed)."""
    return session.scalars(
        select(RedemptionRow).where(
            RedemptionRow.order_no == order_no, RedemptionRow.status.in_(LIVE_STATUSES)
        )
    ).all()


def redemptions_of_order(session: Session, order_no: str) -> Sequence[RedemptionRow]:
    return session.scalars(
        select(RedemptionRow)
        .where(RedemptionRow.order_no == order_no)
        .order_by(RedemptionRow.redeemed_at)
    ).all()


# outbox ------------------------------------------------------------------------------------


def outbox_length(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(OutboxRow)) or 0)


def outbox_items(
    session: Session,
    *,
    op: str | None = None,
    due_by: datetime | None = None,
    limit: int = 1000,
    of: Sequence[str] | None = None,
) -> Sequence[OutboxRow]:
    """Outbox rows oldest first; of: only those of these write-offs."""
    q = select(OutboxRow).order_by(OutboxRow.id).limit(limit)
    if op is not None:
        q = q.where(OutboxRow.op == op)
    if due_by is not None:
        q = q.where(OutboxRow.next_attempt_at <= due_by)
    if of is not None:
        q = q.where(OutboxRow.redemption_id.in_(list(of)))
    return session.scalars(q).all()


def next_due(session: Session) -> datetime | None:
    """When the next outbox row may be sent (None when the outbox is empty)."""
    return session.scalar(select(func.min(OutboxRow.next_attempt_at)))


def defer(session: Session, ids: Sequence[int], error: str, next_at: datetime) -> None:
    """Count a failed attempt for these outbox rows and set when to try again."""
    if ids:
        session.execute(
            update(OutboxRow)
            .where(OutboxRow.id.in_(ids))
            .values(attempts=OutboxRow.attempts + 1, next_attempt_at=next_at, last_error=error)
        )


def make_all_due(session: Session, now: datetime) -> None:
    """Forget back-off waits (the cashier pressed 'sync now', or the service came back)."""
    session.execute(update(OutboxRow).values(next_attempt_at=now))


# conflicts ---------------------------------------------------------------------------------


def add_conflict(
    session: Session,
    redemption_id: str,
    kind: str,
    reason: str,
    problem: dict[str, Any],
    now: datetime,
) -> None:
    if session.scalar(select(ConflictRow.id).where(ConflictRow.redemption_id == redemption_id)):
        return
    session.add(
        ConflictRow(
            redemption_id=redemption_id, kind=kind, reason=reason, problem=problem, created_at=now
        )
    )
    session.flush()


def conflicts(session: Session, *, open_only: bool = True) -> Sequence[ConflictRow]:
    q = select(ConflictRow).order_by(ConflictRow.id)
    if open_only:
        q = q.where(ConflictRow.resolved_at.is_(None))
    return session.scalars(q).all()


def open_conflict_count(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(ConflictRow).where(ConflictRow.resolved_at.is_(None))
        )
        or 0
    )
