"""The write-offs waiting in the outbox, as the queue screen and `till queue` list them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from posapp.store.db import Database
from posapp.store.ledger import get_redemption, next_due, outbox_items
from posapp.sync.results import RedemptionView
from posapp.sync.views import redemption_view


def queued(db: Database) -> list[RedemptionView]:
    """Write-offs waiting to be sent, oldest first, with their retry state."""
    with db.read() as s:
        out = []
        for item in outbox_items(s, limit=100_000):
            red = get_redemption(s, item.redemption_id)
            if red is not None:
                out.append(redemption_view(red, item))
        return out


def seconds_until_due(db: Database, clock: Callable[[], datetime]) -> float | None:
    """How long until the next queued item may be sent; None when nothing waits."""
    with db.read() as s:
        due = next_due(s)
    return None if due is None else (due - clock()).total_seconds()
