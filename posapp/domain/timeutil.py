"""Instants are timezone-aware UTC; anything else is refused at the door."""

from __future__ import annotations

from datetime import UTC, datetime


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
