"""Who and where this till is right now, read from its sync state: acceptor, names, online.

Every check and write-off starts from one `Context`, read in the same transaction as the
cache rows it is checked against, so a verdict never mixes two moments.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from posapp.domain.scope import Acceptor, AcceptorKind
from posapp.store.models import SyncStateRow
from posapp.store.state import peek_sync_state
from posapp.sync.offline_gate import Gate, policy_of

__all__ = ["Context", "Here", "acceptor_name", "acceptor_of", "context_from", "policy_of"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Here:
    """Who and where this till is, for messages and scope checks."""

    acceptor: Acceptor | None
    acceptor_name: str
    till_name: str


@dataclass(frozen=True)
class Context:
    """The till at one moment: where it is, whether it is online, and its offline gate."""

    here: Here
    online: bool
    gate: Gate | None  # None while online: the service decides, no offline limits apply
    timezone: str


def read_context(s: Session, registered: bool) -> Context:
    """Read the till's context from its sync state (the caller's transaction)."""
    st = peek_sync_state(s)
    return context_from(
        st.acceptor, st.till_name, st.till_id, bool(st.online), registered, st.policy,
        st.last_sync_at, st.keys_synced_at, st.timezone,
    )  # fmt: skip


def context_from(
    acceptor: dict[str, Any] | None,
    till_name: str | None,
    till_id: str | None,
    online: bool,
    registered: bool,
    policy: dict[str, Any] | None,
    last_sync_at: datetime | None,
    keys_synced_at: datetime | None,
    timezone: str,
) -> Context:
    """The context from the sync state's fields, however they were read."""
    here = Here(
        acceptor=acceptor_of(acceptor),
        acceptor_name=str((acceptor or {}).get("name") or ""),
        till_name=till_name or till_id or "",
    )
    up = online and registered
    gate = None if up else Gate(policy_of(policy), last_sync_at, keys_synced_at)
    return Context(here, up, gate, timezone)


def acceptor_name(st: SyncStateRow) -> str:
    return str((st.acceptor or {}).get("name") or "")


def acceptor_of(d: dict[str, Any] | None) -> Acceptor | None:
    """The acceptor stored in the sync state, or None when it is missing or unreadable."""
    if not d:
        return None
    try:
        return Acceptor(AcceptorKind(d["kind"]), str(d["id"]))
    except (KeyError, ValueError):
        return None
