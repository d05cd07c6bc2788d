"""Signed vouchers: Ed25519 with a key id; forged, unknown, expired, revoked are refused."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from posapp.domain.codes import generate_code
from posapp.domain.signing import (
    SignedVoucher,
    generate_keypair,
    key_id,
    sign_voucher,
    verify_voucher,
)
from posapp.domain.verdicts import Reason, Verdict

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
KID, PRIVATE, PUBLIC = generate_keypair()
KEYS = {KID: PUBLIC}
CODE = generate_code()


def _voucher(expires: datetime | None = NOW + timedelta(days=30)) -> str:
    return sign_voucher(PRIVATE, KID, CODE, "rule-1", expires)


def _reason(result: SignedVoucher | Verdict) -> Reason:
    assert isinstance(result, Verdict), result
    return result.reason


def test_keypair_is_raw_32_bytes_with_a_short_key_id() -> None:
    assert len(PRIVATE) == len(PUBLIC) == 32
    assert key_id(PUBLIC) == KID and len(KID) == 8 and KID.isalnum()


def test_round_trip_gives_the_content() -> None:
    result = verify_voucher(_voucher(), KEYS, NOW)
    assert result == SignedVoucher(KID, CODE, "rule-1", NOW + timedelta(days=30))


def test_format_is_as_documented() -> None:
    text = _voucher()
    tag, kid, payload, signature = text.split(".")
    assert (tag, kid) == ("PV1", KID)
    assert "=" not in payload + signature
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert body == {"c": CODE, "r": "rule-1", "x": int((NOW + timedelta(days=30)).timestamp())}
    assert len(base64.urlsafe_b64decode(signature + "==")) == 64


def test_no_expiry_is_null_and_never_expires() -> None:
    result = verify_voucher(_voucher(None), KEYS, NOW + timedelta(days=10_000))
    assert isinstance(result, SignedVoucher) and result.expires_at is None


def test_expired_voucher_is_refused_with_the_date() -> None:
    result = verify_voucher(_voucher(NOW), KEYS, NOW)
    assert isinstance(result, Verdict) and result.reason is Reason.EXPIRED
    assert result.params["end"] == "2024-05-01 12:00 UTC"
    assert isinstance(
        verify_voucher(_voucher(NOW), KEYS, NOW - timedelta(seconds=1)), SignedVoucher
    )


def test_unknown_key_id_is_refused() -> None:
    assert _reason(verify_voucher(_voucher(), {}, NOW)) is Reason.UNKNOWN_KEY


def test_voucher_signed_by_another_key_is_forged() -> None:
    _, other_private, _ = generate_keypair()
    text = sign_voucher(other_private, KID, CODE, "rule-1", None)  # claims our key id
    assert _reason(verify_voucher(text, KEYS, NOW)) is Reason.FORGED


def test_every_tampered_character_is_refused() -> None:
    text = _voucher()
    for i, ch in enumerate(text):
        for other in {"A", "b", "_", "-", "7", "."} - {ch}:
            result = verify_voucher(text[:i] + other + text[i + 1 :], KEYS, NOW)
            assert isinstance(result, Verdict), (i, other)
    # Inside the payload and signature, tampering reads as forgery, not as garbage.
    sig_start = text.rindex(".") + 1
    for i in range(len("PV1.") + 9, len(text)):
        if i == sig_start - 1:
            continue
        other = "A" if text[i] != "A" else "B"
        assert _reason(verify_voucher(text[:i] + other + text[i + 1 :], KEYS, NOW)) is (
            Reason.FORGED
        ), i


def test_a_changed_payload_with_the_old_signature_is_forged() -> None:
    tag, kid, _, signature = _voucher().split(".")
    forged_body = json.dumps({"c": CODE, "r": "rule-1", "x": None}, separators=(",", ":"))
    forged = base64.urlsafe_b64encode(forged_body.encode()).rstrip(b"=").decode()
    assert _reason(verify_voucher(f"{tag}.{kid}.{forged}.{signature}", KEYS, NOW)) is (
        Reason.FORGED
    )


def test_revoked_code_or_key_is_refused() -> None:
    assert _reason(verify_voucher(_voucher(), KEYS, NOW, revoked_codes={CODE})) is Reason.REVOKED
    assert _reason(verify_voucher(_voucher(), KEYS, NOW, revoked_kids={KID})) is Reason.REVOKED


def test_signature_is_checked_before_the_payload_is_read() -> None:
    # A payload that is not even JSON, with a bad signature, must read as forged:
    # had the payload been decoded first, it would have been "malformed".
    text = f"PV1.{KID}.bm90IGpzb24.{'A' * 86}"
    assert _reason(verify_voucher(text, KEYS, NOW)) is Reason.FORGED


def test_signed_garbage_payload_is_malformed() -> None:
    payload = base64.urlsafe_b64encode(b"[1,2]").rstrip(b"=").decode()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    sig = Ed25519PrivateKey.from_private_bytes(PRIVATE).sign(f"PV1.{KID}.{payload}".encode())
    text = f"PV1.{KID}.{payload}.{base64.urlsafe_b64encode(sig).rstrip(b'=').decode()}"
    assert _reason(verify_voucher(text, KEYS, NOW)) is Reason.MALFORMED


@pytest.mark.parametrize(
    "text",
    [
        "",
        "PV1",
        "PV1...",
        f"PV2.{KID}.AAAA.AAAA",
        "PV1.short.AAAA.AAAA",
        f"PV1.{KID}.AA=A.AAAA",
        f"PV1.{KID}.AAAA.AAAA.AAAA",
        f"PV1.{KID}.AAAA.AAA\u00e9",
        "PV1." + "A" * 5000,
    ],
)
def test_wrong_structure_is_malformed(text: str) -> None:
    assert _reason(verify_voucher(text, KEYS, NOW)) is Reason.MALFORMED


def test_naive_expiry_is_refused_at_signing() -> None:
    with pytest.raises(ValueError):
        sign_voucher(PRIVATE, KID, CODE, "rule-1", datetime(2024, 1, 1))


def test_a_member_code_is_signed_and_checked_like_a_voucher() -> None:
    from datetime import UTC, datetime, timedelta

    from posapp.domain.payload import PayloadType, parse_payload
    from posapp.domain.signing import SignedMember, generate_keypair, sign_member, verify_member
    from posapp.domain.verdicts import Reason, Verdict

    kid, private, public = generate_keypair()
    now = datetime(2026, 12, 1, tzinfo=UTC)
    text = sign_member(private, kid, "member-42", now + timedelta(minutes=10))
    assert text.startswith("PM1.")
    got = verify_member(text, {kid: public}, now)
    assert isinstance(got, SignedMember) and got.member_id == "member-42"
    late = verify_member(text, {kid: public}, now + timedelta(minutes=11))
    assert isinstance(late, Verdict) and late.reason is Reason.EXPIRED
    forged = text[:-3] + ("AAA" if not text.endswith("AAA") else "BBB")
    assert verify_member(forged, {kid: public}, now).reason is Reason.FORGED  # type: ignore[union-attr]
    other_kid, _, other = generate_keypair()
    assert verify_member(text, {other_kid: other}, now).reason is Reason.UNKNOWN_KEY  # type: ignore[union-attr]
    # A member code is never taken for a voucher, nor a voucher for a member code.
    assert parse_payload(text, public_keys={kid: public}, now=now).type is PayloadType.MEMBER
    assert parse_payload(text, public_keys={kid: public}, now=now).member == got
    assert (
        parse_payload(text.replace("PM1.", "PV1.", 1), public_keys={kid: public}, now=now).code
        is None
    )
