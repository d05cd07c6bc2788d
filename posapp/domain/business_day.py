"""The business day: a store's trading day in its own time zone, ending at a cut-off hour.

A sale at 02:30 local time with a cut-off of 4 belongs to the previous day's tally. The day
runs from cutoff:00 local time to cutoff:00 the next day; across a DST change that span is
23 or 25 hours long, and when cutoff:00 does not exist (the clock jumps over it) the day
starts at the jump.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from posapp.domain.timeutil import require_aware


def _zone(tz_name: str) -> ZoneInfo:
    # ZoneInfo raises ZoneInfoNotFoundError (a KeyError) or ValueError; one error type is kinder.
    try:
        return ZoneInfo(tz_name)
    except (KeyError, ValueError) as e:
        raise ValueError(f"unknown time zone: {tz_name!r}") from e


def _check_cutoff(cutoff_hour: int) -> None:
    if not 0 <= cutoff_hour <= 23:
        raise ValueError(f"the cut-off hour must be 0..23, not {cutoff_hour}")


def _day_of(instant: datetime, zone: ZoneInfo, cutoff_hour: int) -> date:
    local = require_aware(instant, "instant").astimezone(zone).replace(tzinfo=None)
    return (local - timedelta(hours=cutoff_hour)).date()


def business_day(instant: datetime, tz_name: str, cutoff_hour: int) -> date:
    """Return the business day an instant belongs to in zone tz_name."""
    _check_cutoff(cutoff_hour)
    return _day_of(instant, _zone(tz_name), cutoff_hour)


def _day_start(day: date, zone: ZoneInfo, cutoff_hour: int) -> datetime:
    wall = datetime.combine(day, time(cutoff_hour))
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first  # exists (fold=0 picks the first of two when the clock goes back)
    # cutoff:00 falls in a gap: the day starts at the jump, between the two readings.
    lo = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    hi = first
    if lo > hi:
        lo, hi = hi, lo
    while hi - lo > timedelta(microseconds=1):
        mid = lo + (hi - lo) / 2
        if _day_of(mid, zone, cutoff_hour) >= day:
            hi = mid
        else:
            lo = mid
    return hi


def day_bounds(day: date, tz_name: str, cutoff_hour: int) -> tuple[datetime, datetime]:
    """Return the UTC instants [start, end) of a business day in zone tz_name."""
    _check_cutoff(cutoff_hour)
    zone = _zone(tz_name)
    start = _day_start(day, zone, cutoff_hour)
    return start, _day_start(day + timedelta(days=1), zone, cutoff_hour)
