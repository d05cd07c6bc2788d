"""Instants as a person reads them: the store's clock, or UTC said out loud, never the machine's."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from posapp.domain.timeutil import format_instant

AT = datetime(2026, 11, 23, 19, 20, tzinfo=UTC)  # 03:20 the next day in Shanghai


def test_an_instant_shows_on_the_store_clock_including_the_date_it_falls_on() -> None:
    assert format_instant(AT, "Asia/Shanghai") == "2026-11-24 03:20"
    assert format_instant(AT, "Asia/Shanghai", time_only=True) == "03:20"


@pytest.mark.parametrize("zone", [None, "", "Mars/Olympus"])
def test_without_a_known_store_zone_it_stays_utc_and_says_so(zone: str | None) -> None:
    assert format_instant(AT, zone) == "2026-11-23 19:20 UTC"


def test_the_machines_own_zone_plays_no_part(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert format_instant(AT, "Asia/Shanghai", time_only=True) == "03:20"
        assert format_instant(AT, None, time_only=True) == "19:20 UTC"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_nothing_to_show_and_naive_times() -> None:
    assert format_instant(None, "Asia/Shanghai") == ""
    with pytest.raises(ValueError):
        format_instant(datetime(2026, 11, 23, 19, 20), "Asia/Shanghai")
