"""Thresholds by amount, items, weight or none; measured on what the caller passes in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posapp.domain.threshold import Threshold, ThresholdKind


@pytest.mark.parametrize(
    ("threshold", "have", "missing"),
    [
        (Threshold(), (0, 0, 0), 0),
        (Threshold(ThresholdKind.AMOUNT, 30000), (28000, 99, 99), 2000),
        (Threshold(ThresholdKind.AMOUNT, 30000), (32000, 0, 0), 0),
        (Threshold(ThresholdKind.ITEMS, 5), (10**6, 3, 0), 2),
        (Threshold(ThresholdKind.WEIGHT, 1000), (10**6, 10, 400), 600),
        (Threshold(ThresholdKind.AMOUNT, 0), (0, 0, 0), 0),
    ],
)
def test_missing(threshold: Threshold, have: tuple[int, int, int], missing: int) -> None:
    assert threshold.measure_missing(*have) == missing


def test_invalid_thresholds() -> None:
    with pytest.raises(ValueError):
        Threshold(ThresholdKind.AMOUNT, -1)
    with pytest.raises(ValueError):
        Threshold(ThresholdKind.NONE, 5)


@given(st.sampled_from(list(ThresholdKind)), st.integers(0, 10**6), st.data())
def test_more_never_misses_more(kind: ThresholdKind, value: int, data: st.DataObject) -> None:
    t = Threshold(kind, 0 if kind is ThresholdKind.NONE else value)
    have = data.draw(st.tuples(*[st.integers(0, 10**6)] * 3))
    extra = data.draw(st.tuples(*[st.integers(0, 10**6)] * 3))
    more = tuple(a + b for a, b in zip(have, extra, strict=True))
    assert t.measure_missing(*more) <= t.measure_missing(*have)


def test_dict_round_trip() -> None:
    t = Threshold(ThresholdKind.WEIGHT, 500)
    assert Threshold.from_dict(t.to_dict()) == t
