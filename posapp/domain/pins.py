"""Cashier PINs, stored only as scrypt hashes.

Stored form: ``scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>`` (standard base64 with padding).
n = 2**13, r = 8 takes ~30 ms per hash on a 2020s laptop core: slow enough to hurt a
guesser who stole the table, fast enough for a login at the till. The parameters are
stored with each hash, so they can be raised later without breaking old hashes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

SCHEME = "scrypt"
N = 2**13
R = 8
P = 1
SALT_BYTES = 16
HASH_BYTES = 32

# Bounds on parameters read back from storage: a crafted row must not make us spend
# gigabytes or minutes (OpenSSL's default memory cap is 32 MiB).
_MAX_N = 2**16
_MAX_R = 16
_MAX_P = 4
_MAXMEM = 128 * 1024 * 1024


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=_MAXMEM
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str) -> str:
    """Hash pin with a fresh random salt; return the stored form."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, N, R, P, HASH_BYTES)
    return f"{SCHEME}${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    """Tell whether pin matches stored, in constant time; False for any malformed stored value."""
    try:
        scheme, n_s, r_s, p_s, salt_s, hash_s = stored.split("$")
        if scheme != SCHEME or not (n_s.isdigit() and r_s.isdigit() and p_s.isdigit()):
            return False
        n, r, p = int(n_s), int(r_s), int(p_s)
        if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
            return False
        salt = base64.b64decode(salt_s, validate=True)
        expected = base64.b64decode(hash_s, validate=True)
        if not salt or not 16 <= len(expected) <= 64:
            return False
        actual = _scrypt(pin, salt, n, r, p, len(expected))
    except (ValueError, TypeError, AttributeError, binascii.Error, UnicodeError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)
