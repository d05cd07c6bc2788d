"""A restored service database: every till notices, re-syncs from empty, keeps its outbox.

The real service on a loopback port, on SQLite and PostgreSQL. The restore is what an
operator does: stop the service, put back a copy of its database taken earlier, start it
again on the same address. Changes made after the restore push the counter past the
cursors the tills hold, which is how the tills came to skip changes for good (issue 14).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from live import ADMIN_TOKEN, Admin, Service, server_redemptions
from sqlalchemy import create_engine, text

from posapp.central.bootstrap import mark_restored
from posapp.central.db import Database
from posapp.domain.basket import Basket
from posapp.domain.kinds import CouponKind
from posapp.settings import resolve_paths
from posapp.store.models import CodeRow, RuleRow
from posapp.sync.engine import SyncEngine
from posapp.sync.results import RESYNC_MESSAGES, RESYNCING_MESSAGE, RedeemStatus
from posapp.sync.service import TillService
from posapp.wire.feed import Reset

BILL = Basket.from_total(15000)


def server_codes(db_url: str) -> dict[str, str]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT code, state FROM codes"))
            return {str(code): str(state) for code, state in rows}
    finally:
        engine.dispose()


def cached_codes(till: TillService) -> dict[str, str]:
    with till.db.read() as s:
        return {r.code: r.state for r in s.query(CodeRow)}


@pytest.mark.parametrize("announced", [False, True], ids=["unannounced", "announced"])
def test_every_till_ends_with_the_restored_state_and_its_own_write_offs(
    service: Service, tmp_path: Path, announced: bool
) -> None:
    admin = Admin(service.url, ADMIN_TOKEN, service.db_url)
    admin.store("s1", "Store 1")
    _, token1 = admin.till("s1", "Till 1")
    _, token2 = admin.till("s1", "Till 2")
    kept_rule, kept = admin.codes(5)
    tills = [TillService.open(resolve_paths(tmp_path / name)) for name in ("t1", "t2")]
    try:
        for till, token in zip(tills, (token1, token2), strict=True):
            till.register(service.url, token)
            assert till.sync_now().ok
        service.take_backup()

        # After the backup: changes the restore will take away, and both tills have them.
        lost_rule, lost = admin.codes(5, CouponKind.GIFT)
        admin.call("POST", f"/v1/codes/{kept[4]}/void")
        for till in tills:
            assert till.sync_now().ok
            assert set(cached_codes(till)) == set(kept) | set(lost)

        # The service goes away; till 1 writes two coupons off offline.
        service.stop()
        queued = [tills[0].redeem(kept[0], BILL, "u1"), tills[0].redeem(lost[0], None, "u1")]
        assert [r.status for r in queued] == [RedeemStatus.PENDING, RedeemStatus.PENDING]

        service.restore()
        if announced:
            db = Database(service.db_url)
            try:
                mark_restored(db)
            finally:
                db.close()
        service.start()
        # New changes after the restore push the counter past both tills' cursors.
        _, new = admin.codes(40, CouponKind.GIFT)

        expected = set(kept) | set(new)
        first = tills[0].sync_now()
        assert first.ok, first.message
        assert first.resync == ("other_epoch" if announced else "restored")
        assert first.notice == RESYNC_MESSAGES[first.resync]
        # Till 2 re-syncs a page at a time: its old rows serve scans until the last page.
        pages = SyncEngine(tills[1].db, tills[1].link.client(), tills[1].clock, page_size=5)
        part = pages.pull(max_pages=1)
        assert part.reset is Reset.OTHER_EPOCH and not part.complete  # till 1 began an epoch
        status = tills[1].status()
        assert status.resyncing and status.resync_notice == RESYNCING_MESSAGE
        assert tills[1].check(kept[1], BILL).ok and lost[1] in cached_codes(tills[1])
        second = tills[1].sync_now()
        assert second.ok, second.message
        assert tills[1].status().resync_reason == "other_epoch"

        for till in tills:
            assert set(cached_codes(till)) == expected  # nothing kept from before the restore
            status = till.status()
            assert status.resync_reason is not None and not status.resyncing
            assert status.resync_notice is not None
            with till.db.read() as s:
                withdrawn = {r.id: r.withdrawn is not None for r in s.query(RuleRow)}
            assert withdrawn[lost_rule] and not withdrawn[kept_rule]

        # Till 1's queued write-offs were kept and sent: the one the restored service knows
        # is accepted, the one it does not is in the manager's inbox, not dropped.
        assert tills[0].status().outbox_length == 0
        held = {code: status for _, code, status in server_redemptions(service.db_url)}
        assert held == {kept[0]: "accepted"}
        [conflict] = tills[0].conflicts()
        assert conflict.redemption.code == lost[0]
        # The tills go on from the new epoch, and hold exactly what the service holds.
        for till in tills:
            again = till.sync_now()
            assert again.ok and again.resync is None, again.message
            assert cached_codes(till) == server_codes(service.db_url)
            assert cached_codes(till)[kept[4]] != "voided"  # the restore took the void away
    finally:
        for till in tills:
            till.close()
