"""Instants are timezone-aware UTC; anything else is refused at the door.

`format_instant` is the one way an instant is written for a person: in the store's zone, and
labelled "UTC" when the store's zone is not known, so a time is never silently in another zone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def utcnow() -> datetime:
    return datetime.now(UTC)


def require_aware(value: datetime, what: str = "time") -> datetime:
    """Return value in UTC; raise ValueError for a naive datetime (its zone is a guess)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must carry a time zone")
    return value.astimezone(UTC)


def to_iso(value: datetime | None) -> str | None:
    return None if value is None else require_aware(value).isoformat().replace("+00:00", "Z")


def from_iso(text: str | None, what: str = "time") -> datetime | None:
    if text is None:
        return None
    return require_aware(datetime.fromisoformat(text.replace("Z", "+00:00")), what)


def format_utc(value: datetime | None) -> str:
    """Show an instant for a cashier: '2024-05-01 14:02 UTC' ('' for None)."""
    return "" if value is None else require_aware(value).strftime("%Y-%m-%d %H:%M UTC")


def store_zone(tz: str | None) -> ZoneInfo | None:
    """The zone named tz, or None when it is empty or unknown (then instants show in UTC)."""
    if not tz:
        return None
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def format_instant(value: datetime | None, tz: str | None, *, time_only: bool = False) -> str:
    """Show an instant for a person: '2026-11-23 14:02' in zone tz ('14:02' with time_only).

    Without a known zone it stays in UTC and says so ('2026-11-23 06:02 UTC'), never in the
    zone of whatever machine happens to run the code. '' for None.
    """
    if value is None:
        return ""
    pattern = "%H:%M" if time_only else "%Y-%m-%d %H:%M"
    zone = store_zone(tz)
    if zone is None:
        return require_aware(value).strftime(pattern) + " UTC"
    return require_aware(value).astimezone(zone).strftime(pattern)
