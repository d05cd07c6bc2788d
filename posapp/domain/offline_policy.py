"""How much risk a till may take while it cannot reach the service (set per store).

As with card terminals' floor limits: redeem offline only from a fresh enough cache and
trust list, only the kinds the store allows, and only up to a count and a value; after
that the till must reach the service again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from posapp.domain.kinds import CouponKind
from posapp.domain.money import Cents, format_cents
from posapp.domain.timeutil import require_aware, to_iso
from posapp.domain.verdicts import Reason, Verdict

DEFAULT_KINDS = frozenset({CouponKind.GIFT, CouponKind.DISCOUNT, CouponKind.REDUCTION})


@dataclass(frozen=True)
class OfflinePolicy:
    max_cache_age_s: int = 24 * 3600
    max_key_age_s: int = 7 * 24 * 3600
    offline_kinds: frozenset[CouponKind] = field(default=DEFAULT_KINDS)
    offline_value_cap_cents: Cents = 200_000
    offline_count_cap: int = 200

    def __post_init__(self) -> None:
        for name in (
            "max_cache_age_s",
            "max_key_age_s",
            "offline_value_cap_cents",
            "offline_count_cap",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")

    def to_dict(self) -> dict[str, Any]:
        return {
            "max_cache_age_s": self.max_cache_age_s,
            "max_key_age_s": self.max_key_age_s,
            "offline_kinds": sorted(k.value for k in self.offline_kinds),
            "offline_value_cap_cents": self.offline_value_cap_cents,
            "offline_count_cap": self.offline_count_cap,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> OfflinePolicy:
        """Read a policy; missing fields take the defaults, wrong ones raise ValueError."""
        d = d or {}
        default = cls()
        try:
            kinds = d.get("offline_kinds")
            return cls(
                max_cache_age_s=int(d.get("max_cache_age_s", default.max_cache_age_s)),
                max_key_age_s=int(d.get("max_key_age_s", default.max_key_age_s)),
                offline_kinds=(
                    default.offline_kinds
                    if kinds is None
                    else frozenset(CouponKind(k) for k in kinds)
                ),
                offline_value_cap_cents=int(
                    d.get("offline_value_cap_cents", default.offline_value_cap_cents)
                ),
                offline_count_cap=int(d.get("offline_count_cap", default.offline_count_cap)),
            )
        except (TypeError, AttributeError) as e:
            raise ValueError(f"offline policy is malformed: {e}") from None


def check_offline(
    policy: OfflinePolicy,
    kind: CouponKind,
    value_cents: Cents,
    now: datetime,
    last_sync_at: datetime | None,
    keys_synced_at: datetime | None,
    offline_count: int,
    offline_value_cents: Cents,
) -> Verdict | None:
    """Return why this write-off may not be made offline, or None when the policy allows it.

    offline_count and offline_value_cents are the write-offs not yet confirmed by the
    service; value_cents is what this one is worth (the discount, or the gift's value).
    """
    now = require_aware(now, "now")
    if last_sync_at is None or now - last_sync_at > timedelta(seconds=policy.max_cache_age_s):
        return Verdict(Reason.CACHE_TOO_OLD, {"since": _since(last_sync_at)})
    if keys_synced_at is None or now - keys_synced_at > timedelta(seconds=policy.max_key_age_s):
        return Verdict(Reason.CACHE_TOO_OLD, {"since": _since(keys_synced_at)})
    if kind not in policy.offline_kinds:
        return Verdict(Reason.OFFLINE_KIND_NOT_ALLOWED, {"kind": kind.value})
    if offline_count + 1 > policy.offline_count_cap:
        return Verdict(
            Reason.OFFLINE_LIMIT_REACHED, {"limit": f"{policy.offline_count_cap} write-offs"}
        )
    if offline_value_cents + value_cents > policy.offline_value_cap_cents:
        return Verdict(
            Reason.OFFLINE_LIMIT_REACHED,
            {"limit": format_cents(policy.offline_value_cap_cents)},
        )
    return None


def _since(when: datetime | None) -> str:
    return "it was set up" if when is None else (to_iso(when) or "")
