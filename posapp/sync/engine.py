"""Pull the service's change feed into the till cache, page by page, by cursor.

Each page is applied in its own short write transaction together with the new cursor, so a
pull cut off half-way resumes where it stopped, and a write-off waits at most one page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from posapp.domain.timeutil import utcnow
from posapp.store import cache
from posapp.store.db import Database
from posapp.store.state import mark_contact, peek_sync_state, sync_state
from posapp.sync.client import CentralClient
from posapp.wire.errors import BadResponse, ProblemError, ServiceError, Unauthorized

log = logging.getLogger(__name__)

PAGE_SIZE = 5000  # the most the service gives per page: fewer round trips


@dataclass
class PullReport:
    pages: int = 0
    items: int = 0
    skipped: int = 0
    complete: bool = False
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
            report.skipped += apply_page(self.db, items, new_cursor, more, self.clock())
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


def apply_page(db: Database, items: list[Any], cursor: Any, more: bool, now: datetime) -> int:
    """Apply one feed page and its cursor in one short transaction; return items skipped."""
    with db.write() as s:
        skipped = _apply(s, items, now)
        state = sync_state(s)
        if cursor is not None:
            state.cursor = str(cursor)
        if not more:
            state.last_sync_at = now
            state.keys_synced_at = now
        mark_contact(s, now, ok=True)
    return skipped


def _apply(s: Session, items: list[Any], now: datetime) -> int:
    groups: dict[str, list[dict[str, Any]]] = {}
    skipped = 0
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
            skipped += 1
            continue
        groups.setdefault(str(item.get("type")), []).append(item["data"])
    appliers: dict[str, Callable[[list[dict[str, Any]]], None]] = {
        "rule": lambda rows: cache.upsert_rules(s, rows, now),
        "rule_withdrawn": lambda rows: cache.withdraw_rules(s, rows, now),
        "code": lambda rows: cache.upsert_codes(s, rows),
        "user": lambda rows: cache.upsert_users(s, rows),
        "key": lambda rows: cache.upsert_keys(s, rows),
        "store": lambda rows: _apply_store(s, rows[-1]),
    }
    for kind, rows in groups.items():
        apply = appliers.get(kind)
        if apply is None:
            log.info("sync: ignoring %d items of unknown type %r", len(rows), kind)
            continue
        try:
            apply(rows)
        except (ValueError, KeyError, TypeError):
            # One unreadable item must not stop the till from syncing the rest.
            good = 0
            for row in rows:
                try:
                    with s.begin_nested():
                        apply([row])
                    good += 1
                except (ValueError, KeyError, TypeError) as e:
                    log.warning("sync: skipped a %s item: %s", kind, e)
            skipped += len(rows) - good
    return skipped


def _apply_store(s: Session, data: dict[str, Any]) -> None:
    state = sync_state(s)
    if state.acceptor is not None and state.acceptor.get("kind") == "store":
        state.acceptor = {**state.acceptor, "name": str(data.get("name") or "")}
    if data.get("timezone"):
        state.timezone = str(data["timezone"])
    if data.get("cutoff_hour") is not None:
        state.cutoff_hour = int(data["cutoff_hour"])
    if isinstance(data.get("offline_policy"), dict):
        state.policy = data["offline_policy"]
