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

from sqlalchemy import text
from sqlalchemy.orm import Session

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
