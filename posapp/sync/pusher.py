"""Send the outbox to the service in batches, and store each answer before forgetting a row."""

from __future__ import annotations

import logging
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
from posapp.sync.outbox import Outcome, retry_at, store_answer
from posapp.wire.errors import ProblemError, ServiceError, Unauthorized

log = logging.getLogger(__name__)

BATCH_SIZE = 500


@dataclass
class PushReport:
    sent: int = 0
    confirmed: int = 0
    conflicts: int = 0
    rejected: int = 0
    deferred: int = 0
    reversed: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    error: ServiceError | None = None


class Pusher:
    """Drain the outbox. Callers hold the till's sync lock: one pusher per till."""

    def __init__(
        self,
        db: Database,
        client: CentralClient,
        clock: Callable[[], datetime] = utcnow,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.db = db
        self.client = client
        self.clock = clock
        self.batch_size = batch_size

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
                        limit=self.batch_size,
                    )
                    if only is None or r.redemption_id in only
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
        try:
            results = self.client.redeem_batch(items)
        except ServiceError as e:
            self._failed(rows, e, report)
            return False
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


@dataclass(frozen=True)
class _Item:
    id: int
    redemption_id: str
    body: dict[str, object]
    attempts: int
