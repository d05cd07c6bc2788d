"""QR payloads: codes, URLs, orders, signed vouchers; anything else is malformed, never a crash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posapp.domain.codes import format_code, generate_code
from posapp.domain.payload import MAX_PAYLOAD, Payload, PayloadType, parse_payload
from posapp.domain.signing import generate_keypair, sign_voucher
from posapp.domain.verdicts import Reason
from tests.shown import shown

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
CODE = generate_code()
KID, PRIVATE, PUBLIC = generate_keypair()
KEYS = {KID: PUBLIC}


def _bad_check(code: str) -> str:
    last = "2" if code[-1] != "2" else "3"
    return code[:-1] + last


@pytest.mark.parametrize(
    "text",
    [
        CODE,
        CODE.lower(),
        format_code(CODE),
        f"  {format_code(CODE)}\r\n",  # keyboard-wedge scanners end with Enter
        f"https://shop.example/redeem?code={CODE}",
        f"http://shop.example/r?x=1&c={format_code(CODE)}",
        f"https://shop.example/c/{CODE}",
        f"HTTPS://shop.example/app/c/{CODE.lower()}",
    ],
)
def test_codes_plain_or_in_urls(text: str) -> None:
    assert parse_payload(text) == Payload(PayloadType.VOUCHER, code=CODE)


def test_code_with_a_wrong_check_character_is_a_typo() -> None:
    p = parse_payload(_bad_check(CODE))
    assert (p.type, p.reason, p.code) == (PayloadType.MALFORMED, "check_failed", None)
    verdict = p.verdict
    assert verdict is not None and verdict.reason is Reason.CHECK_FAILED
    assert _bad_check(CODE) in verdict.message()


def test_url_code_with_a_wrong_check_character_is_a_typo() -> None:
    p = parse_payload(f"https://x.example/?code={_bad_check(CODE)}")
    assert p.reason == "check_failed"


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("ORDER:A2024-0001", "A2024-0001"),
        ("order:a2024-0001", "A2024-0001"),
        ("https://shop.example/o?order=778899", "778899"),
        ("ORDER:" + "9" * 32, "9" * 32),
    ],
)
def test_orders(text: str, order: str) -> None:
    assert parse_payload(text) == Payload(PayloadType.ORDER, order=order)


@pytest.mark.parametrize("text", ["ORDER:", "ORDER:" + "9" * 33, "ORDER:AB CD", "ORDER:AB/CD"])
def test_bad_order_numbers_are_malformed(text: str) -> None:
    assert parse_payload(text).type is PayloadType.MALFORMED


def test_signed_voucher_verified_with_keys() -> None:
    text = sign_voucher(PRIVATE, KID, CODE, "rule-1", NOW + timedelta(days=1))
    p = parse_payload(text, public_keys=KEYS, now=NOW)
    assert (p.type, p.code, p.reason) == (PayloadType.SIGNED, CODE, None)
    assert p.signed is not None and p.signed.rule_id == "rule-1"


@pytest.mark.parametrize(
    ("keys", "now", "revoked", "reason"),
    [
        ({}, NOW, frozenset(), "unknown_key"),
        (KEYS, NOW + timedelta(days=2), frozenset(), "expired"),
        (KEYS, NOW, frozenset({CODE}), "revoked"),
    ],
)
def test_refused_signed_voucher_keeps_its_type_and_reason(
    keys: dict[str, bytes], now: datetime, revoked: frozenset[str], reason: str
) -> None:
    text = sign_voucher(PRIVATE, KID, CODE, "rule-1", NOW + timedelta(days=1))
    p = parse_payload(text, public_keys=keys, now=now, revoked_codes=revoked)
    assert (p.type, p.code, p.reason) == (PayloadType.SIGNED, None, reason)
    assert p.verdict is not None and p.verdict.reason.value == reason


def test_forged_signed_voucher() -> None:
    text = sign_voucher(PRIVATE, KID, CODE, "rule-1", None)
    tampered = text[:20] + ("A" if text[20] != "A" else "B") + text[21:]
    p = parse_payload(tampered, public_keys=KEYS, now=NOW)
    assert (p.type, p.code, p.reason) == (PayloadType.SIGNED, None, "forged")


def test_signed_voucher_without_keys_is_not_read() -> None:
    text = sign_voucher(PRIVATE, KID, CODE, "rule-1", None)
    p = parse_payload(text)
    assert (p.type, p.code, p.reason, p.signed) == (PayloadType.SIGNED, None, None, None)
    assert p.text == text and p.verdict is None


@pytest.mark.parametrize(
    "data",
    [
        "",
        "   ",
        "hello world",
        "x" * (MAX_PAYLOAD + 1),
        b"y" * (MAX_PAYLOAD + 1),
        f"{CODE}\x00",
        f"{CODE[:6]}\n{CODE[6:]}",
        f"{CODE}\u200b",  # zero-width space hides in copied text
        b"\xff\xfe\x00\x01",
        f"javascript:alert('{CODE}')",
        f"javascript://x/?code={CODE}",
        f"data:text/plain,{CODE}",
        f"ftp://shop.example/?code={CODE}",
        "https://shop.example/",
        f"https://shop.example/?code={CODE}&order=123",
        f"https://shop.example/?code={CODE}&c={CODE}",
        "WIFI:S:shop;T:WPA;P:secret;;",
        "PV1.not-a-voucher",
        "PV1." + "A" * 3000,
        "2345",
        "23456789ABCDEFGHJK",  # code alphabet but too long
        "0OIL1OIL0OIL",
        "http://[::1",
    ],
)
def test_anything_else_is_malformed(data: str | bytes) -> None:
    p = parse_payload(data, public_keys=KEYS, now=NOW)
    assert p.type is PayloadType.MALFORMED
    assert p.reason == "malformed"
    assert p.code is None and p.order is None
    assert p.verdict is not None and shown(p.verdict)


def test_bytes_are_read_as_utf8() -> None:
    assert parse_payload(CODE.encode()).code == CODE
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in CODE)  # as a Chinese IME types it
    assert parse_payload(full_width.encode()).code == CODE


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.binary()))
def test_never_raises_on_arbitrary_input(data: str | bytes) -> None:
    p = parse_payload(data, public_keys=KEYS, now=NOW)
    assert isinstance(p.type, PayloadType)
    if p.type is PayloadType.MALFORMED:
        assert p.reason in ("malformed", "check_failed")


_HOSTILE_PARTS = st.sampled_from(
    ["PV1.", "ORDER:", "https://", "?code=", "&c=", "/c/", "%00", "%ZZ", ".", KID, CODE, "=", "-"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_HOSTILE_PARTS, st.text(max_size=8)), max_size=10).map("".join))
def test_never_raises_on_near_miss_input(text: str) -> None:
    p = parse_payload(text, public_keys=KEYS, now=NOW)
    assert isinstance(p.type, PayloadType)
    p2 = parse_payload(text)
    assert isinstance(p2.type, PayloadType)
