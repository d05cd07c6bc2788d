"""The day book: a business day's write-offs with their tally and names, from the ledger."""

from __future__ import annotations

from datetime import UTC, date, datetime

from till_factories import Clock, Feed

from posapp.domain.basket import Basket
from posapp.sync.service import TillService

BILL = Basket.from_total(15000)


def test_the_day_book_lists_the_business_days_write_offs_with_names(
    till: TillService, feed: Feed, clock: Clock
) -> None:
    first = till.redeem(feed.codes["red"][0], BILL, "u1")
    clock.advance(minutes=5)
    gift = till.redeem(feed.codes["gift"][0], None, "u9", channel="phone")  # u9: no such user
    clock.now = datetime(2024, 5, 1, 18, 30, tzinfo=UTC)  # 02:30 in Shanghai: same business day
    late = till.redeem(feed.codes["red"][1], BILL, "u1")
    assert first.redeemed and gift.redeemed and late.redeemed and first.redemption_id
    assert till.reverse(first.redemption_id).ok
    clock.now = datetime(2024, 5, 1, 20, 30, tzinfo=UTC)  # 04:30: the next business day
    assert till.redeem(feed.codes["red"][2], BILL, "u1").redeemed

    book = till.day_book(date(2024, 5, 1))
    assert book.day == date(2024, 5, 1) == book.tally.day
    assert [r.id for r in book.redemptions] == [
        first.redemption_id,
        gift.redemption_id,
        late.redemption_id,
    ]
    assert [r.status for r in book.redemptions] == ["reversed", "pending", "pending"]
    assert [r.channel for r in book.redemptions] == ["store", "phone", "store"]
    assert book.redemptions[0].discount_cents == 2000
    # the list and the totals cover the same day
    assert book.tally.total.pending.count == 2 and book.tally.total.reversed.count == 1
    assert book.rule_names == {"red": "reduction red", "gift": "gift gift"}
    assert book.user_name("u1") == "Li Na"
    assert book.user_name("u9") == "u9"  # unknown here: shown as its id, not dropped

    today = till.day_book()  # the clock's business day
    assert today.day == date(2024, 5, 2) and len(today.redemptions) == 1


def test_an_empty_day_has_an_empty_book(till: TillService) -> None:
    book = till.day_book(date(2024, 4, 1))
    assert book.redemptions == [] and book.tally.total.confirmed.count == 0
    assert book.rule_names == {} and book.user_names == {}
