"""Domain figures: quote and apportion on a 200-line basket, code lookup among 1,000,000 codes."""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, datetime

from bench.stats import percentile, report, time_calls
from posapp.domain import apportion
from posapp.domain.basket import Basket, Line
from posapp.domain.code import BatchId, CodeInfo, CodeState, MemberId
from posapp.domain.codes import generate_code, is_valid_code, normalise_code
from posapp.domain.kinds import CouponKind, ReductionBody
from posapp.domain.quote import Quote, QuoteContext, quote
from posapp.domain.rule import FaceValue, Rule, RuleHead, RuleId
from posapp.domain.scope import Acceptor, AcceptorKind, ProductMode, ProductScope
from posapp.domain.threshold import Threshold, ThresholdKind

LINES = 200
CODES = 1_000_000


def _report_us(label: str, samples_ms: list[float]) -> None:
    us = [s * 1000 for s in samples_ms]
    print(
        f"{label:<48} n={len(us):<6} p50={percentile(us, 50):8.2f} us"
        f"  p99={percentile(us, 99):8.2f} us"
    )


def bench_quote_and_apportion() -> None:
    rng = random.Random(7)
    categories = ["drinks", "bakery", "dairy", "snacks", "fruit"]
    lines = tuple(
        Line(
            sku=f"SKU{i:04d}",
            unit_price_cents=rng.randint(100, 20000),
            quantity=rng.randint(1, 5),
            category=rng.choice(categories),
            weight_g=rng.randint(50, 2000),
        )
        for i in range(LINES)
    )
    basket = Basket(lines=lines)
    rule = Rule(
        RuleHead(
            id=RuleId("bench"),
            name="300 off 20 on drinks and snacks",
            kind=CouponKind.REDUCTION,
            face_value=FaceValue.fixed(2000),
            products=ProductScope(ProductMode.CATEGORIES, frozenset({"drinks", "snacks"})),
            threshold=Threshold(ThresholdKind.AMOUNT, 30000),
        ),
        ReductionBody(per_multiple=True),
    )
    now = datetime(2024, 5, 1, tzinfo=UTC)
    info = CodeInfo(
        code=generate_code(),
        rule_id=rule.id,
        batch_id=BatchId("b"),
        state=CodeState.ISSUED,
        face_value_cents=2000,
        member_id=MemberId("m"),
        received_at=now,
    )
    ctx = QuoteContext(now=now, acceptor=Acceptor(AcceptorKind.STORE, "s1"))
    result = quote(rule, info, basket, ctx)
    assert isinstance(result, Quote)  # a refusal would time the wrong path
    print(
        f"basket: {LINES} lines, total {basket.total_cents} cents, "
        f"eligible {result.eligible_cents}, discount {result.discount_cents}"
    )
    report(f"quote, {LINES}-line basket", time_calls(lambda: quote(rule, info, basket, ctx), 2000))
    amounts = [line.amount_cents for line in lines]
    discount = sum(amounts) // 7
    report(f"apportion, {LINES} lines", time_calls(lambda: apportion(discount, amounts), 5000))


def bench_code_lookup() -> None:
    started = time.perf_counter()
    codes = {generate_code() for _ in range(CODES)}
    took = time.perf_counter() - started
    print(
        f"generate {CODES:,} codes: {took:.2f} s ({took / CODES * 1e6:.2f} us each), "
        f"{CODES - len(codes)} collisions"
    )
    payload = sum(sys.getsizeof(c) for c in codes)
    print(
        f"memory: set {sys.getsizeof(codes) / 2**20:.1f} MiB + strings "
        f"{payload / 2**20:.1f} MiB = {(sys.getsizeof(codes) + payload) / CODES:.0f} B per code"
    )
    hits = random.Random(1).sample(sorted(codes), 10_000)
    misses = [generate_code() for _ in range(10_000)]
    it_hits, it_misses = iter(hits), iter(misses)
    _report_us("set lookup, hit", time_calls(lambda: next(it_hits) in codes, len(hits)))
    _report_us("set lookup, miss", time_calls(lambda: next(it_misses) in codes, len(misses)))
    typed = iter([f"  {c[:4].lower()}-{c[4:8]}-{c[8:]} " for c in hits])

    def scan() -> bool:
        code = normalise_code(next(typed))
        return is_valid_code(code) and code in codes

    _report_us("normalise + check + lookup (a typed code)", time_calls(scan, len(hits)))
    started = time.perf_counter()
    found = sum(1 for c in hits if c in codes)
    per = (time.perf_counter() - started) / len(hits) * 1e9
    print(f"batched lookup: {per:.0f} ns per code ({found} found)")


def main() -> None:
    bench_quote_and_apportion()
    bench_code_lookup()


if __name__ == "__main__":
    main()
