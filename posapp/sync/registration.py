"""Registering the till with a service: check the device token first, then store it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from posapp.store.db import Database
from posapp.store.state import sync_state
from posapp.sync.engine import SyncEngine
from posapp.sync.link import Link


def register(
    db: Database, link: Link, clock: Callable[[], datetime], server: str, token: str
) -> None:
    """Check server and token with the service (/v1/me), store them, read the till's profile."""
    me = link.check_registration(server, token)
    with db.write() as s:
        state = sync_state(s)
        if state.till_id and state.till_id != str(me.get("till_id")):
            # Another till identity: its cursor and cached acceptor are not ours.
            state.cursor = None
            state.last_sync_at = None
            state.keys_synced_at = None
    link.save_registration(server, token)
    SyncEngine(db, link.client(), clock).refresh_identity()
