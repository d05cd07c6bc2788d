"""The manager's daily tally: business day in the store's zone with its cut-off hour."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from till_factories import Clock, Feed

from posapp.domain.basket import Basket
from posapp.store.models import RedemptionRow, RedemptionStatus
from posapp.sync.service import TillService

BILL = Basket.from_total(15000)


def test_tally_splits_by_state_and_dimension_within_the_business_day(
    till: TillService, feed: Feed, clock: Clock
) -> None:
    reds = feed.codes["red"]
    # 2024-05-01 14:00 Shanghai: business day 2024-05-01.
    a = till.redeem(reds[0], BILL, "u1")
    b = till.redeem(reds[1], BILL, "u2", channel="phone")
    # 2024-05-02 02:30 Shanghai is before the 04:00 cut-off: still 2024-05-01.
    clock.now = datetime(2024, 5, 1, 18, 30, tzinfo=UTC)
    c = till.redeem(feed.codes["gift"][0], None, "u1")
    # 2024-05-02 04:30 Shanghai: the next business day.
    clock.now = datetime(2024, 5, 1, 20, 30, tzinfo=UTC)
    d = till.redeem(reds[2], BILL, "u1")
    assert all(r.redeemed for r in (a, b, c, d))
    with till.db.write() as s:
        row = s.get(RedemptionRow, a.redemption_id)
        assert row is not None
        row.status = RedemptionStatus.CONFIRMED.value
        other = s.get(RedemptionRow, b.redemption_id)
        assert other is not None
        other.status = RedemptionStatus.CONFLICT.value

    tally = till.tally(date(2024, 5, 1))
    assert (tally.total.confirmed.count, tally.total.pending.count) == (1, 1)
    assert tally.total.conflicted.count == 1
    assert tally.total.confirmed.discount_cents == 2000
    kinds = {r.key: r for r in tally.by("kind")}
    assert kinds["gift"].pending.count == 1 and kinds["gift"].pending.value_cents == 2000
    assert {r.key for r in tally.by("cashier")} == {"u1", "u2"}
    assert {r.key for r in tally.by("channel")} == {"store", "phone"}
    assert {r.key for r in tally.by("hour")} == {"14:00", "02:00"}
    assert {r.key for r in tally.by("rule")} == {"red", "gift"}

    today = till.tally()  # the clock's business day: 2024-05-02
    assert today.day == date(2024, 5, 2) and today.total.pending.count == 1

    rows = list(csv.DictReader(io.StringIO(till.tally_csv(date(2024, 5, 1)))))
    total_confirmed = next(
        r for r in rows if r["dimension"] == "total" and r["state"] == "confirmed"
    )
    assert total_confirmed["count"] == "1" and total_confirmed["discount"] == "20.00"
    assert {r["dimension"] for r in rows} == {"total", "kind", "rule", "cashier", "channel", "hour"}


def test_written_off_leaves_the_reversed_out_and_the_day_book_agrees_with_its_tally(
    till: TillService, feed: Feed
) -> None:
    reds, gifts = feed.codes["red"], feed.codes["gift"]
    given_back = till.redeem(gifts[0], None, "u1")
    kept = till.redeem(gifts[1], None, "u1")
    waiting = till.redeem(reds[0], BILL, "u2")
    clash = till.redeem(reds[1], BILL, "u2")
    assert all(r.redeemed for r in (given_back, kept, waiting, clash))
    assert given_back.redemption_id and till.reverse(given_back.redemption_id).ok
    with till.db.write() as s:
        for red, status in ((kept, RedemptionStatus.CONFIRMED), (clash, RedemptionStatus.REJECTED)):
            row = s.get(RedemptionRow, red.redemption_id)
            assert row is not None
            row.status = status.value

    book = till.day_book()
    gift = next(r for r in book.tally.by("kind") if r.key == "gift")
    assert (gift.confirmed.count, gift.reversed.count) == (1, 1)
    assert gift.written_off.count == 1  # the given-back one is not written off
    assert gift.written_off.value_cents == gift.confirmed.value_cents > 0
    assert list(gift.standing()) == ["confirmed", "pending", "conflicted"]
    total = book.tally.total
    assert (total.written_off.count, total.reversed.count) == (3, 1)
    assert total.written_off.discount_cents == 2 * 2000  # the two money-off coupons

    # each write-off the book lists is in the state its tally counts it in
    for state in ("confirmed", "pending", "conflicted", "reversed"):
        listed = [r for r in book.redemptions if book.state(r) == state]
        assert len(listed) == total.cells[state].count, state
        assert sum(r.value_cents for r in listed) == total.cells[state].value_cents, state
    assert book.state(next(r for r in book.redemptions if r.id == clash.redemption_id)) == (
        "conflicted"
    )
