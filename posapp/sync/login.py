"""PIN login against the cached users, with a lock-out that holds offline and across restarts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from posapp.domain.pins import verify_pin
from posapp.domain.timeutil import format_utc, to_iso
from posapp.store import cache
from posapp.store.db import Database
from posapp.store.state import clear_wrong_pins, locked_until, record_wrong_pin
from posapp.sync.results import LoginProblem, LoginRefusal, User

MAX_WRONG_PINS = 5
LOCKOUT = timedelta(minutes=5)


def _lock_params(until: datetime) -> dict[str, str | None]:
    """The lock's end in UTC, and as an instant the screen shows in the store's zone."""
    return {"until": format_utc(until), "until_iso": to_iso(until)}


def login(db: Database, clock: Callable[[], datetime], user: str, pin: str) -> User | LoginRefusal:
    """Check a PIN against the cached users; works offline. Locks out after 5 wrong PINs."""
    now = clock()
    with db.read() as s:
        row = cache.find_user(s, user)
        if row is None:
            return LoginRefusal(LoginProblem.UNKNOWN_USER, {"user": user})
        found = User(row.id, row.name, row.role)
        pin_hash = row.pin_hash
        until = locked_until(s, row.id, now)
    if until is not None:
        return LoginRefusal(LoginProblem.LOCKED, _lock_params(until), until)
    # The scrypt check runs outside any transaction: it is slow on purpose.
    if verify_pin(pin, pin_hash):
        with db.write() as s:
            clear_wrong_pins(s, found.id)
        return found
    with db.write() as s:
        failures, until = record_wrong_pin(s, found.id, now, MAX_WRONG_PINS, LOCKOUT)
    if until is not None:
        return LoginRefusal(LoginProblem.LOCKED, _lock_params(until), until)
    return LoginRefusal(LoginProblem.WRONG_PIN, {"left": MAX_WRONG_PINS - failures})
