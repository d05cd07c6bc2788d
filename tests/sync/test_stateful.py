"""A hypothesis state machine: scan, redeem, go offline, come online, lose answers, crash,
restart and resend, against the real service (in a thread, over a pluggable cable).

Invariants: no code is redeemed more often than allowed (once, here and at the service);
no write-off the till reported is ever lost; at the end everything reported is at the
service exactly once.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from live import Admin, Cable, server_redemptions
from sqlalchemy import func, select

from posapp.domain.basket import Basket
from posapp.settings import resolve_paths
from posapp.store.models import OutboxRow, RedemptionRow, RedemptionStatus
from posapp.sync.client import CentralClient
from posapp.sync.service import TillService

BILL = Basket.from_total(15000)
CODES = 6


def test_till_state_machine(central: Any, tmp_path: Path) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("s1", "Store 1")
    port = int(central.url.rsplit(":", 1)[1])

    class TillMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.till_id, self.token = admin.till("s1")
            _, self.codes = admin.codes(CODES)
            self.cable = Cable(port)
            self.dir = tmp_path / uuid.uuid4().hex[:8]
            self.till = TillService.open(resolve_paths(self.dir))
            self.till.register(self.cable.url, self.token)
            assert self.till.sync_now().ok
            self.reported: dict[str, str] = {}  # write-off id -> code, as told to the cashier

        @rule(i=st.integers(0, CODES - 1))
        def scan(self, i: int) -> None:
            result = self.till.check(self.codes[i], BILL)
            if self.codes[i] in self.reported.values():
                assert not result.ok  # never offered twice

        @rule(i=st.integers(0, CODES - 1))
        def redeem(self, i: int) -> None:
            result = self.till.redeem(self.codes[i], BILL, "u1")
            if result.redeemed:
                assert result.redemption_id is not None
                self.reported[result.redemption_id] = self.codes[i]
            elif self.codes[i] not in self.reported.values():
                # Refused although never redeemed here: the service must hold it for us
                # (an earlier write-off it accepted but whose answer we lost) -- impossible,
                # since every write-off is committed here first.
                raise AssertionError(f"refused a fresh code: {result.message()}")

        @rule()
        def go_offline(self) -> None:
            self.cable.unplug()

        @rule()
        def come_online(self) -> None:
            self.cable.plug()

        @rule()
        def lose_answers(self) -> None:
            self.cable.lose_answers()

        @rule()
        def sync(self) -> None:
            self.till.sync_now()

        @rule()
        def crash_and_restart(self) -> None:
            self.till.close()
            self.till = TillService.open(resolve_paths(self.dir))

        @precondition(lambda self: self.cable.mode == "up")
        @rule()
        def resend_everything(self) -> None:
            """Send the whole outbox again by hand, as a second copy of the worker would."""
            with self.till.db.read() as s:
                items = [
                    {"idempotency_key": r.redemption_id, **r.body}
                    for r in s.scalars(select(OutboxRow).where(OutboxRow.op == "redeem"))
                ]
            if items:
                client = CentralClient(central.url, self.token)
                try:
                    for result in client.redeem_batch(items):
                        assert result["status"] in ("accepted", "duplicate"), result
                finally:
                    client.close()

        @invariant()
        def nothing_reported_is_lost_and_no_code_twice(self) -> None:
            with self.till.db.read() as s:
                rows = {r.id: r.status for r in s.scalars(select(RedemptionRow))}
                queued = set(s.scalars(select(OutboxRow.redemption_id)))
                live = s.execute(
                    select(RedemptionRow.code, func.count())
                    .where(RedemptionRow.status.in_(("pending", "confirmed")))
                    .group_by(RedemptionRow.code)
                ).all()
            assert all(n == 1 for _, n in live)
            for rid in self.reported:
                assert rid in rows, f"reported write-off {rid} lost"
                if rows[rid] == RedemptionStatus.PENDING.value:
                    assert rid in queued
                else:  # answered: the service said yes (no other till uses these codes)
                    assert rows[rid] == RedemptionStatus.CONFIRMED.value
            held = [h for h in server_redemptions(central.db_url) if h[1] in self.codes]
            assert len({h[1] for h in held}) == len(held)  # the service: once per code
            assert {h[0] for h in held} <= set(self.reported)  # and only what we reported

        def teardown(self) -> None:
            try:
                self.cable.plug()
                result = self.till.sync_now()
                assert result.ok and result.outbox_length == 0, result
                held = {h[0] for h in server_redemptions(central.db_url) if h[1] in self.codes}
                assert held == set(self.reported)
            finally:
                self.till.close()
                self.cable.close()

    run_state_machine_as_test(
        TillMachine,
        settings=settings(
            max_examples=8,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
