"""The manager's conflict inbox: write-offs the service did not take, and what was done.

A conflict (someone redeemed the code first) or a rejection reaches the inbox when the
cashier had already been told "redeemed" (offline, or the answer came later); nothing the
service refuses is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from posapp.store.db import Database
from posapp.store.ledger import conflicts as list_conflicts
from posapp.store.ledger import get_redemption
from posapp.store.models import ConflictRow, UserRow
from posapp.sync.results import ConflictView
from posapp.sync.views import redemption_view
from posapp.sync.wire import problem_verdict


def conflict_view(s: Session, row: ConflictRow) -> ConflictView:
    red = get_redemption(s, row.redemption_id)
    assert red is not None  # a foreign key: a conflict always has its write-off
    return ConflictView(
        id=row.id,
        kind=row.kind,
        reason=row.reason,
        verdict=problem_verdict(row.problem, red.code),
        redemption=redemption_view(red),
        created_at=row.created_at,
        resolved_at=row.resolved_at,
        resolved_by=row.resolved_by,
        resolution=row.resolution,
        cashier_name=user_name(s, red.cashier_id),
    )


def user_name(s: Session, user_id: str) -> str:
    """A cashier's name as the till knows it; the id of one it no longer knows."""
    user = s.get(UserRow, user_id)
    return user.name if user is not None else user_id


def conflicts(db: Database, open_only: bool = True) -> list[ConflictView]:
    with db.read() as s:
        return [conflict_view(s, c) for c in list_conflicts(s, open_only=open_only)]


def resolve_conflict(
    db: Database, clock: Callable[[], datetime], conflict_id: int, by: str, resolution: str
) -> ConflictView:
    """Close a conflict with what the manager did about it (e.g. 'customer paid in full')."""
    with db.write() as s:
        row = s.get(ConflictRow, conflict_id)
        if row is None:
            raise KeyError(f"no conflict {conflict_id}")
        row.resolved_at = clock()
        row.resolved_by = by
        row.resolution = resolution.strip() or "acknowledged"
        s.flush()
        return conflict_view(s, row)
