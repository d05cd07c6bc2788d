"""Coupon codes (券码): random, unambiguous characters plus one check character.

The alphabet has 31 characters: digits 2-9 and the letters without I, L and O, so no
code can be misread as 0/O or 1/I/L. The last character is a check: the weighted sum
of all character values, body position i (0-based) weighted i + 2 and the check
character weighted 1, is 0 modulo 31. Because 31 is prime and the weights 1..16 are
distinct and non-zero modulo 31, changing one character, or swapping two adjacent
different characters, always changes the sum: every such typo is caught.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

from posapp.domain.code import Code

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASE = len(ALPHABET)  # 31, prime: the check relies on it
VALUES = {ch: i for i, ch in enumerate(ALPHABET)}

MIN_LENGTH = 10
MAX_LENGTH = 16
DEFAULT_LENGTH = 12
MIN_RANDOM_BITS = 50
# log2(31) ~ 4.954 bits per character: 11 random characters give 54.5 bits, 10 only 49.5,
# so a generated code has at least 12 characters (11 random + check). Shorter codes
# (10, 11) are still accepted when read, e.g. from an imported batch.
MIN_GENERATED_LENGTH = 12

# What people and scanners put between groups: spaces, dashes (ASCII, Unicode), underscores.
_SEPARATORS = re.compile(r"[\s\-_\u2010-\u2015\u2212\u30fc\uff0d\uff3f]+")


def _weighted_sum(body: str) -> int:
    return sum((i + 2) * VALUES[ch] for i, ch in enumerate(body))


def check_char(body: str) -> str:
    """Return the check character for body (alphabet characters only)."""
    if len(body) > MAX_LENGTH - 1:
        raise ValueError(f"a code body has at most {MAX_LENGTH - 1} characters")
    try:
        total = _weighted_sum(body)
    except KeyError as e:
        raise ValueError(f"{e.args[0]!r} is not a code character") from None
    return ALPHABET[-total % BASE]


def generate_code(length: int = DEFAULT_LENGTH) -> Code:
    """Draw a new random code of length characters, check character included."""
    if not MIN_GENERATED_LENGTH <= length <= MAX_LENGTH:
        raise ValueError(
            f"generated codes have {MIN_GENERATED_LENGTH}..{MAX_LENGTH} characters "
            f"(at least {MIN_RANDOM_BITS} random bits), not {length}"
        )
    # One draw of the whole number instead of one per character: a single urandom call,
    # ~10x faster for big batches, and still exactly uniform over all bodies.
    n = secrets.randbelow(BASE ** (length - 1))
    chars = []
    total = 0
    for weight in range(2, length + 1):
        n, digit = divmod(n, BASE)
        chars.append(ALPHABET[digit])
        total += weight * digit
    chars.append(ALPHABET[-total % BASE])  # the check character, as check_char computes it
    return Code("".join(chars))


def normalise_code(text: str) -> str:
    """Turn what a person or scanner typed into code form: NFKC, upper case, no separators."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()


def is_code_shaped(text: str) -> bool:
    """Tell whether normalised text has a code's length and alphabet (check not tested)."""
    return MIN_LENGTH <= len(text) <= MAX_LENGTH and all(ch in VALUES for ch in text)


def is_valid_code(text: str) -> bool:
    """Tell whether text, once normalised, is a well-formed code with a matching check."""
    code = normalise_code(text)
    return is_code_shaped(code) and (_weighted_sum(code[:-1]) + VALUES[code[-1]]) % BASE == 0


def format_code(code: str) -> str:
    """Show a code in groups of 4 joined by '-': 'Q7KX3MPA9TWZ' -> 'Q7KX-3MPA-9TWZ'."""
    plain = normalise_code(code)
    return "-".join(plain[i : i + 4] for i in range(0, len(plain), 4))


def display_code(code: str) -> str:
    """Show a code grouped when it is a valid code, else as it came (for messages)."""
    return format_code(code) if is_valid_code(code) else code
