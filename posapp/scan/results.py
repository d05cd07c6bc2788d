"""A decoded text together with what it means (voucher, order, signed, malformed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from posapp.domain.payload import Payload, PayloadType, parse_payload
from posapp.scan.decoder import Decoded, Point


@dataclass(frozen=True)
class ScanResult:
    """One code read from an image, a camera frame or a keyboard-wedge scanner."""

    text: str
    payload: Payload
    polygon: tuple[Point, ...] = ()


def classify(text: str) -> Payload:
    """Say what a scanned text is. Never raises: hostile input is a malformed payload."""
    try:
        return parse_payload(text)
    except Exception as e:  # parse_payload promises not to raise; a scan must never crash
        return Payload(PayloadType.MALFORMED, reason="malformed", detail=type(e).__name__)


def result_of(found: Decoded) -> ScanResult:
    return ScanResult(found.text, classify(found.text), found.polygon)


def payload_json(payload: Payload) -> dict[str, Any]:
    """The payload as the `posapp decode` JSON shows it."""
    return {
        "type": str(payload.type),
        "code": payload.code,
        "order": payload.order,
        "reason": payload.reason,
    }
