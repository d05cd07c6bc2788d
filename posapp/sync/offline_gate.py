"""The offline gate: whether this till may write a coupon off while the service cannot say.

The store's policy (posapp.domain.offline_policy) bounds the risk: a fresh enough cache and
trust list, only the kinds the store allows, and a count and a value cap over every
write-off the service has not confirmed yet. This is the one place the caps are checked;
`redeem` checks again inside its write transaction, so two cashiers racing cannot both
squeeze under the cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from posapp.domain.kinds import CouponKind
from posapp.domain.money import Cents
from posapp.domain.offline_policy import OfflinePolicy, check_offline
from posapp.domain.verdicts import Verdict
from posapp.store.ledger import unconfirmed_exposure


@dataclass(frozen=True)
class Gate:
    """What the offline check needs: the store's policy and how old the cache is."""

    policy: OfflinePolicy
    last_sync_at: datetime | None
    keys_synced_at: datetime | None


def write_off_value(kind: CouponKind, discount_cents: Cents, face_value_cents: Cents) -> Cents:
    """What a write-off puts at risk: its discount; for a gift (no discount) the gift's worth."""
    if kind is CouponKind.GIFT or discount_cents == 0:
        return face_value_cents
    return discount_cents


def offline_refusal(
    s: Session, gate: Gate, kind: CouponKind, value_cents: Cents, now: datetime
) -> Verdict | None:
    """Why this write-off may not be made offline now, or None when the policy allows it."""
    return gate_refusal(gate, kind, value_cents, now, unconfirmed_exposure(s))


def gate_refusal(
    gate: Gate, kind: CouponKind, value_cents: Cents, now: datetime, exposure: tuple[int, int]
) -> Verdict | None:
    """offline_refusal, given the count and value of unconfirmed write-offs."""
    count, total = exposure
    return check_offline(
        gate.policy, kind, value_cents, now, gate.last_sync_at, gate.keys_synced_at, count, total
    )
