"""Change sequence numbers for the sync feed, from one counter row.

Why a counter row and not a database sequence: on PostgreSQL a transaction that drew
sequence value 41 may commit after one that drew 42; a till that already read up to 42
would then skip 41 forever. Here every writing transaction bumps the single counter row
with ``UPDATE ... RETURNING``. The row lock is held until that transaction ends, so the
next writer waits, then reads the committed value: numbers are handed out in commit
order, and any transaction still open holds numbers above everything already visible.
A reader can therefore never see n+1 while n is still to come, and a cursor never skips.
On SQLite writers are serialised by BEGIN IMMEDIATE anyway.

The price is that writers serialise on the row from the bump to their commit, so
callers bump as late as they can: after their conditional updates, just before commit.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from posapp.wire.feed import Reset

_BUMP = text("UPDATE change_counter SET value = value + :n WHERE id = 1 RETURNING value")


def next_seqs(session: Session, n: int = 1) -> int:
    """Reserve n consecutive change numbers in this transaction; return the first."""
    if n < 1:
        raise ValueError("reserve at least one change number")
    last = session.execute(_BUMP, {"n": n}).scalar_one()
    return int(last) - n + 1


def current_seq(session: Session) -> int:
    """Return the highest change number handed out and committed so far."""
    return int(session.execute(text("SELECT value FROM change_counter WHERE id = 1")).scalar_one())


# --- the feed's identity: epoch and cursors ------------------------------------------------
#
# A cursor names a change number *of one database*. A database restored from a backup, or
# replaced by a new one, hands out the same numbers again for different changes; a till that
# trusted its old cursor would skip them for good. So each database has an epoch, made when
# it is created (by its migration) and made again when it is restored (`new_epoch`), and
# every cursor carries it, signed with a key that never leaves the database: a till cannot
# forge a cursor, so a cursor of this epoch that is ahead of the counter proves the database
# went back in time (a restore nobody announced), and the service starts a new epoch itself.
# So does a cursor further on than the furthest this database remembers giving that till
# (tills.feed_seq, sync_feed.py): the counter may have passed it again since the restore.

_POSITION = text("SELECT value, epoch, cursor_key FROM change_counter WHERE id = 1")
_NEW_EPOCH = text("UPDATE change_counter SET epoch = :new WHERE id = 1 AND epoch = :old")


@dataclass(frozen=True)
class FeedPosition:
    """The counter, the epoch and the cursor key, read together."""

    hi: int
    epoch: str
    key: str

    def cursor(self, seq: int) -> str:
        """The cursor for change number seq in this epoch: "<epoch>.<seq>.<mac>"."""
        return f"{self.epoch}.{seq}.{self._mac(self.epoch, seq)}"

    def _mac(self, epoch: str, seq: int) -> str:
        msg = f"{epoch}.{seq}".encode()
        return hmac.new(self.key.encode(), msg, hashlib.sha256).hexdigest()[:16]

    @staticmethod
    def seq_of(cursor: str) -> int:
        """The change number in a cursor this service made."""
        return int(cursor.split(".")[1])

    def place(self, cursor: str | None) -> tuple[int, Reset | None]:
        """Where to start the feed for cursor, and why it starts over when it does."""
        if not cursor:
            return 0, None
        match = CURSOR.fullmatch(cursor)
        if match is None:
            return 0, Reset.UNREADABLE
        epoch, seq = match["epoch"], int(match["seq"])
        if not hmac.compare_digest(match["mac"], self._mac(epoch, seq)):
            return 0, Reset.UNREADABLE  # not one this database gave out
        if epoch != self.epoch:
            return 0, Reset.OTHER_EPOCH
        if seq > self.hi:
            return 0, Reset.RESTORED
        return seq, None


CURSOR = re.compile(r"(?P<epoch>[0-9a-f]{16})\.(?P<seq>[0-9]{1,18})\.(?P<mac>[0-9a-f]{16})")


def make_epoch() -> str:
    return secrets.token_hex(8)


def make_cursor_key() -> str:
    return secrets.token_hex(32)


def feed_position(session: Session) -> FeedPosition:
    """The committed counter with the database's epoch and cursor key."""
    hi, epoch, key = session.execute(_POSITION).one()
    return FeedPosition(int(hi), str(epoch), str(key))


def new_epoch(session: Session, replacing: str | None = None) -> str:
    """Start a new epoch (after a restore): every till's next pull starts from empty.

    replacing: only if the epoch is still that one (two workers noticing the same restore
    start one new epoch, not two). Return the epoch now in force.
    """
    current = feed_position(session).epoch
    if replacing is None or replacing == current:
        session.execute(_NEW_EPOCH, {"new": make_epoch(), "old": current})
    return feed_position(session).epoch
