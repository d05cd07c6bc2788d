"""Get a database ready to serve: schema, signing key, admin token, old idempotency keys."""

from __future__ import annotations

from posapp.central.auth import ensure_admin_token
from posapp.central.changes import new_epoch
from posapp.central.db import Database
from posapp.central.idempotency import purge_expired
from posapp.central.keys import ensure_signing_key
from posapp.central.migrate import upgrade
from posapp.central.settings import CentralSettings


def prepare(db: Database, settings: CentralSettings) -> str | None:
    """Migrate and seed db; return a newly made admin token (to show once), else None."""
    upgrade(db.engine)
    ensure_signing_key(db)
    purge_expired(db)
    return ensure_admin_token(db, settings.admin_token)


def mark_restored(db: Database) -> str:
    """Start a new feed epoch: run once after restoring the database from a backup.

    Every till's next pull then starts from empty (keeping its queued write-offs), so none
    keeps what the restore took away or skips what changes after it. Return the new epoch.
    """
    upgrade(db.engine)
    with db.write() as s:
        return new_epoch(s)
