"""Ledger rows as the screens and the CLI read them (posapp.sync.results' RedemptionView)."""

from __future__ import annotations

from posapp.store.models import OutboxRow, RedemptionRow
from posapp.sync.results import RedemptionView


def redemption_view(red: RedemptionRow, outbox: OutboxRow | None = None) -> RedemptionView:
    """One write-off; with its outbox row, also its retry state."""
    return RedemptionView(
        id=red.id,
        code=red.code,
        rule_id=red.rule_id,
        kind=red.kind,
        cashier_id=red.cashier_id,
        channel=red.channel,
        order_no=red.order_no,
        amount_cents=red.amount_cents,
        discount_cents=red.discount_cents,
        value_cents=red.value_cents,
        redeemed_at=red.redeemed_at,
        status=red.status,
        offline=red.offline,
        attempts=outbox.attempts if outbox else 0,
        last_error=outbox.last_error if outbox else None,
        next_attempt_at=outbox.next_attempt_at if outbox else None,
    )
