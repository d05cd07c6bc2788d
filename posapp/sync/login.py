"""PIN login against the cached users, with a lock-out that holds offline and across restarts,
and the pepper that seals the cached PIN hashes.

The service sends each user's scrypt hash; the till seals it with a random pepper kept in
a file of its own beside the database (`PIN_PEPPER_FILE`, mode 0600), so a copy of
till.sqlite3 alone cannot test a single guess (domain/pins.py). Sealing needs no PIN: hashes
written by older versions, or by a pull, are sealed the next time they are looked at. A till
that lost its pepper fetches every user again on its next sync.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from posapp.domain.pins import PEPPER_BYTES, SCHEME, SEALED, pepper_id, seal, verify_pin
from posapp.domain.timeutil import format_utc, to_iso
from posapp.settings import PIN_PEPPER_FILE
from posapp.store import cache
from posapp.store.db import Database
from posapp.store.models import UserRow
from posapp.store.state import clear_wrong_pins, locked_until, record_wrong_pin, sync_state
from posapp.sync.results import LoginProblem, LoginRefusal, User

log = logging.getLogger(__name__)

MAX_WRONG_PINS = 5
LOCKOUT = timedelta(minutes=5)


# the pepper ----------------------------------------------------------------------------------


def pepper_file(db: Database) -> Path:
    """Where the till's pepper is kept: beside its database (and its registration)."""
    return db.path.with_name(PIN_PEPPER_FILE)


def _read_pepper(path: Path) -> bytes | None:
    """The pepper in path; None when there is none (a damaged file is set aside)."""
    try:
        text = path.read_text(encoding="ascii").strip()
        pepper = bytes.fromhex(text)
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        pepper = b""
    if len(pepper) != PEPPER_BYTES:
        aside = path.with_name(path.name + ".damaged")
        os.replace(path, aside)
        log.warning("the PIN pepper %s was unreadable; kept it as %s", path, aside)
        return None
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        path.chmod(0o600)  # copied with a wider mode: make it the owner's again
    return pepper


def _create_pepper(path: Path) -> bytes:
    """Write a fresh pepper, mode 0600 from the first byte; the first of racing writers wins."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_bytes(PEPPER_BYTES).hex() + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)  # atomic, and never replaces a pepper another process made
            log.info("made a new PIN pepper at %s", path)
        except FileExistsError:
            pass
    finally:
        tmp.unlink(missing_ok=True)
    pepper = _read_pepper(path)
    if pepper is None:
        raise OSError(f"the PIN pepper {path} could not be written")
    return pepper


def pin_pepper(db: Database) -> bytes:
    """The till's pepper, made on first use."""
    path = pepper_file(db)
    return _read_pepper(path) or _create_pepper(path)


def _unsealed(kid: str) -> ColumnElement[bool]:
    """Rows whose hash is not sealed with the pepper kid: the service's form, or another's."""
    column = UserRow.pin_hash
    return or_(
        column.like(f"{SCHEME}$%"),
        and_(column.like(f"{SEALED}$%"), column.not_like(f"{SEALED}${kid}$%")),
    )


def seal_pin_hashes(s: Session, pepper: bytes) -> int:
    """Seal every cached hash still in the service's form, in s's transaction; return how many.

    Called as a pull writes users, so their hashes reach the disk only sealed; and at login,
    for hashes a version without peppers wrote.
    """
    rows = s.scalars(select(UserRow).where(UserRow.pin_hash.like(f"{SCHEME}$%"))).all()
    for row in rows:
        new = seal(row.pin_hash, pepper)
        # A malformed hash comes back unchanged; blank it, it can never verify.
        row.pin_hash = new if new != row.pin_hash else ""
    return len(rows)


def _forget_other_peppers(s: Session, pepper: bytes) -> None:
    """Blank hashes sealed with a pepper this till no longer has, and fetch the users again.

    They can never verify again; the next sync starts from empty, so the service sends
    every user once more, and that pull seals them with the pepper the till has now.
    """
    kid = pepper_id(pepper)
    lost = s.scalars(
        select(UserRow).where(
            UserRow.pin_hash.like(f"{SEALED}$%"), UserRow.pin_hash.not_like(f"{SEALED}${kid}$%")
        )
    ).all()
    for row in lost:
        row.pin_hash = ""
    if lost:
        sync_state(s).cursor = None
        log.warning(
            "%d PIN hashes were sealed with a pepper this till no longer has; "
            "the next sync fetches the users again",
            len(lost),
        )


def _seal_if_needed(db: Database, pepper: bytes) -> None:
    with db.read() as s:
        count = s.scalar(
            select(func.count()).select_from(UserRow).where(_unsealed(pepper_id(pepper)))
        )
    if count:
        with db.write() as s:
            seal_pin_hashes(s, pepper)
            _forget_other_peppers(s, pepper)


# logging in ----------------------------------------------------------------------------------


def _lock_params(until: datetime) -> dict[str, str | None]:
    """The lock's end in UTC, and as an instant the screen shows in the store's zone."""
    return {"until": format_utc(until), "until_iso": to_iso(until)}


def login(db: Database, clock: Callable[[], datetime], user: str, pin: str) -> User | LoginRefusal:
    """Check a PIN against the cached users; works offline. Locks out after 5 wrong PINs."""
    pepper = pin_pepper(db)
    _seal_if_needed(db, pepper)  # hashes from before peppers, or from a pull
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
    if verify_pin(pin, pin_hash, pepper):
        with db.write() as s:
            clear_wrong_pins(s, found.id)
        return found
    with db.write() as s:
        failures, until = record_wrong_pin(s, found.id, now, MAX_WRONG_PINS, LOCKOUT)
    if until is not None:
        return LoginRefusal(LoginProblem.LOCKED, _lock_params(until), until)
    return LoginRefusal(LoginProblem.WRONG_PIN, {"left": MAX_WRONG_PINS - failures})
