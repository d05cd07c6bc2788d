from __future__ import annotations

import logging
from pathlib import Path

from posapp.logs import redact, setup_logging


def test_redact_hides_tokens_pins_and_hashes() -> None:
    line = (
        'Authorization: Bearer abcdefghijklmnop1234 token=SECRETTOKEN123 {"pin": "1234"} '
        "pin_hash=scrypt$16384$8$1$c2FsdA==$aGFzaA== code=Q7KX3MPA"
    )
    out = redact(line)
    for secret in ("abcdefghijklmnop1234", "SECRETTOKEN123", '"1234"', "aGFzaA=="):
        assert secret not in out
    assert "code=Q7KX3MPA" in out  # coupon codes are not secrets; support needs them


def test_log_file_rotates_and_never_holds_a_secret(tmp_path: Path) -> None:
    path = setup_logging(tmp_path, console=False)
    assert path is not None
    log = logging.getLogger("posapp.test")
    log.info("registered with token=%s", "DEVICETOKEN-XYZ-123456")
    try:
        raise ValueError("login failed for pin=4321")
    except ValueError:
        log.exception("boom")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "registered with token=[redacted]" in text
    assert "DEVICETOKEN-XYZ-123456" not in text
    assert "4321" not in text
    setup_logging(None, console=False)
