"""Pull the service's change feed into the till cache, page by page, by cursor.

Each page is applied in its own short write transaction together with the new cursor, so a
pull cut off half-way resumes where it stopped, and a write-off waits at most one page.

When the service cannot place the till's cursor (its database was restored or replaced, the
page says `reset`), the till re-syncs from empty: the feed starts over, each row it sends is
marked with a new generation, and once the last page is in, what was not sent again is
dropped (cache.sweep). The old rows serve scans meanwhile; the outbox and ledger are kept.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy.orm import Session

from posapp.domain.timeutil import utcnow
from posapp.store import cache
from posapp.store.db import Database
from posapp.store.state import mark_contact, peek_sync_state, sync_state
from posapp.sync.client import OFFLINE_HINT, CentralClient
from posapp.sync.login import pin_pepper, seal_pin_hashes
from posapp.wire.errors import BadResponse, ProblemError, ServiceError, Unauthorized
from posapp.wire.feed import (
    CURSOR_PATTERN,
    CodeItem,
    FeedItem,
    KeyItem,
    ProductItem,
    Reset,
    RuleItem,
    RuleWithdrawnItem,
    StoreData,
    StoreItem,
    UserItem,
    read_item,
)

log = logging.getLogger(__name__)

PAGE_SIZE = 5000  # the most the service gives per page: fewer round trips


@dataclass
class PullReport:
    pages: int = 0
    items: int = 0
    skipped: int = 0
    complete: bool = False
    reset: Reset | None = None  # why the pull started over from empty, when it did
    error: ServiceError | None = None


class SyncEngine:
    """Keep the cache in step with the service. Callers hold the till's sync lock."""

    def __init__(
        self,
        db: Database,
        client: CentralClient,
        clock: Callable[[], datetime] = utcnow,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.db = db
        self.client = client
        self.clock = clock
        self.page_size = page_size

    def refresh_identity(self) -> dict[str, Any]:
        """Ask the service who this till is (acceptor, time zone, policy) and store it."""
        try:
            me = self.client.me()
        except ServiceError as e:
            self._record_failure(e)
            raise
        acceptor = me.get("acceptor")
        if not isinstance(acceptor, dict) or "kind" not in acceptor or "id" not in acceptor:
            raise BadResponse(
                "The coupon service sent an unreadable till profile. Try again later.",
                detail="/v1/me without acceptor",
            )
        with self.db.write() as s:
            state = sync_state(s)
            state.till_id = str(me.get("till_id") or "")
            state.till_name = str(me.get("name") or "")
            state.acceptor = {
                "kind": str(acceptor["kind"]),
                "id": str(acceptor["id"]),
                "name": str(acceptor.get("name") or acceptor["id"]),
            }
            state.timezone = str(me.get("timezone") or state.timezone)
            state.cutoff_hour = int(me.get("cutoff_hour", state.cutoff_hour))
            if isinstance(me.get("offline_policy"), dict):
                state.policy = me["offline_policy"]
            mark_contact(s, self.clock(), ok=True)
        return me

    def pull(self, max_pages: int | None = None) -> PullReport:
        """Fetch and apply pages until the feed says there is no more (or max_pages)."""
        report = PullReport()
        with self.db.read() as s:
            cursor = peek_sync_state(s).cursor
        start_over: Reset | None = None
        if cursor is not None and not re.fullmatch(CURSOR_PATTERN, cursor):
            # Kept from a server that lied, or from an older version: the service could not
            # place it either. Start from empty rather than fail every sync from now on.
            log.warning("sync: the stored cursor is unreadable; re-syncing from empty")
            cursor, start_over = None, Reset.UNREADABLE
        while max_pages is None or report.pages < max_pages:
            try:
                page = self.client.sync(cursor, self.page_size)
            except ServiceError as e:
                self._record_failure(e)
                report.error = e
                return report
            items = page["items"]
            new_cursor = page.get("cursor")
            more = bool(page["more"])
            stuck = _not_moving_on(page, cursor, report)
            if stuck is not None:
                # A feed that says "more" and never moves on would be asked again for ever.
                self._record_failure(stuck)
                report.error = stuck
                return report
            reset = Reset(page["reset"]) if page.get("reset") else start_over
            start_over = None
            if reset is not None:
                log.warning("sync: the service could not place this till's cursor (%s)", reset)
                report.reset = reset
            report.skipped += apply_page(
                self.db, items, new_cursor, more, self.clock(), reset=reset
            )
            cursor = None if new_cursor is None else str(new_cursor)
            report.pages += 1
            report.items += len(items)
            if not more:
                report.complete = True
                break
        return report

    def _record_failure(self, error: ServiceError) -> None:
        log.warning("sync failed: %s (%s)", error.message, error.detail)
        online = isinstance(error, ProblemError) and not isinstance(error, Unauthorized)
        with self.db.write() as s:
            mark_contact(s, self.clock(), ok=online, error=None if online else error.message)


def _not_moving_on(
    page: dict[str, Any], sent: str | None, report: PullReport
) -> BadResponse | None:
    """Why this page cannot be the next one, or None: a page with more to come must bring
    items and a new cursor, and a pull starts over (reset) once at most."""
    got, items = page.get("cursor"), page["items"]
    if page["more"] and (not items or got == sent):
        why = f"more: true with {len(items)} items and cursor {got!r} (sent {sent!r})"
    elif page.get("reset") and report.reset is not None:
        why = f"a second reset in one pull ({page.get('reset')!r})"
    else:
        return None
    error = BadResponse("The coupon service's updates do not move on.", detail=f"sync: {why}")
    return cast(BadResponse, error.with_hint(OFFLINE_HINT))


def apply_page(
    db: Database,
    items: list[Any],
    cursor: Any,
    more: bool,
    now: datetime,
    *,
    reset: Reset | None = None,
) -> int:
    """Apply one feed page and its cursor in one short transaction; return items skipped.

    reset: the page starts the feed over (why): a new generation begins.
    """
    pepper = pin_pepper(db)
    with db.write() as s:
        state = sync_state(s)
        if reset is not None:
            state.generation = (state.generation or 0) + 1
            state.resync_started_at = now
            state.resync_reason = reset.value
        generation = state.generation or 0
        skipped = _apply(s, items, now, generation)
        seal_pin_hashes(s, pepper)  # the service's PIN hashes never reach the disk unsealed
        if cursor is not None:
            state.cursor = str(cursor)
        if not more:
            if state.resync_started_at is not None:
                dropped = cache.sweep(s, generation, now)
                log.warning("sync: re-synced from empty; dropped what was not sent: %s", dropped)
                state.resync_started_at = None
                state.resynced_at = now
            state.last_sync_at = now
            state.keys_synced_at = now
        mark_contact(s, now, ok=True)
    return skipped


def _apply(s: Session, raw_items: list[Any], now: datetime, generation: int) -> int:
    """Read each item with the feed's contract, then write each kind in bulk; return skipped."""
    items: list[FeedItem] = []
    skipped = 0
    for raw in raw_items:
        try:
            item = read_item(raw)
        except ValueError as e:
            # One unreadable item must not stop the till from syncing the rest.
            log.warning("sync: skipped an unreadable item: %s", _short(e))
            skipped += 1
            continue
        if item is None:
            log.info("sync: ignoring an item of unknown type %r", _type_of(raw))
            continue
        items.append(item)
    rules = [i.data for i in items if isinstance(i, RuleItem)]
    if rules:
        cache.upsert_rules(s, rules, now, generation)
    withdrawn = [i.data for i in items if isinstance(i, RuleWithdrawnItem)]
    if withdrawn:
        cache.withdraw_rules(s, withdrawn, now)
    cache.upsert_codes(s, [i.data for i in items if isinstance(i, CodeItem)], generation)
    cache.upsert_users(s, [i.data for i in items if isinstance(i, UserItem)], generation)
    cache.upsert_keys(s, [i.data for i in items if isinstance(i, KeyItem)], generation)
    cache.upsert_products(s, [i.data for i in items if isinstance(i, ProductItem)], generation)
    stores = [i.data for i in items if isinstance(i, StoreItem)]
    if stores:
        _apply_store(s, stores[-1])
    return skipped


def _type_of(raw: object) -> object:
    return raw.get("type") if isinstance(raw, dict) else type(raw).__name__


def _short(error: ValueError) -> str:
    return str(error).splitlines()[0][:300] if str(error) else type(error).__name__


def _apply_store(s: Session, data: StoreData) -> None:
    state = sync_state(s)
    if state.acceptor is not None and state.acceptor.get("kind") == data.kind:
        state.acceptor = {**state.acceptor, "name": data.name}
    state.timezone = data.timezone
    state.cutoff_hour = data.cutoff_hour
    state.policy = data.offline_policy.model_dump()
