"""A sealed PIN hash verifies only with the pepper it was sealed with; sealing needs no PIN."""

from __future__ import annotations

import secrets

import pytest

from posapp.domain.pins import hash_pin, is_sealed, pepper_id, seal, verify_pin

PEPPER = bytes(range(32))


def test_a_sealed_hash_verifies_with_its_pepper_only() -> None:
    sealed = seal(hash_pin("4821"), PEPPER)
    assert is_sealed(sealed) and sealed.split("$")[1] == pepper_id(PEPPER)
    assert verify_pin("4821", sealed, PEPPER)
    assert not verify_pin("4822", sealed, PEPPER)
    # The stored value alone (a copy of the database) does not tell a right PIN from a wrong one.
    assert not verify_pin("4821", sealed)
    assert not verify_pin("4821", sealed, secrets.token_bytes(32))


def test_the_sealed_form_names_its_pepper_and_holds_neither_pin_nor_hash() -> None:
    raw = hash_pin("4821")
    sealed = seal(raw, PEPPER)
    head, kid, size, scheme, n, r, p, salt, mac = sealed.split("$")
    assert (head, size, scheme, n, r, p) == ("pepper", "32", "scrypt", "8192", "8", "1")
    assert kid == pepper_id(PEPPER) and PEPPER.hex() not in sealed
    assert salt == raw.split("$")[4] and mac != raw.split("$")[5]


def test_sealing_is_idempotent_and_leaves_other_values_alone() -> None:
    sealed = seal(hash_pin("4821"), PEPPER)
    assert seal(sealed, PEPPER) == sealed
    assert seal(sealed, secrets.token_bytes(32)) == sealed
    for odd in ("", "4821", "sha256$abc", "scrypt$8192$8$1$$"):
        assert seal(odd, PEPPER) == odd
    with pytest.raises(ValueError):
        seal(hash_pin("4821"), b"short")


def test_an_unsealed_hash_still_verifies_as_before() -> None:
    raw = hash_pin("4821")
    assert verify_pin("4821", raw) and verify_pin("4821", raw, PEPPER)
    assert not verify_pin("1234", raw, PEPPER)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s.replace("$32$", "$1000$", 1),
        lambda s: s.replace("$32$", "$x$", 1),
        lambda s: s.replace("$8192$", "$1073741824$", 1),
        lambda s: s.rsplit("$", 1)[0] + "$not base64!",
        lambda s: s + "$extra",
        lambda s: s.rsplit("$", 1)[0],
    ],
)
def test_a_malformed_sealed_value_is_false_never_an_error(mangle: object) -> None:
    sealed = seal(hash_pin("4821"), PEPPER)
    assert callable(mangle)
    assert verify_pin("4821", mangle(sealed), PEPPER) is False
