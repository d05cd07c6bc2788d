"""Business day: in the store's zone, with a cut-off hour; correct across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posapp.domain.business_day import business_day, day_bounds

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def _local(zone: ZoneInfo, y: int, mo: int, d: int, h: int, mi: int = 0, fold: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=zone, fold=fold).astimezone(UTC)


def test_sale_at_0230_with_cutoff_4_belongs_to_the_day_before() -> None:
    assert business_day(_local(SHANGHAI, 2024, 5, 2, 2, 30), "Asia/Shanghai", 4) == date(2024, 5, 1)
    assert business_day(_local(SHANGHAI, 2024, 5, 2, 4, 0), "Asia/Shanghai", 4) == date(2024, 5, 2)
    assert business_day(_local(SHANGHAI, 2024, 5, 2, 3, 59), "Asia/Shanghai", 4) == date(2024, 5, 1)


def test_cutoff_0_is_the_calendar_day_in_the_stores_zone() -> None:
    # 20:00 UTC on 1 May is 04:00 on 2 May in Shanghai.
    instant = datetime(2024, 5, 1, 20, 0, tzinfo=UTC)
    assert business_day(instant, "Asia/Shanghai", 0) == date(2024, 5, 2)
    assert business_day(instant, "UTC", 0) == date(2024, 5, 1)


def test_day_bounds_in_utc() -> None:
    start, end = day_bounds(date(2024, 5, 1), "Asia/Shanghai", 4)
    assert start == datetime(2024, 4, 30, 20, 0, tzinfo=UTC)
    assert end == datetime(2024, 5, 1, 20, 0, tzinfo=UTC)


def test_spring_forward_day_is_23_hours() -> None:
    # Berlin, 31 March 2024: 02:00 CET jumps to 03:00 CEST, inside the business day of 30 March.
    start, end = day_bounds(date(2024, 3, 30), "Europe/Berlin", 4)
    assert start == _local(BERLIN, 2024, 3, 30, 4) == datetime(2024, 3, 30, 3, tzinfo=UTC)
    assert end == _local(BERLIN, 2024, 3, 31, 4) == datetime(2024, 3, 31, 2, tzinfo=UTC)
    assert end - start == timedelta(hours=23)
    # A sale at 02:30 wall-clock cannot happen that night; 01:59 and 03:01 both belong to the 30th.
    assert business_day(_local(BERLIN, 2024, 3, 31, 1, 59), "Europe/Berlin", 4) == date(2024, 3, 30)
    assert business_day(_local(BERLIN, 2024, 3, 31, 3, 1), "Europe/Berlin", 4) == date(2024, 3, 30)


def test_fall_back_day_is_25_hours_and_the_repeated_hour_stays_in_the_day() -> None:
    # Berlin, 27 October 2024: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice.
    start, end = day_bounds(date(2024, 10, 26), "Europe/Berlin", 4)
    assert end - start == timedelta(hours=25)
    first = _local(BERLIN, 2024, 10, 27, 2, 30, fold=0)
    second = _local(BERLIN, 2024, 10, 27, 2, 30, fold=1)
    assert second - first == timedelta(hours=1)
    for instant in (first, second):
        assert business_day(instant, "Europe/Berlin", 4) == date(2024, 10, 26)


def test_cutoff_inside_the_skipped_hour_starts_the_day_at_the_jump() -> None:
    # 02:00 does not exist in Berlin on 31 March 2024: the day starts at the jump (01:00 UTC).
    start, _ = day_bounds(date(2024, 3, 31), "Europe/Berlin", 2)
    assert start == datetime(2024, 3, 31, 1, 0, tzinfo=UTC)
    assert business_day(start, "Europe/Berlin", 2) == date(2024, 3, 31)
    before = start - timedelta(microseconds=1)
    assert business_day(before, "Europe/Berlin", 2) == date(2024, 3, 30)


@pytest.mark.parametrize(("tz", "cutoff"), [("Nowhere/Atlantis", 4), ("UTC", 24), ("UTC", -1)])
def test_bad_zone_or_cutoff_is_a_value_error(tz: str, cutoff: int) -> None:
    with pytest.raises(ValueError):
        business_day(datetime(2024, 1, 1, tzinfo=UTC), tz, cutoff)


def test_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        business_day(datetime(2024, 1, 1), "UTC", 4)


ZONES = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "America/Santiago", "UTC"]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=20 * 365 * 86400),
    st.sampled_from(ZONES),
    st.integers(min_value=0, max_value=23),
)
def test_every_instant_lies_within_its_days_bounds(seconds: int, tz: str, cutoff: int) -> None:
    instant = datetime(2015, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    day = business_day(instant, tz, cutoff)
    start, end = day_bounds(day, tz, cutoff)
    assert start <= instant < end
    assert timedelta(hours=22) <= end - start <= timedelta(hours=26)
    assert business_day(start, tz, cutoff) == day
    assert business_day(end, tz, cutoff) == day + timedelta(days=1)
