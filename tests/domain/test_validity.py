"""Validity: fixed, relative with a hard deadline, unlimited; apart from the issuing window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from posapp.domain.validity import (
    FixedValidity,
    RelativeValidity,
    UnlimitedValidity,
    validity_from_dict,
    validity_to_dict,
    window,
)

T0 = datetime(2024, 5, 1, tzinfo=UTC)


def test_fixed_runs_from_start_to_end_whenever_received() -> None:
    v = FixedValidity(T0, T0 + timedelta(days=10))
    for received in (None, T0 - timedelta(days=100), T0 + timedelta(days=5)):
        w = window(v, received)
        assert (w.start, w.end) == (T0, T0 + timedelta(days=10))
    w = window(v, None)
    assert w.is_before(T0 - timedelta(seconds=1)) and w.contains(T0)
    assert w.is_after(T0 + timedelta(days=10)) and not w.contains(T0 + timedelta(days=10))


def test_relative_counts_days_from_receipt() -> None:
    w = window(RelativeValidity(7), T0)
    assert (w.start, w.end) == (T0, T0 + timedelta(days=7))


def test_relative_never_runs_past_the_deadline() -> None:
    deadline = T0 + timedelta(days=3)
    assert window(RelativeValidity(7, deadline), T0).end == deadline
    assert window(RelativeValidity(2, deadline), T0).end == T0 + timedelta(days=2)


def test_relative_bearer_code_runs_until_the_deadline() -> None:
    w = window(RelativeValidity(7, T0), None)
    assert (w.start, w.end) == (None, T0)


def test_unlimited_is_always_open() -> None:
    w = window(UnlimitedValidity(), None)
    assert w.contains(T0) and not w.is_after(T0 + timedelta(days=100_000))


@pytest.mark.parametrize(
    "make",
    [
        lambda: FixedValidity(T0, T0),
        lambda: FixedValidity(T0.replace(tzinfo=None), T0 + timedelta(days=1)),
        lambda: RelativeValidity(0),
        lambda: RelativeValidity(3, T0.replace(tzinfo=None)),
    ],
)
def test_invalid_validity_is_refused(make: object) -> None:
    with pytest.raises(ValueError):
        make()  # type: ignore[operator]


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        window(UnlimitedValidity(), None).contains(T0.replace(tzinfo=None))


@pytest.mark.parametrize(
    "v",
    [
        FixedValidity(T0, T0 + timedelta(hours=1)),
        RelativeValidity(30),
        RelativeValidity(30, T0),
        UnlimitedValidity(),
    ],
)
def test_dict_round_trip(v: FixedValidity | RelativeValidity | UnlimitedValidity) -> None:
    assert validity_from_dict(validity_to_dict(v)) == v
