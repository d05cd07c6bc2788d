"""Members as a till may know them: by id, by their signed code, or by phone number.

A phone number is kept and matched only as a hash of its digits (so the till's copy of
the member list is not a phone book); the same function makes it on both sides.
"""

from __future__ import annotations

import hashlib
import re

_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,22}$")


def looks_like_phone(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return bool(_PHONE.match(text.strip())) and 7 <= len(digits) <= 15


def phone_hash(text: str) -> str:
    """The hash a phone number is matched by: its digits only, so '+86 138-0000 0000' and
    '8613800000000' are the same number."""
    digits = re.sub(r"\D", "", text)
    if not 7 <= len(digits) <= 15:
        raise ValueError("a phone number has 7 to 15 digits")
    return hashlib.sha256(f"posapp-phone:{digits}".encode("ascii")).hexdigest()
