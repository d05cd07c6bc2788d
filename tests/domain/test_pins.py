"""PINs are stored as scrypt hashes and checked in constant time; bad rows never raise."""

from __future__ import annotations

import time

import pytest

from posapp.domain.pins import hash_pin, verify_pin


def test_hash_round_trips_and_rejects_wrong_pin() -> None:
    stored = hash_pin("4821")
    assert verify_pin("4821", stored)
    assert not verify_pin("4822", stored)
    assert not verify_pin("", stored)


def test_hash_has_the_documented_form_and_never_holds_the_pin() -> None:
    stored = hash_pin("4821")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "8192", "8", "1")
    assert salt and digest and "4821" not in stored


def test_same_pin_gets_a_fresh_salt() -> None:
    assert hash_pin("4821") != hash_pin("4821")


def test_one_hash_is_deliberately_slow_but_usable_at_a_till() -> None:
    started = time.perf_counter()
    hash_pin("4821")
    elapsed = time.perf_counter() - started
    # Loose bounds: the point is "not instant" (a plain SHA is ~1 us), not a benchmark.
    assert 0.005 < elapsed < 2.0


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "4821",
        "scrypt$8192$8$1$$",
        "scrypt$8192$8$1$not base64!$AAAA",
        "scrypt$x$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$8192$999$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "bcrypt$8192$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$8192$8$1$AAAA$AAAA$extra",
        "sha256$abc",
    ],
)
def test_malformed_stored_values_are_false_never_an_error(stored: str) -> None:
    assert verify_pin("4821", stored) is False


def test_tampered_hash_does_not_verify() -> None:
    stored = hash_pin("4821")
    head, digest = stored.rsplit("$", 1)
    flipped = ("B" if digest[0] == "A" else "A") + digest[1:]
    assert not verify_pin("4821", f"{head}${flipped}")


def test_pin_with_unencodable_characters_is_false() -> None:
    assert verify_pin("\ud800", hash_pin("4821")) is False
