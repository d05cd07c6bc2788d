"""The offline policy: fresh enough cache and keys, allowed kinds, count and value caps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posapp.domain.kinds import CouponKind
from posapp.domain.offline_policy import OfflinePolicy, check_offline
from posapp.domain.verdicts import Reason

NOW = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
POLICY = OfflinePolicy(
    max_cache_age_s=3600,
    max_key_age_s=86400,
    offline_kinds=frozenset({CouponKind.GIFT, CouponKind.REDUCTION}),
    offline_value_cap_cents=10_000,
    offline_count_cap=3,
)


def check(**kw: object) -> Reason | None:
    args: dict[str, object] = {
        "policy": POLICY,
        "kind": CouponKind.REDUCTION,
        "value_cents": 2000,
        "now": NOW,
        "last_sync_at": NOW - timedelta(minutes=5),
        "keys_synced_at": NOW - timedelta(minutes=5),
        "offline_count": 0,
        "offline_value_cents": 0,
    }
    args.update(kw)
    verdict = check_offline(**args)  # type: ignore[arg-type]
    return None if verdict is None else verdict.reason


def test_within_policy_is_allowed() -> None:
    assert check() is None


@pytest.mark.parametrize(
    ("kw", "reason"),
    [
        ({"last_sync_at": None}, Reason.CACHE_TOO_OLD),
        ({"last_sync_at": NOW - timedelta(hours=2)}, Reason.CACHE_TOO_OLD),
        ({"keys_synced_at": NOW - timedelta(days=2)}, Reason.CACHE_TOO_OLD),
        ({"kind": CouponKind.DISCOUNT}, Reason.OFFLINE_KIND_NOT_ALLOWED),
        ({"offline_count": 3}, Reason.OFFLINE_LIMIT_REACHED),
        ({"offline_value_cents": 8001}, Reason.OFFLINE_LIMIT_REACHED),
    ],
)
def test_outside_policy_says_why(kw: dict[str, object], reason: Reason) -> None:
    assert check(**kw) is reason


def test_the_value_cap_is_inclusive() -> None:
    assert check(offline_value_cents=8000) is None
    assert check(offline_count=2) is None


def test_policy_round_trips_and_fills_defaults() -> None:
    assert OfflinePolicy.from_dict(POLICY.to_dict()) == POLICY
    assert OfflinePolicy.from_dict(None) == OfflinePolicy()
    assert OfflinePolicy.from_dict({"offline_count_cap": 5}).offline_count_cap == 5
    with pytest.raises(ValueError):
        OfflinePolicy.from_dict({"offline_kinds": ["teleport"]})
    with pytest.raises(ValueError):
        OfflinePolicy.from_dict({"offline_count_cap": -1})


@given(
    count=st.integers(0, 10),
    value=st.integers(0, 20_000),
    this=st.integers(0, 20_000),
)
def test_a_refused_exposure_never_becomes_allowed_by_adding_more(
    count: int, value: int, this: int
) -> None:
    if check(offline_count=count, offline_value_cents=value, value_cents=this) is not None:
        assert check(offline_count=count + 1, offline_value_cents=value, value_cents=this)
        assert check(offline_count=count, offline_value_cents=value + 1, value_cents=this)


def test_retry_back_off_grows_is_capped_and_jittered() -> None:
    import random

    from posapp.sync.outbox import backoff_delay

    rng = random.Random(7)
    first = [backoff_delay(0, base=2, cap=60, rng=rng) for _ in range(50)]
    assert all(1 <= d <= 2 for d in first) and len(set(first)) > 40
    assert all(30 <= backoff_delay(n, base=2, cap=60, rng=rng) <= 60 for n in range(5, 40))
