"""Cashier PINs, stored only as scrypt hashes; at the till, sealed with a pepper as well.

The service stores ``scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>`` (standard base64 with
padding) and sends it to the tills. n = 2**13, r = 8 takes ~30 ms per hash on a 2020s laptop
core: slow enough to hurt a guesser, fast enough for a login at the till. The parameters are
stored with each hash, so they can be raised later without breaking old hashes.

Slow is not enough for a 4-digit PIN: 10^4 guesses at ~26 ms is four minutes. So the till
keeps ``pepper$<key id>$<hash bytes>$scrypt$<n>$<r>$<p>$<salt b64>$<mac b64>``, where mac is
HMAC-SHA256(pepper, scrypt hash) and the pepper is a random key kept outside the till's
database (sync/login.py). A copy of the database alone then lets nobody test a single
guess. Sealing needs no PIN, so hashes already on a till are sealed as they are found; the
key id (not secret) tells a hash sealed with another pepper from a wrong PIN.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

SCHEME = "scrypt"
SEALED = "pepper"
PEPPER_BYTES = 32
MIN_PEPPER_BYTES = 16
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
_MIN_HASH, _MAX_HASH = 16, 64


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


def pepper_id(pepper: bytes) -> str:
    """Name a pepper without revealing it (stored with each sealed hash)."""
    return hashlib.sha256(b"posapp pin pepper id\0" + pepper).hexdigest()[:16]


def _mac(pepper: bytes, digest: bytes) -> bytes:
    return hmac.new(pepper, digest, hashlib.sha256).digest()


def _split_hash(stored: str) -> tuple[int, int, int, bytes, bytes]:
    """Read ``scrypt$n$r$p$salt$hash`` within bounds; ValueError or binascii.Error if not."""
    scheme, n_s, r_s, p_s, salt_s, hash_s = stored.split("$")
    if scheme != SCHEME or not (n_s.isdigit() and r_s.isdigit() and p_s.isdigit()):
        raise ValueError("not an scrypt hash")
    n, r, p = int(n_s), int(r_s), int(p_s)
    if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        raise ValueError("scrypt parameters out of bounds")
    salt = base64.b64decode(salt_s, validate=True)
    digest = base64.b64decode(hash_s, validate=True)
    if not salt or not _MIN_HASH <= len(digest) <= _MAX_HASH:
        raise ValueError("scrypt salt or hash of the wrong size")
    return n, r, p, salt, digest


def is_sealed(stored: str) -> bool:
    return stored.startswith(SEALED + "$")


def seal(stored: str, pepper: bytes) -> str:
    """Seal the service's hash with pepper; a sealed or malformed value comes back unchanged."""
    if len(pepper) < MIN_PEPPER_BYTES:
        raise ValueError(f"a PIN pepper must hold at least {MIN_PEPPER_BYTES} bytes")
    try:
        n, r, p, salt, digest = _split_hash(stored)
    except (ValueError, AttributeError, binascii.Error):
        return stored
    mac = _mac(pepper, digest)
    return (
        f"{SEALED}${pepper_id(pepper)}${len(digest)}${SCHEME}${n}${r}${p}${_b64(salt)}${_b64(mac)}"
    )


def verify_pin(pin: str, stored: str, pepper: bytes | None = None) -> bool:
    """Tell whether pin matches stored, in constant time; False for any malformed stored value.

    A sealed hash needs the pepper it was sealed with; an unsealed one (the service's form,
    or a till's from before peppers) is checked as it is.
    """
    try:
        if is_sealed(stored):
            _, kid, size_s, rest = stored.split("$", 3)
            if pepper is None or not hmac.compare_digest(kid, pepper_id(pepper)):
                return False
            if not (size_s.isdigit() and _MIN_HASH <= int(size_s) <= _MAX_HASH):
                return False
            n, r, p, salt, expected = _split_hash(rest)
            actual = _mac(pepper, _scrypt(pin, salt, n, r, p, int(size_s)))
        else:
            n, r, p, salt, expected = _split_hash(stored)
            actual = _scrypt(pin, salt, n, r, p, len(expected))
    except (ValueError, TypeError, AttributeError, binascii.Error, UnicodeError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)
