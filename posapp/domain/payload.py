"""What a scanned QR or typed text means. `parse_payload` never raises.

Accepted formats (surrounding whitespace, e.g. a scanner's Enter, is ignored):

- plain code: ``Q7KX3MPA9TWZ``, also lower case, with spaces/dashes/underscores or
  full-width characters (normalised by `codes.normalise_code`). Code-shaped text whose
  check character does not match is ``malformed`` with reason ``check_failed``.
- URL carrying a code (http or https only): ``https://host/any?code=<code>`` or
  ``?c=<code>``, or ``https://host/any/c/<code>`` (``/c/<code>`` as the last path segment).
- order: ``ORDER:<order_no>`` (prefix in any case) or an http(s) URL with ``?order=<order_no>``;
  an order number is 1-32 characters of A-Z, 0-9 and '-' (lower case is upper-cased).
- signed voucher: ``PV1.<kid>.<payload>.<signature>`` (see `signing`). With public keys the
  signature is checked first: a good one gives type ``signed`` with its code; a refused one
  keeps type ``signed`` with code None and the refusal's reason. Without public keys the
  content is not read: type ``signed``, code None, reason None (signature not checked).
- member code: ``PM1.<kid>.<payload>.<signature>``, checked the same way: type ``member``
  with the member (refused: its reason; no keys: signature not checked).

Anything else is ``malformed`` with a reason: over 2048 characters or bytes, bytes that
are not UTF-8, NUL or other control characters, URLs of any other scheme (javascript:,
data:, ...), URLs carrying neither a code nor an order (or both), and any other text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from posapp.domain.codes import is_code_shaped, is_valid_code, normalise_code
from posapp.domain.signing import (
    SignedMember,
    SignedVoucher,
    looks_member,
    looks_signed,
    verify_member,
    verify_voucher,
)
from posapp.domain.timeutil import utcnow
from posapp.domain.verdicts import Reason, Verdict

MAX_PAYLOAD = 2048
ORDER_PREFIX = "ORDER:"
_ORDER_RE = re.compile(r"^[A-Z0-9-]{1,32}$")
_SIGNED_SHAPE = re.compile(r"^PV1\.[A-Z2-7]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


class PayloadType(StrEnum):
    VOUCHER = "voucher"
    ORDER = "order"
    SIGNED = "signed"
    MEMBER = "member"  # a member's signed code: list their coupons
    MALFORMED = "malformed"


@dataclass(frozen=True)
class Payload:
    """What the text means: a code, an order number, a signed voucher, or nothing usable.

    reason is a `Reason` value for a malformed payload or a refused signed voucher;
    detail says, for logs, what exactly was wrong.
    """

    type: PayloadType
    code: str | None = None
    order: str | None = None
    reason: str | None = None
    signed: SignedVoucher | None = None
    member: SignedMember | None = None
    detail: str = ""
    params: dict[str, Any] = field(default_factory=dict, compare=False)
    text: str = ""  # the signed voucher's text, kept for a later check once keys are known

    @property
    def verdict(self) -> Verdict | None:
        """Return the refusal as a domain Verdict, or None when nothing was refused."""
        if self.reason is None:
            return None
        return Verdict(Reason(self.reason), dict(self.params))

    @property
    def is_refused(self) -> bool:
        return self.reason is not None


def _malformed(detail: str, reason: Reason = Reason.MALFORMED, **params: Any) -> Payload:
    return Payload(PayloadType.MALFORMED, reason=reason.value, detail=detail, params=params)


def _code(text: str) -> Payload:
    code = normalise_code(text)
    if not is_code_shaped(code):
        return _malformed("not a code")
    if not is_valid_code(code):
        return _malformed("check character does not match", Reason.CHECK_FAILED, code=code)
    return Payload(PayloadType.VOUCHER, code=code)


def _order(text: str) -> Payload:
    order = text.strip().upper()
    if not _ORDER_RE.match(order):
        return _malformed("not an order number")
    return Payload(PayloadType.ORDER, order=order)


def _url(text: str) -> Payload:
    try:
        parts = urlsplit(text)
        query = parse_qs(parts.query, keep_blank_values=True, max_num_fields=20)
    except ValueError:
        return _malformed("unreadable URL")
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return _malformed(f"not an http(s) URL: {parts.scheme!r}")
    codes = query.get("code", []) + query.get("c", [])
    segments = [unquote(s) for s in parts.path.split("/")]
    if len(segments) >= 2 and segments[-2] == "c" and segments[-1]:
        codes.append(segments[-1])
    orders = query.get("order", [])
    if len(codes) + len(orders) != 1:
        return _malformed("a URL must carry exactly one code or one order")
    return _code(codes[0]) if codes else _order(orders[0])


def _signed(
    text: str,
    public_keys: Mapping[str, bytes] | None,
    now: datetime | None,
    revoked_codes: Container[str],
    revoked_kids: Container[str],
) -> Payload:
    if not _SIGNED_SHAPE.match(text):
        return _malformed("not a signed voucher")
    if public_keys is None:
        return Payload(PayloadType.SIGNED, detail="signature not checked", text=text)
    result = verify_voucher(
        text, public_keys, now or utcnow(), revoked_codes=revoked_codes, revoked_kids=revoked_kids
    )
    if isinstance(result, Verdict):
        return Payload(
            PayloadType.SIGNED,
            reason=result.reason.value,
            detail="signed voucher refused",
            params=dict(result.params),
            text=text,
        )
    return Payload(PayloadType.SIGNED, code=result.code, signed=result, text=text)


def _member(
    text: str,
    public_keys: Mapping[str, bytes] | None,
    now: datetime | None,
    revoked_kids: Container[str],
) -> Payload:
    if not _SIGNED_SHAPE.match(text.replace("PM1.", "PV1.", 1)):
        return _malformed("not a member code")
    if public_keys is None:
        return Payload(PayloadType.MEMBER, detail="signature not checked", text=text)
    result = verify_member(text, public_keys, now or utcnow(), revoked_kids=revoked_kids)
    if isinstance(result, Verdict):
        return Payload(
            PayloadType.MEMBER,
            reason=result.reason.value,
            detail="member code refused",
            params=dict(result.params),
            text=text,
        )
    return Payload(PayloadType.MEMBER, member=result, text=text)


def _classify(
    data: str | bytes,
    public_keys: Mapping[str, bytes] | None,
    now: datetime | None,
    revoked_codes: Container[str],
    revoked_kids: Container[str],
) -> Payload:
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if len(raw) > MAX_PAYLOAD:
            return _malformed("too long")
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _malformed("binary data, not text")
    if not isinstance(data, str):
        return _malformed("not text")
    if len(data) > MAX_PAYLOAD:
        return _malformed("too long")
    text = data.strip().removeprefix("\ufeff").strip()
    if not text:
        return _malformed("empty")
    # Control, format, private-use and unassigned characters (category C*) have no
    # place in a code or URL; spaces of any width (Z*) are fine, normalising drops them.
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        return _malformed("control characters")
    if looks_signed(text):
        return _signed(text, public_keys, now, revoked_codes, revoked_kids)
    if looks_member(text):
        return _member(text, public_keys, now, revoked_kids)
    if text[: len(ORDER_PREFIX)].upper() == ORDER_PREFIX:
        return _order(text[len(ORDER_PREFIX) :])
    if "://" in text or ":" in text.split("/", 1)[0]:
        return _url(text)
    return _code(text)


def parse_payload(
    data: str | bytes,
    *,
    public_keys: Mapping[str, bytes] | None = None,
    now: datetime | None = None,
    revoked_codes: Container[str] = frozenset(),
    revoked_kids: Container[str] = frozenset(),
) -> Payload:
    """Say what a scanned or typed payload is; never raise."""
    try:
        return _classify(data, public_keys, now, revoked_codes, revoked_kids)
    except Exception as e:  # the till must never crash on a scan, whatever it reads
        return _malformed(f"unreadable ({type(e).__name__})")
