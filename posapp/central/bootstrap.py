"""Get a database ready to serve: schema, signing key, admin token, old idempotency keys."""

from __future__ import annotations

from posapp.central.auth import ensure_admin_token
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
