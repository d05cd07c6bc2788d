"""USB/Bluetooth scanners that type: tell a scan from a person by keystroke timing.

A scanner in keyboard mode types a whole code in a burst, a few milliseconds per key,
usually ended by Enter. A person, however fast, leaves 60-300 ms between keys and cannot
keep gaps of under ~35 ms for six keys in a row (key rollover gives one or two short
gaps, never a run). So a burst is a scan when it has at least `min_length` characters,
no gap over `max_gap_s` and a mean gap of at most `max_mean_gap_s`; it ends with a
terminator (Enter, Tab) or, for scanners set up without one, with silence.

The logic holds keys while a burst is undecided and says, key by key, whether to keep
holding them, give them back (a person typed them), or drop them (they were a scan). The
Qt adapter (posapp/ui/wedge.py) applies this to real key events. It is pure: time is an
argument, so tests drive it with exact timestamps.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

from posapp.domain.payload import PayloadType
from posapp.scan.layouts import LAYOUTS, from_caps_lock, from_full_width, from_layout
from posapp.scan.results import classify

Held = Literal["keep", "release", "scan"]
Current = Literal["hold", "pass", "consume"]


@dataclass(frozen=True)
class WedgeConfig:
    max_gap_s: float = 0.05  # longest pause between two keys inside a scan
    max_mean_gap_s: float = 0.03  # a scan's average pause; people are 3-10x slower
    min_length: int = 6  # shorter bursts are left to the focused widget
    max_length: int = 4096  # longer is not a scanner we know; give the keys back
    prefix: str = ""  # configured on the scanner, stripped from each scan
    suffix: str = ""
    terminators: str = "\r\n\t"
    end_on_silence: bool = True  # accept scanners that send no terminator
    # A slow or Bluetooth scanner (or a busy till) can send its Enter well after the last
    # character: the burst has already ended on silence by then. A terminator this soon
    # after a scan's last key is that scan's, and is eaten, never passed on as a "confirm".
    late_terminator_s: float = 0.5
    layout: str = "auto"  # the till's keyboard layout: "auto", "us", "de", "fr"

    def __post_init__(self) -> None:
        if self.layout != "auto" and self.layout not in LAYOUTS:
            raise ValueError(f"unknown keyboard layout {self.layout!r}")
        if self.min_length < 1 or self.max_gap_s <= 0:
            raise ValueError("min_length >= 1 and a positive max_gap_s are required")


@dataclass(frozen=True)
class Step:
    """What to do after a key or a timeout.

    held: what happens to the keys held so far — "keep" holding them, "release" them to
    the application in order (a person typed them), or drop them as the "scan" `text`.
    current: the key just fed — "hold" it, "pass" it on now (after any release), or
    "consume" it (a scan's terminator). None after a timeout.
    """

    held: Held
    current: Current | None
    text: str | None = None


def choose_text(raw: str, layout: str = "auto") -> str:
    """Undo layout artefacts in a scan (see layouts.py).

    With a configured layout, apply it. With "auto", keep the text if it already means
    something; otherwise try each layout and Caps Lock and keep the first reading that
    is a voucher, order or signed voucher; if none is, return the text as typed.
    """
    text = from_full_width(raw)
    if layout != "auto":
        return from_layout(text, layout)
    if classify(text).type is not PayloadType.MALFORMED:
        return text
    for candidate in (
        *(from_layout(text, name) for name in LAYOUTS if name != "us"),
        from_caps_lock(text),
    ):
        if candidate != text and classify(candidate).type is not PayloadType.MALFORMED:
            return candidate
    return text


class Wedge:
    """Feed it each typed character with its time; follow the Steps it returns."""

    def __init__(self, config: WedgeConfig | None = None) -> None:
        self.config = config or WedgeConfig()
        self._chars: list[str] = []
        self._times: list[float] = []
        self._scan_ended_at: float | None = None  # last key of a scan that ended on silence

    @property
    def holding(self) -> int:
        """How many characters are held."""
        return len(self._chars)

    @property
    def deadline(self) -> float | None:
        """When `expire` should be called if no key comes first."""
        return self._times[-1] + self.config.max_gap_s if self._times else None

    def key(self, char: str, now: float) -> Step:
        """A key that types `char` (one character; Enter is "\\r") was pressed at `now`."""
        settled = self._settle(now) if self._expired(now) else None
        held: Held = settled.held if settled else "keep"
        text = settled.text if settled else None
        late_for = self._scan_ended_at
        self._scan_ended_at = None
        if char in self.config.terminators:
            if late_for is not None and now - late_for <= self.config.late_terminator_s:
                return Step(held, "consume", text)
            if settled is None and self._chars:
                scan = self._scan_text(now)
                self._clear()
                if scan is not None:
                    return Step("scan", "consume", scan)
                return Step("release", "pass")
            return Step(held, "pass", text)
        self._chars.append(char)
        self._times.append(now)
        if len(self._chars) > self.config.max_length:
            self._clear()
            return Step("release", "pass")
        return Step(held, "hold", text)

    def expire(self, now: float) -> Step:
        """The deadline passed with no key: settle the held burst (give back, or a scan)."""
        if not self._chars or not self._expired(now):
            return Step("keep", None)
        return self._settle(now)

    def interrupt(self) -> Step:
        """A key that is not plain typing (a shortcut, an arrow): give back what is held."""
        held: Held = "release" if self._chars else "keep"
        self._clear()
        self._scan_ended_at = None
        return Step(held, None)

    def _expired(self, now: float) -> bool:
        deadline = self.deadline  # the same sum the caller got, so now == deadline expires
        return deadline is not None and now >= deadline

    def _settle(self, now: float) -> Step:
        scan = self._scan_text(None) if self.config.end_on_silence else None
        if scan is not None:
            self._scan_ended_at = self._times[-1]
        self._clear()
        return Step("scan", None, scan) if scan is not None else Step("release", None)

    def _scan_text(self, terminator_at: float | None) -> str | None:
        """The cleaned scan if the held burst (ended by a terminator at the time given,
        or by silence) is a scanner's, else None."""
        cfg = self.config
        times = self._times + ([terminator_at] if terminator_at is not None else [])
        if len(self._chars) < cfg.min_length:
            return None
        gaps = [b - a for a, b in itertools.pairwise(times)]
        if any(g > cfg.max_gap_s for g in gaps):
            return None
        if gaps and sum(gaps) / len(gaps) > cfg.max_mean_gap_s:
            return None
        text = "".join(self._chars)
        if cfg.prefix and text.startswith(cfg.prefix):
            text = text[len(cfg.prefix) :]
        if cfg.suffix and text.endswith(cfg.suffix):
            text = text[: -len(cfg.suffix)]
        text = choose_text(text, cfg.layout)
        return text or None

    def _clear(self) -> None:
        self._chars.clear()
        self._times.clear()
