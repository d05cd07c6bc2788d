"""The offline gate: whether this till may write a coupon off while the service cannot say.

The store's policy (posapp.domain.offline_policy) bounds the risk: a fresh enough cache and
trust list, only the kinds the store allows, and a count and a value cap over every
write-off the service has not confirmed yet. This is the one place the caps are checked;
`redeem` checks again inside its write transaction, so two cashiers racing cannot both
squeeze under the cap.

The policy holds for every write-off the service has not confirmed while the cashier waits,
also one made while the till still thought it was online: if the service does not answer,
that write-off is checked as an offline one, and given back if the policy refuses it.

Offline, a write-off still tries the service now and then (`may_be_back`), so a short blip
does not keep a till queueing until the next full sync.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from posapp.domain.kinds import CouponKind
from posapp.domain.money import Cents
from posapp.domain.offline_policy import OfflinePolicy, check_offline
from posapp.domain.timeutil import to_iso
from posapp.domain.verdicts import Verdict
from posapp.store.ledger import enqueue, unconfirmed_exposure
from posapp.store.models import RedemptionRow, RedemptionStatus
from posapp.store.state import peek_sync_state
from posapp.sync.wire import reversal_body

log = logging.getLogger(__name__)


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


def gate_now(s: Session) -> Gate:
    """The offline gate as the till's sync state has it now (online or not)."""
    st = peek_sync_state(s)
    return Gate(policy_of(st.policy), st.last_sync_at, st.keys_synced_at)


def policy_of(d: dict[str, Any] | None) -> OfflinePolicy:
    """The store's offline policy as stored; the defaults when it cannot be read."""
    try:
        return OfflinePolicy.from_dict(d)
    except ValueError:
        log.warning("unreadable offline policy %r; using the defaults", d)
        return OfflinePolicy()


def unconfirmed_refusal(
    s: Session, gate: Gate, kind: CouponKind, value_cents: Cents, now: datetime
) -> Verdict | None:
    """offline_refusal for a write-off already committed and still unconfirmed: it is one
    of the unconfirmed write-offs, so the caps are checked as they were before it."""
    count, total = unconfirmed_exposure(s)
    before = (max(0, count - 1), max(0, total - value_cents))
    return gate_refusal(gate, kind, value_cents, now, before)


def give_back(s: Session, red: RedemptionRow, now: datetime) -> None:
    """Undo a write-off the service did not confirm and the offline policy refuses.

    The coupon can be used again here at once. The service may have it all the same (its
    answer was lost): the write-off stays queued, and a cancellation follows it, sent once
    the service has answered the write-off itself.
    """
    event: dict[str, Any] = {"at": to_iso(now), "reason": "not_confirmed", "refund_cents": 0}
    events = (red.reversal or {}).get("events")
    red.reversal = {
        **(red.reversal or {}),
        "events": [*(events if isinstance(events, list) else []), event],
    }
    red.status = RedemptionStatus.REVERSED.value
    red.reversed_at = now
    body = reversal_body(order_completed=False)
    enqueue(s, red.id, "reverse", {"idempotency_key": str(uuid.uuid4()), **body}, now)


# trying the service again while offline -----------------------------------------------------

PROBE_FIRST_S = 5.0  # after the first failed contact; doubled after each further one
PROBE_CAP_S = 60.0


def probe_delay(failures: int) -> float:
    """How long after the last failed contact a write-off tries the service again."""
    return min(PROBE_CAP_S, PROBE_FIRST_S * (1 << max(0, min(failures - 1, 16))))


def may_be_back(s: Session, now: datetime) -> bool:
    """Offline, but the last failure is old enough that the service may be back.

    Each try costs the cashier at most the write-off's deadline; the waits between tries
    grow, so a network that swallows packets costs a few seconds a minute, not every sale.
    """
    st = peek_sync_state(s)
    if st.online:
        return False
    if st.failed_at is None:
        return True
    return now >= st.failed_at + timedelta(seconds=probe_delay(st.failures or 1))
