"""Codes: unambiguous alphabet, enough randomness, a check that catches every typo."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posapp.domain.codes import (
    ALPHABET,
    MAX_LENGTH,
    MIN_GENERATED_LENGTH,
    MIN_LENGTH,
    check_char,
    display_code,
    format_code,
    generate_code,
    is_valid_code,
    normalise_code,
)


def test_alphabet_has_31_unambiguous_characters() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 31
    assert not set("01OIL") & set(ALPHABET)
    assert set(ALPHABET) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789")


@pytest.mark.parametrize("length", range(MIN_GENERATED_LENGTH, MAX_LENGTH + 1))
def test_generated_codes_are_valid_with_at_least_50_random_bits(length: int) -> None:
    code = generate_code(length)
    assert len(code) == length
    assert is_valid_code(code)
    assert (length - 1) * math.log2(len(ALPHABET)) >= 50


def test_default_code_has_12_characters() -> None:
    assert len(generate_code()) == 12


@pytest.mark.parametrize("length", [0, 9, 10, 11, 17])
def test_lengths_without_enough_randomness_are_refused(length: int) -> None:
    with pytest.raises(ValueError, match="random bits"):
        generate_code(length)


def test_generated_codes_do_not_repeat() -> None:
    codes = {generate_code() for _ in range(20_000)}
    assert len(codes) == 20_000


def test_generated_codes_use_the_whole_alphabet() -> None:
    # A biased generator (e.g. one that never draws the last letters) loses entropy.
    seen = set("".join(generate_code()[:-1] for _ in range(2000)))
    assert seen == set(ALPHABET)


def _mutations(code: str) -> list[str]:
    out: list[str] = []
    for i, ch in enumerate(code):
        out.extend(code[:i] + other + code[i + 1 :] for other in ALPHABET if other != ch)
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            out.append(code[:i] + code[i + 1] + code[i] + code[i + 2 :])
    return out


def test_every_single_substitution_and_adjacent_swap_is_caught() -> None:
    # Exhaustive over 300 codes of every length: ~30 x 16 substitutions + 15 swaps each.
    for n in range(300):
        code = generate_code(MIN_GENERATED_LENGTH + n % (MAX_LENGTH - MIN_GENERATED_LENGTH + 1))
        for bad in _mutations(code):
            assert not is_valid_code(bad), (code, bad)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=MIN_LENGTH - 1, max_size=MAX_LENGTH - 1))
def test_any_body_with_its_check_is_valid_and_every_typo_is_not(body: str) -> None:
    code = body + check_char(body)
    assert is_valid_code(code)
    for bad in _mutations(code):
        assert not is_valid_code(bad)


def test_check_char_refuses_foreign_characters() -> None:
    with pytest.raises(ValueError, match="not a code character"):
        check_char("ABC0")


def test_codes_of_the_wrong_length_are_invalid() -> None:
    body = "23456789ABCDEFGH"
    assert not is_valid_code(body[:8] + check_char(body[:8]))  # 9 characters
    assert is_valid_code(body[:9] + check_char(body[:9]))  # 10 characters
    assert not is_valid_code("")


@pytest.mark.parametrize(
    "typed",
    [
        "q7kx-3mpa-9twz",
        " Q7KX 3MPA 9TWZ ",
        "Q7KX_3MPA_9TWZ",
        "Ｑ７ＫＸ－３ＭＰＡ－９ＴＷＺ",  # full-width, as a Chinese IME types it
        "Q7KX\u30003MPA\u20139TWZ",  # ideographic space and an en dash
    ],
)
def test_normalise_undoes_what_people_and_scanners_type(typed: str) -> None:
    assert normalise_code(typed) == "Q7KX3MPA9TWZ"


def test_a_valid_code_typed_loosely_is_still_valid() -> None:
    code = generate_code()
    assert is_valid_code(format_code(code).lower())


def test_format_groups_by_four() -> None:
    assert format_code("Q7KX3MPA9TWZ") == "Q7KX-3MPA-9TWZ"
    assert format_code("Q7KX3MPA9TWZ23") == "Q7KX-3MPA-9TWZ-23"
    assert normalise_code(format_code("Q7KX3MPA9TWZ")) == "Q7KX3MPA9TWZ"


def test_display_code_groups_only_valid_codes() -> None:
    code = generate_code()
    assert display_code(code) == format_code(code)
    assert display_code("hello") == "hello"
