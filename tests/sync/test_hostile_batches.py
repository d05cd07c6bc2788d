"""A long queue goes out in batches sized by time, each well under the timeout (issue 14).

The link to the real service is slow (a relay that lets so many bytes a second through,
knowing nothing of our API): a batch of 500 write-offs would take about 15 s on it, close
to the till's 20 s read timeout, after which the till resent what the service was still
committing. The till sizes its batches by how long the last ones took instead.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from live import Admin, Cable, server_redemptions

from posapp.domain.basket import Basket
from posapp.settings import resolve_paths
from posapp.store.models import OutboxRow
from posapp.sync.client import CentralClient
from posapp.sync.service import TillService

BILL = Basket.from_total(15000)
QUEUED = 600


def test_a_long_queue_goes_out_in_batches_sized_by_time(
    central: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = Admin(central.url, central.admin_token, central.db_url)
    admin.store("s1", "Store 1")
    _, token = admin.till("s1")
    _, codes = admin.codes(QUEUED)
    cable = Cable(int(central.url.rsplit(":", 1)[1]))
    till = TillService.open(resolve_paths(tmp_path / "till"))
    try:
        till.register(cable.url, token)
        assert till.sync_now().ok
        cable.unplug()
        for code in codes:
            assert till.redeem(code, BILL, "u1").redeemed
        with till.db.read() as s:
            row = s.query(OutboxRow).first()
            assert row is not None
            item_bytes = len(json.dumps({"idempotency_key": row.redemption_id, **row.body}))
        cable.plug()
        cable.throttle(500 * item_bytes / 15.0)  # 500 write-offs: 15 s on this link

        took: list[tuple[int, float]] = []
        send = CentralClient.redeem_batch

        def timed(self: CentralClient, items: Any) -> list[dict[str, Any]]:
            started = time.monotonic()
            try:
                return send(self, items)
            finally:
                took.append((len(items), time.monotonic() - started))

        monkeypatch.setattr(CentralClient, "redeem_batch", timed)
        result = till.sync_now()
        assert result.ok, result.message
        assert result.confirmed == QUEUED and till.status().outbox_length == 0
        longest = max(seconds for _, seconds in took)
        assert longest < 6.0, took  # a 2 s target; 20 s is the read timeout
        assert sum(n for n, _ in took) == QUEUED  # nothing sent twice
        held = server_redemptions(central.db_url)
        assert len(held) == QUEUED == len({code for _, code, _ in held})
    finally:
        till.close()
        cable.close()
