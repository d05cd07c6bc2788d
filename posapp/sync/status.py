"""The till's status as the status bar, `till sync` and diagnostics show it."""

from __future__ import annotations

from datetime import datetime

from posapp.store import cache
from posapp.store.db import Database
from posapp.store.ledger import open_conflict_count, outbox_length, unconfirmed_exposure
from posapp.store.state import peek_sync_state
from posapp.sync.context import acceptor_name, acceptor_of, policy_of
from posapp.sync.link import Link
from posapp.sync.results import TillStatus


def read_status(db: Database, link: Link, now: datetime, background_running: bool) -> TillStatus:
    """Read everything the till shows about itself in one transaction."""
    with db.read() as s:
        st = peek_sync_state(s)
        count, value = unconfirmed_exposure(s)
        return TillStatus(
            registered=link.registered,
            server=link.server,
            online=bool(st.online) and link.registered,
            till_id=st.till_id,
            till_name=st.till_name,
            acceptor=acceptor_of(st.acceptor),
            acceptor_name=acceptor_name(st),
            timezone=st.timezone,
            cutoff_hour=st.cutoff_hour,
            policy=policy_of(st.policy),
            last_sync_at=st.last_sync_at,
            cache_age_s=(now - st.last_sync_at).total_seconds() if st.last_sync_at else None,
            last_contact_at=st.last_contact_at,
            last_error=st.last_error,
            outbox_length=outbox_length(s),
            conflicts_waiting=open_conflict_count(s),
            unconfirmed_count=count,
            unconfirmed_value_cents=value,
            codes_cached=cache.count_codes(s),
            background_running=background_running,
            resync_reason=st.resync_reason,
            resynced_at=st.resynced_at,
            resyncing=st.resync_started_at is not None,
        )
