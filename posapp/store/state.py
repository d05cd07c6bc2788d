"""Sync bookkeeping and the wrong-PIN counter."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from posapp.store.models import LoginFailureRow, SyncStateRow

STATE_ID = 1


def sync_state(session: Session) -> SyncStateRow:
    """Return the one sync-state row, creating it in a write session when missing."""
    row = session.get(SyncStateRow, STATE_ID)
    if row is None:
        row = SyncStateRow(id=STATE_ID, online=False, timezone="Asia/Shanghai", cutoff_hour=4)
        session.add(row)
        session.flush()
    return row


def peek_sync_state(session: Session) -> SyncStateRow:
    """Return the sync state for reading; a detached default when none was stored yet."""
    row = session.get(SyncStateRow, STATE_ID)
    if row is None:
        return SyncStateRow(id=STATE_ID, online=False, timezone="Asia/Shanghai", cutoff_hour=4)
    return row


def mark_contact(session: Session, now: datetime, *, ok: bool, error: str | None = None) -> None:
    """Record the outcome of talking to the service: the till's online/offline state."""
    row = sync_state(session)
    row.online = ok
    if ok:
        row.last_contact_at = now
        row.last_error = None
        row.failures = 0
        row.failed_at = None
    else:
        row.last_error = error
        row.failures = (row.failures or 0) + 1
        row.failed_at = now


# wrong PINs ---------------------------------------------------------------------------------


def locked_until(session: Session, user_id: str, now: datetime) -> datetime | None:
    row = session.get(LoginFailureRow, user_id)
    if row is None or row.locked_until is None or row.locked_until <= now:
        return None
    return row.locked_until


def record_wrong_pin(
    session: Session, user_id: str, now: datetime, max_failures: int, lockout: timedelta
) -> tuple[int, datetime | None]:
    """Count a wrong PIN; lock the user out after max_failures. Return (failures, locked_until)."""
    row = session.get(LoginFailureRow, user_id)
    if row is None:
        row = LoginFailureRow(user_id=user_id, failures=0)
        session.add(row)
    if row.locked_until is not None and row.locked_until <= now:
        row.failures, row.locked_until = 0, None  # an expired lock-out starts afresh
    row.failures += 1
    if row.failures >= max_failures:
        row.locked_until = now + lockout
    session.flush()
    return row.failures, row.locked_until


def clear_wrong_pins(session: Session, user_id: str) -> None:
    row = session.get(LoginFailureRow, user_id)
    if row is not None:
        session.delete(row)
