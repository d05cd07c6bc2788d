"""Asking the service about a code the cache does not know, while a cashier waits.

Only an unknown code is looked up, and only while online: first a short pull of what
changed (a coupon claimed a minute ago arrives at once), then, for a code still not placed,
the service's own verdict (another store's coupon is named as such, with where it is valid).
The service's answer can only refuse: a server cannot talk a till into accepting a code.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from posapp.domain.codes import display_code
from posapp.domain.verdicts import Reason, Verdict
from posapp.store.db import Database
from posapp.sync.engine import SyncEngine
from posapp.sync.link import Link
from posapp.sync.lock import LockBusy
from posapp.wire.errors import ProblemError, ServiceError
from posapp.wire.http import at_most

LOOKUP_LOCK_WAIT_S = 2.0
LOOKUP_MAX_PAGES = 3


def catch_up(db: Database, link: Link, clock: Callable[[], datetime]) -> None:
    """Pull what changed since the last sync, briefly; a failure marks the till offline."""
    try:
        link.pull_lock.acquire(timeout=at_most(LOOKUP_LOCK_WAIT_S))
    except LockBusy:
        return  # a sync is running; it will bring the code if there is one
    client = link.quick_client()
    try:
        SyncEngine(db, client, clock).pull(max_pages=LOOKUP_MAX_PAGES)
    except ServiceError:
        pass  # pull() has recorded it: the till now shows itself offline
    finally:
        client.close()
        link.pull_lock.release()


def ask_where_valid(link: Link, code: str) -> Verdict | None:
    """The service's word on a code this till does not hold: unknown there too, or valid
    elsewhere (naming where), or that it could not be asked. None when it says the code is
    valid here (made after the last pull; the next one brings it)."""
    client = link.quick_client()
    try:
        client.where_valid(code)
    except ProblemError as e:
        return e.verdict
    except ServiceError:
        return Verdict(Reason.UNKNOWN_OFFLINE, {"code": display_code(code)})
    finally:
        client.close()
    return None


def ask_about_voucher(link: Link, payload_text: str | bytes) -> Verdict | None:
    """The service's refusal of a signed voucher this till cannot place, if it has one."""
    text = (
        payload_text.decode("utf-8", "replace") if isinstance(payload_text, bytes) else payload_text
    )
    client = link.quick_client()
    try:
        client.verify_voucher(text.strip())
    except ProblemError as e:
        return e.verdict
    except ServiceError:
        return None
    finally:
        client.close()
    return None
