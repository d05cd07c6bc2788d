"""The till service on its own (no service reachable): checks, write-offs, policy, PINs."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from till_factories import Clock, Feed, files_in, fill, make_feed

from posapp.domain.basket import Basket, Line
from posapp.domain.codes import generate_code
from posapp.domain.payload import PayloadType
from posapp.domain.verdicts import Reason
from posapp.sync.results import LoginProblem, LoginRefusal, RedeemStatus, User
from posapp.sync.service import TillService
from tests.shown import shown

BILL = Basket.from_total(15000)


def test_a_valid_voucher_checks_ok_with_its_discount(till: TillService, feed: Feed) -> None:
    code = feed.codes["red"][0]
    result = till.check(code, BILL)
    assert result.ok, result.message()
    assert result.quote is not None and result.quote.discount_cents == 2000
    assert result.quote.pay_cents == 13000
    assert result.online is False


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("", Reason.MALFORMED),
        ("hello world, not a coupon", Reason.MALFORMED),
        ("javascript:alert(1)", Reason.MALFORMED),
        ("x" * 5000, Reason.MALFORMED),
        (b"\xff\xfe\x00binary", Reason.MALFORMED),
        ("PV1.AAAAAAAA.e30.AAAA", Reason.UNKNOWN_KEY),
    ],
)
def test_garbage_payloads_get_a_clear_verdict(
    till: TillService, payload: str | bytes, reason: Reason
) -> None:
    result = till.check(payload, BILL)
    assert not result.ok
    assert result.verdict is not None and result.verdict.reason is reason
    assert result.message() and shown(result.verdict)
    refused = till.redeem(payload, BILL, "u1")
    assert refused.status is RedeemStatus.REFUSED and refused.redemption_id is None
    assert till.status().outbox_length == 0


def test_unknown_and_mistyped_codes_are_told_apart(till: TillService, feed: Feed) -> None:
    unknown = till.check(str(generate_code()), BILL)
    # offline, a code not in the cache may be another store's: the till says it cannot tell
    assert unknown.verdict is not None and unknown.verdict.reason is Reason.UNKNOWN_OFFLINE
    good = feed.codes["red"][0]
    typo = good[:-1] + ("A" if good[-1] != "A" else "B")
    mistyped = till.check(typo, BILL)
    assert mistyped.verdict is not None and mistyped.verdict.reason is Reason.CHECK_FAILED


def test_offline_write_off_is_pending_and_queued_then_refused_a_second_time(
    till: TillService, feed: Feed
) -> None:
    code = feed.codes["red"][0]
    result = till.redeem(code, BILL, "u1")
    assert result.status is RedeemStatus.PENDING and result.redeemed
    assert "offline" in result.message()
    [queued] = till.queue()
    assert queued.id == result.redemption_id and queued.discount_cents == 2000
    again = till.redeem(code, BILL, "u1")
    assert again.status is RedeemStatus.REFUSED
    assert again.verdict is not None and again.verdict.reason is Reason.ALREADY_REDEEMED
    assert "Store 1" in again.message()
    status = till.status()
    assert (status.outbox_length, status.unconfirmed_count) == (1, 1)
    assert status.online is False and status.cache_age_s == 0


def test_a_gift_coupon_needs_no_bill_and_the_signed_voucher_works_offline(
    till: TillService, feed: Feed
) -> None:
    gift = till.redeem(feed.codes["gift"][0], None, "u1")
    assert gift.redeemed and gift.quote is not None
    assert [g.name for g in gift.quote.gift_items] == ["Tote bag"]
    # A voucher issued after the last pull: only its signature vouches for it.
    fresh = str(generate_code())
    signed = till.check(feed.sign(fresh, "gift"), None)
    assert signed.kind is PayloadType.SIGNED and signed.ok, signed.message()
    forged = feed.sign(fresh, "gift")[:-3] + "AAA"
    refused = till.check(forged, None)
    assert refused.verdict is not None and refused.verdict.reason in (
        Reason.FORGED,
        Reason.MALFORMED,
    )


def test_reduction_coupon_without_a_bill_asks_for_it(till: TillService, feed: Feed) -> None:
    result = till.redeem(feed.codes["red"][0], None, "u1")
    assert result.verdict is not None and result.verdict.reason is Reason.NEEDS_BILL


def test_offline_policy_refuses_with_the_reason(tmp_path: Path, clock: Clock) -> None:
    feed = make_feed(
        per_rule=4,
        policy={
            "max_cache_age_s": 3600,
            "max_key_age_s": 86400,
            "offline_kinds": ["reduction"],
            "offline_value_cap_cents": 100_000,
            "offline_count_cap": 2,
        },
    )
    till = TillService(files_in(tmp_path), clock=clock)
    try:
        fill(till, feed)
        gift = till.redeem(feed.codes["gift"][0], None, "u1")
        assert gift.verdict is not None and gift.verdict.reason is Reason.OFFLINE_KIND_NOT_ALLOWED
        reds = feed.codes["red"]
        assert till.redeem(reds[0], BILL, "u1").redeemed
        assert till.redeem(reds[1], BILL, "u1").redeemed
        capped = till.redeem(reds[2], BILL, "u1")
        assert capped.verdict is not None and capped.verdict.reason is Reason.OFFLINE_LIMIT_REACHED
        assert till.check(reds[2], BILL).offline_verdict is not None
        clock.advance(hours=2)
        stale = till.redeem(reds[3], BILL, "u1")
        assert stale.verdict is not None and stale.verdict.reason is Reason.CACHE_TOO_OLD
        assert till.status().outbox_length == 2
    finally:
        till.close()


def test_two_threads_redeeming_one_code_through_the_service_win_once(
    till: TillService, feed: Feed
) -> None:
    codes = feed.codes["red"]
    results: list[RedeemStatus] = []
    lock = threading.Lock()

    def go(code: str, barrier: threading.Barrier) -> None:
        barrier.wait()
        r = till.redeem(code, BILL, "u1")
        with lock:
            results.append(r.status)

    for code in codes:
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=go, args=(code, barrier)) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    assert results.count(RedeemStatus.PENDING) == len(codes)
    assert results.count(RedeemStatus.REFUSED) == len(codes)
    assert till.status().outbox_length == len(codes)


def test_login_works_offline_and_locks_out_after_five_wrong_pins(
    till: TillService, clock: Clock, tmp_path: Path
) -> None:
    user = till.login("Li Na", "1234")
    assert isinstance(user, User) and user.id == "u1"
    unknown = till.login("nobody", "1234")
    assert isinstance(unknown, LoginRefusal) and unknown.problem is LoginProblem.UNKNOWN_USER
    for left in (4, 3, 2, 1):
        wrong = till.login("u1", "0000")
        assert isinstance(wrong, LoginRefusal) and wrong.params["left"] == left
    locked = till.login("u1", "0000")
    assert isinstance(locked, LoginRefusal) and locked.problem is LoginProblem.LOCKED
    # Even the right PIN is refused while locked, also after a restart.
    assert isinstance(till.login("u1", "1234"), LoginRefusal)
    reopened = TillService(till.files, clock=clock)
    try:
        assert isinstance(reopened.login("u1", "1234"), LoginRefusal)
        clock.advance(minutes=6)
        assert isinstance(reopened.login("u1", "1234"), User)
    finally:
        reopened.close()


def test_cancelled_order_gives_the_coupon_back_and_a_return_keeps_it(
    till: TillService, feed: Feed
) -> None:
    basket = Basket((Line("A", 5000), Line("B", 6000), Line("C", 7000)))
    first = till.redeem(feed.codes["red"][0], basket, "u1", order_no="ORD-1")
    assert first.redemption_id is not None
    back = till.reverse(first.redemption_id)
    assert back.ok and back.status == "reversed"
    again = till.redeem(feed.codes["red"][0], basket, "u1")
    assert again.redeemed and again.redemption_id is not None
    kept = till.reverse(again.redemption_id, order_completed=True, returned_skus=("B",))
    assert kept.ok and kept.status == "kept"
    assert kept.refund_cents == 6000 - 667  # the line less its share of the discount
    assert kept.verdict is not None and kept.verdict.reason is Reason.COUPON_KEPT
    ops = till.queue()
    assert len(ops) == 4  # two write-offs, two reversals, all waiting for the service
    refused = till.reverse(first.redemption_id)
    assert not refused.ok and refused.verdict is not None


def test_an_order_qr_lists_its_vouchers(tmp_path: Path, clock: Clock) -> None:
    feed = make_feed(per_rule=2)
    for item in feed.items:
        if item["type"] == "code" and item["data"]["rule_id"] == "red":
            item["data"]["order_no"] = "ORD-7"
    till = TillService(files_in(tmp_path), clock=clock)
    try:
        fill(till, feed)
        result = till.check("ORDER:ORD-7", BILL)
        assert result.kind is PayloadType.ORDER and len(result.vouchers) == 2
        assert all(v.ok for v in result.vouchers)
        order = till.order("ord-7", BILL)
        assert order.found and len(order.vouchers) == 2
        missing = till.order("NOPE")
        assert not missing.found and missing.verdict is not None
    finally:
        till.close()
