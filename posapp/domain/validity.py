"""Validity (有效期): when a code may be used. Not the issuing window, not the campaign status.

- fixed: from a start to an end instant, whenever the code was received;
- relative: N days from when the member received it, never past a hard deadline (截止使用日期);
- unlimited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from posapp.domain.timeutil import from_iso, require_aware, to_iso


@dataclass(frozen=True)
class FixedValidity:
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", require_aware(self.start, "validity start"))
        object.__setattr__(self, "end", require_aware(self.end, "validity end"))
        if self.end <= self.start:
            raise ValueError("validity must end after it starts")


@dataclass(frozen=True)
class RelativeValidity:
    days: int
    deadline: datetime | None = None  # 截止使用日期: never usable past this instant

    def __post_init__(self) -> None:
        if self.days <= 0:
            raise ValueError("relative validity needs a positive number of days")
        if self.deadline is not None:
            object.__setattr__(self, "deadline", require_aware(self.deadline, "deadline"))


@dataclass(frozen=True)
class UnlimitedValidity:
    pass


Validity = FixedValidity | RelativeValidity | UnlimitedValidity


@dataclass(frozen=True)
class Window:
    """The concrete span in which one code may be used; None means open on that side."""

    start: datetime | None
    end: datetime | None

    def contains(self, now: datetime) -> bool:
        now = require_aware(now)
        return (self.start is None or now >= self.start) and (self.end is None or now < self.end)

    def is_before(self, now: datetime) -> bool:
        return self.start is not None and require_aware(now) < self.start

    def is_after(self, now: datetime) -> bool:
        return self.end is not None and require_aware(now) >= self.end


def window(validity: Validity, received_at: datetime | None) -> Window:
    """Return the span in which a code received at received_at may be used.

    A relative-validity code that was never received (a bearer code) runs from its
    deadline backwards: it is usable until the deadline, or without end if there is none.
    """
    if isinstance(validity, FixedValidity):
        return Window(validity.start, validity.end)
    if isinstance(validity, RelativeValidity):
        if received_at is None:
            return Window(None, validity.deadline)
        start = require_aware(received_at, "received at")
        end = start + timedelta(days=validity.days)
        if validity.deadline is not None and validity.deadline < end:
            end = validity.deadline
        return Window(start, end)
    return Window(None, None)


def validity_to_dict(v: Validity) -> dict[str, Any]:
    if isinstance(v, FixedValidity):
        return {"type": "fixed", "start": to_iso(v.start), "end": to_iso(v.end)}
    if isinstance(v, RelativeValidity):
        return {"type": "relative", "days": v.days, "deadline": to_iso(v.deadline)}
    return {"type": "unlimited"}


def validity_from_dict(d: dict[str, Any]) -> Validity:
    kind = d.get("type")
    if kind == "fixed":
        start, end = from_iso(d["start"], "validity start"), from_iso(d["end"], "validity end")
        if start is None or end is None:
            raise ValueError("fixed validity needs a start and an end")
        return FixedValidity(start, end)
    if kind == "relative":
        return RelativeValidity(int(d["days"]), from_iso(d.get("deadline"), "deadline"))
    if kind == "unlimited":
        return UnlimitedValidity()
    raise ValueError(f"unknown validity type: {kind!r}")
