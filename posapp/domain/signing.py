"""Signed vouchers and member codes: QRs the till can trust with no network (Ed25519).

Format (ASCII, four dot-separated fields)::

    PV1.<kid>.<payload>.<signature>      a voucher
    PM1.<kid>.<payload>.<signature>      a member's code: {"m": member_id, "x": expiry}

- ``PV1``: format and version tag.
- ``<kid>``: key id, the first 8 characters of the base32 (RFC 4648, upper case) SHA-256
  of the raw 32-byte public key; tells the till which trusted key to check against.
- ``<payload>``: base64url without padding of compact UTF-8 JSON
  ``{"c": code, "r": rule_id, "x": expiry as unix seconds or null}``.
- ``<signature>``: base64url without padding of the 64-byte Ed25519 signature over the
  ASCII bytes ``PV1.<kid>.<payload>`` (everything before the last dot).

Verification order: structure, key id known, signature, and only then is the payload
decoded; then revocation (of the key id or the code) and expiry. Base64 fields must be
canonical, so no two texts carry the same signature.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import re
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from posapp.domain.codes import display_code
from posapp.domain.timeutil import format_utc, require_aware, to_iso
from posapp.domain.verdicts import Reason, Verdict

PREFIX = "PV1"
MEMBER_PREFIX = "PM1"
KID_LENGTH = 8
MAX_LENGTH = 1024  # a real voucher is ~150 characters
_KID_RE = re.compile(r"^[A-Z2-7]{8}$")
_B64URL_RE = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class SignedMember:
    """The content of a member code whose signature was checked."""

    kid: str
    member_id: str
    expires_at: datetime | None


@dataclass(frozen=True)
class SignedVoucher:
    """The content of a voucher whose signature was checked."""

    kid: str
    code: str
    rule_id: str
    expires_at: datetime | None


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes | None:
    """Decode canonical unpadded base64url; None for anything else."""
    if not _B64URL_RE.match(text) or len(text) % 4 == 1:
        return None
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    # Unused low bits in the last character would let one signature have several spellings.
    return data if _b64url(data) == text else None


def key_id(public_key: bytes) -> str:
    """Return the key id of a raw Ed25519 public key."""
    return base64.b32encode(hashlib.sha256(public_key).digest()).decode("ascii")[:KID_LENGTH]


def generate_keypair() -> tuple[str, bytes, bytes]:
    """Make a new signing key; return (kid, raw private key, raw public key), 32 bytes each."""
    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes_raw()
    raw_public = private.public_key().public_bytes_raw()
    return key_id(raw_public), raw_private, raw_public


def _unix(expires_at: datetime | None) -> int | None:
    if expires_at is None:
        return None
    # Floor to the second: the voucher may end a fraction early, never late.
    return int(require_aware(expires_at, "expiry").timestamp() // 1)


@functools.lru_cache(maxsize=8)
def _private_key(raw: bytes) -> Ed25519PrivateKey:
    # Loading derives the public point, as costly as a signature; an export signs
    # 100,000 vouchers with one key, so load it once.
    return Ed25519PrivateKey.from_private_bytes(raw)


def _sign(prefix: str, private_key: bytes, kid: str, body: dict[str, object]) -> str:
    if not _KID_RE.match(kid):
        raise ValueError(f"not a key id: {kid!r}")
    payload = _b64url(json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode())
    signed_part = f"{prefix}.{kid}.{payload}"
    signature = _private_key(private_key).sign(signed_part.encode("ascii"))
    return f"{signed_part}.{_b64url(signature)}"


def sign_voucher(
    private_key: bytes, kid: str, code: str, rule_id: str, expires_at: datetime | None
) -> str:
    """Return the signed voucher text for code of rule_id."""
    return _sign(PREFIX, private_key, kid, {"c": code, "r": rule_id, "x": _unix(expires_at)})


def sign_member(private_key: bytes, kid: str, member_id: str, expires_at: datetime | None) -> str:
    """Return the signed code a member shows at the till (their app's QR, or a card)."""
    return _sign(MEMBER_PREFIX, private_key, kid, {"m": member_id, "x": _unix(expires_at)})


def looks_signed(text: str) -> bool:
    """Tell whether text claims to be a signed voucher (starts with the format tag)."""
    return text.startswith(PREFIX + ".")


def looks_member(text: str) -> bool:
    """Tell whether text claims to be a signed member code."""
    return text.startswith(MEMBER_PREFIX + ".")


def _decode_payload(raw: bytes, kid: str) -> SignedVoucher | None:
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(body, dict) or set(body) != {"c", "r", "x"}:
        return None
    code, rule_id, expiry = body["c"], body["r"], body["x"]
    if not (isinstance(code, str) and code and isinstance(rule_id, str) and rule_id):
        return None
    if expiry is None:
        return SignedVoucher(kid, code, rule_id, None)
    if isinstance(expiry, bool) or not isinstance(expiry, int):
        return None
    try:
        expires_at = datetime.fromtimestamp(expiry, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return SignedVoucher(kid, code, rule_id, expires_at)


def _checked(
    prefix: str, text: str, public_keys: Mapping[str, bytes]
) -> tuple[str, bytes] | Verdict:
    """Structure, key id and signature, in that order; (kid, raw payload) when all hold."""
    malformed = Verdict(Reason.MALFORMED)
    if not isinstance(text, str) or len(text) > MAX_LENGTH or not text.isascii():
        return malformed
    parts = text.split(".")
    if len(parts) != 4 or parts[0] != prefix or not _KID_RE.match(parts[1]):
        return malformed
    _, kid, payload_b64, signature_b64 = parts
    if not _B64URL_RE.match(payload_b64) or not _B64URL_RE.match(signature_b64):
        return malformed
    public_key = public_keys.get(kid)
    if public_key is None:
        return Verdict(Reason.UNKNOWN_KEY, {"kid": kid})
    signature = _unb64url(signature_b64)
    if signature is None or len(signature) != 64:
        return Verdict(Reason.FORGED, {"kid": kid})
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            signature, f"{prefix}.{kid}.{payload_b64}".encode("ascii")
        )
    except (InvalidSignature, ValueError):
        return Verdict(Reason.FORGED, {"kid": kid})
    # Only now, with the signature good, is the content read.
    raw = _unb64url(payload_b64)
    return malformed if raw is None else (kid, raw)


def verify_voucher(
    text: str,
    public_keys: Mapping[str, bytes],
    now: datetime,
    revoked_codes: Container[str] = frozenset(),
    revoked_kids: Container[str] = frozenset(),
) -> SignedVoucher | Verdict:
    """Check a signed voucher; return its content, or the Verdict refusing it."""
    checked = _checked(PREFIX, text, public_keys)
    if isinstance(checked, Verdict):
        return checked
    kid, raw = checked
    voucher = _decode_payload(raw, kid)
    if voucher is None:
        return Verdict(Reason.MALFORMED)
    shown = display_code(voucher.code)
    if kid in revoked_kids or voucher.code in revoked_codes:
        return Verdict(Reason.REVOKED, {"code": shown, "code_raw": voucher.code, "kid": kid})
    if voucher.expires_at is not None and require_aware(now) >= voucher.expires_at:
        return Verdict(
            Reason.EXPIRED,
            {
                "code": shown,
                "code_raw": voucher.code,
                "end": format_utc(voucher.expires_at),
                "end_iso": to_iso(voucher.expires_at),
            },
        )
    return voucher


def verify_member(
    text: str,
    public_keys: Mapping[str, bytes],
    now: datetime,
    revoked_kids: Container[str] = frozenset(),
) -> SignedMember | Verdict:
    """Check a member code; return the member, or the Verdict refusing it."""
    checked = _checked(MEMBER_PREFIX, text, public_keys)
    if isinstance(checked, Verdict):
        return checked
    kid, raw = checked
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return Verdict(Reason.MALFORMED)
    member, expiry = (body.get("m"), body.get("x")) if isinstance(body, dict) else (None, None)
    if not isinstance(body, dict) or set(body) != {"m", "x"} or not isinstance(member, str):
        return Verdict(Reason.MALFORMED)
    if kid in revoked_kids:
        return Verdict(Reason.REVOKED, {"code": member, "kid": kid})
    expires_at = None
    if expiry is not None:
        if isinstance(expiry, bool) or not isinstance(expiry, int):
            return Verdict(Reason.MALFORMED)
        try:
            expires_at = datetime.fromtimestamp(expiry, UTC)
        except (OverflowError, OSError, ValueError):
            return Verdict(Reason.MALFORMED)
        if require_aware(now) >= expires_at:
            end = {"end": format_utc(expires_at), "end_iso": to_iso(expires_at)}
            return Verdict(Reason.EXPIRED, {"code": member} | end)
    return SignedMember(kid, member, expires_at)
