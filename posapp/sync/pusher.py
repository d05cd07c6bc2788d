"""Send the outbox to the service in batches, and store each answer before forgetting a row.

Batches are sized by time, not count (`BatchSizer`): a batch that took longer than the read
timeout would be given up and resent while the service was still committing it, so each
is sized from how long the last ones took per write-off, to take about TARGET_BATCH_S.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from posapp.domain.timeutil import utcnow
from posapp.store.db import Database
from posapp.store.ledger import defer, get_redemption, outbox_items
from posapp.store.models import OutboxRow, RedemptionStatus
from posapp.store.state import mark_contact
from posapp.sync.client import CentralClient
from posapp.sync.outbox import Outcome, mark_given_back, retry_at, store_answer
from posapp.wire.errors import ProblemError, ServiceError, Unauthorized, Unreachable

log = logging.getLogger(__name__)

MAX_BATCH_SIZE = 500
FIRST_BATCH_SIZE = 50  # before anything is known of this service and this link
MIN_BATCH_SIZE = 5
TARGET_BATCH_S = 2.0  # each batch, however slow the service or the link: far below 20 s


class BatchSizer:
    """How many write-offs to send in the next batch, learnt from the last ones' times.

    Shared by the pushes of one till (thread-safe). It grows at most twofold a batch, and a
    batch that ran out of time halves it, so a service that slows down under load is met.
    """

    def __init__(self, target_s: float = TARGET_BATCH_S, first: int = FIRST_BATCH_SIZE) -> None:
        self.target_s = target_s
        self._size = first
        self._per_item_s: float | None = None
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        with self._lock:
            return self._size

    def took(self, items: int, seconds: float) -> None:
        """A batch of items was answered in seconds."""
        if items <= 0:
            return
        with self._lock:
            per_item = seconds / items
            # Smoothed, but quick to notice a slower service: the slower figure weighs more.
            old = self._per_item_s
            if old is None:
                self._per_item_s = per_item
            else:
                weight = 0.7 if per_item > old else 0.3
                self._per_item_s = weight * per_item + (1 - weight) * old
            assert self._per_item_s is not None
            fits = int(self.target_s / max(self._per_item_s, 1e-6))
            # Grow only from a batch that was full: a short queue says nothing of the limit.
            ceiling = 2 * self._size if items >= self._size else self._size
            self._size = max(MIN_BATCH_SIZE, min(MAX_BATCH_SIZE, ceiling, fits))

    def timed_out(self) -> None:
        """A batch got no answer in time: send half as many next time."""
        with self._lock:
            self._size = max(MIN_BATCH_SIZE, self._size // 2)


@dataclass
class PushReport:
    sent: int = 0
    confirmed: int = 0
    conflicts: int = 0
    rejected: int = 0
    deferred: int = 0
    reversed: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    batches: list[tuple[int, float]] = field(default_factory=list)  # (write-offs, seconds)
    error: ServiceError | None = None


class Pusher:
    """Drain the outbox. Callers hold the till's sync lock: one pusher per till."""

    def __init__(
        self,
        db: Database,
        client: CentralClient,
        clock: Callable[[], datetime] = utcnow,
        sizer: BatchSizer | None = None,
    ) -> None:
        self.db = db
        self.client = client
        self.clock = clock
        self.sizer = sizer or BatchSizer()

    def push(
        self,
        *,
        only: Sequence[str] | None = None,
        force: bool = False,
        inbox: bool = True,
        max_batches: int | None = None,
    ) -> PushReport:
        """Send due redeem items, then due reversals. Stop at the first network failure.

        only: just these redemption ids (the write-off the cashier is waiting for);
        force: ignore back-off waits.
        """
        report = PushReport()
        batches = 0
        while max_batches is None or batches < max_batches:
            now = self.clock()
            with self.db.read() as s:
                rows = [
                    _Item(r.id, r.redemption_id, r.body, r.attempts)
                    for r in outbox_items(
                        s,
                        op="redeem",
                        due_by=None if force or only else now,
                        limit=self.sizer.size,
                        of=only,  # the one a cashier waits for, however long the queue
                    )
                ]
            if not rows:
                break
            batches += 1
            if not self._send_batch(rows, report, inbox=inbox):
                return report
            if only is not None:
                break
        self._push_reversals(report, force=force or only is not None, only=only)
        return report

    def _send_batch(self, rows: list[_Item], report: PushReport, *, inbox: bool) -> bool:
        items = [{"idempotency_key": r.redemption_id, **r.body} for r in rows]
        report.sent += len(items)
        started = time.monotonic()
        try:
            results = self.client.redeem_batch(items)
        except ServiceError as e:
            if isinstance(e, Unreachable) and time.monotonic() - started > self.sizer.target_s:
                self.sizer.timed_out()  # no answer in time, not a refused connection
            self._failed(rows, e, report)
            return False
        seconds = time.monotonic() - started
        self.sizer.took(len(items), seconds)
        report.batches.append((len(items), seconds))
        by_key = {str(r.get("idempotency_key")): r for r in results}
        now = self.clock()
        with self.db.write() as s:
            mark_contact(s, now, ok=True)
            for item in rows:
                row = s.get(OutboxRow, item.id)
                result = by_key.get(item.redemption_id)
                if row is None:
                    continue  # already answered by another path
                outcome = None if result is None else store_answer(s, row, result, now, inbox=inbox)
                if outcome is None:
                    defer(
                        s,
                        [item.id],
                        "no usable answer for this write-off",
                        retry_at(now, item.attempts),
                    )
                    report.deferred += 1
                    continue
                report.outcomes.append(outcome)
                if outcome.status == RedemptionStatus.CONFIRMED.value:
                    report.confirmed += 1
                elif outcome.status == RedemptionStatus.CONFLICT.value:
                    report.conflicts += 1
                else:
                    report.rejected += 1
        return True

    def _failed(self, rows: Sequence[_Item], error: ServiceError, report: PushReport) -> None:
        now = self.clock()
        log.warning("push failed: %s (%s)", error.message, error.detail)
        report.error = error
        report.deferred += len(rows)
        with self.db.write() as s:
            # Reaching the service and being refused is still contact; a revoked token is not.
            online = isinstance(error, ProblemError) and not isinstance(error, Unauthorized)
            mark_contact(s, now, ok=online, error=None if online else error.message)
            for item in rows:
                defer(s, [item.id], error.message, retry_at(now, item.attempts))

    def _push_reversals(
        self, report: PushReport, *, force: bool, only: Sequence[str] | None
    ) -> None:
        now = self.clock()
        with self.db.read() as s:
            rows = [
                _Item(r.id, r.redemption_id, r.body, r.attempts)
                for r in outbox_items(s, op="reverse", due_by=None if force else now)
                if only is None or r.redemption_id in only
            ]
        for item in rows:
            with self.db.read() as s:
                red = get_redemption(s, item.redemption_id)
                # A reversal waits for its write-off to be answered first.
                if red is None or red.answered_at is None:
                    continue
                accepted = (red.server_answer or {}).get("status") in ("accepted", "duplicate")
                server_id = red.server_id or item.redemption_id
            if not accepted:  # the service never took it: nothing to give back there
                answer: dict[str, Any] = {
                    "status": "not_sent",
                    "why": "the service did not accept the write-off",
                }
                self._store_reversal(item, answer)
                continue
            try:
                request = dict(item.body)
                # Rows queued before reversals had keys get one now, kept for their retries.
                key = str(request.pop("idempotency_key", None) or self._key_for(item))
                answer = self.client.reverse(server_id, key, request)
            except ProblemError as e:
                if isinstance(e, Unauthorized):
                    self._failed([item], e, report)
                    return
                answer = {"status": "refused", "problem": e.body or {"code": e.code}}
            except ServiceError as e:
                self._failed([item], e, report)
                return
            self._store_reversal(item, answer, contact=True)
            report.reversed += 1

    def _key_for(self, item: _Item) -> str:
        key = str(uuid.uuid4())
        with self.db.write() as s:
            row = s.get(OutboxRow, item.id)
            if row is not None:
                row.body = {"idempotency_key": key, **row.body}
        return key

    def _store_reversal(
        self, item: _Item, answer: dict[str, object], contact: bool = False
    ) -> None:
        with self.db.write() as s:
            if contact:
                mark_contact(s, self.clock(), ok=True)
            row = s.get(OutboxRow, item.id)
            red = get_redemption(s, item.redemption_id)
            if row is not None:
                s.delete(row)
            if red is not None:
                red.reversal = {**(red.reversal or {}), "server": answer}
                if answer.get("status") == "reversed":
                    mark_given_back(s, red.code, answer.get("code_state"))


@dataclass(frozen=True)
class _Item:
    id: int
    redemption_id: str
    body: dict[str, object]
    attempts: int
