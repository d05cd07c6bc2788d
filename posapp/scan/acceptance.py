"""When a code seen by the camera becomes a scan: consistent reads, then a debounce.

A single frame can misread (zbar's error correction makes this rare, not impossible), so
a text is accepted only once it was read in `reads_needed` frames within `window_s`. A
coupon held in front of the camera is read in every frame; it must give one scan, so an
accepted text is not fired again until it has been out of sight for `debounce_s`: each
read while it stays in view extends the quiet period. To scan the same coupon twice, the
cashier takes it away and shows it again after the debounce.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class AcceptanceConfig:
    reads_needed: int = 2  # frames that must read the same text
    window_s: float = 1.0  # ... within this many seconds
    debounce_s: float = 2.0  # quiet time before the same text can fire again

    def __post_init__(self) -> None:
        if self.reads_needed < 1 or self.window_s < 0 or self.debounce_s < 0:
            raise ValueError("reads_needed >= 1 and non-negative times are required")


class Acceptance:
    """Turn per-frame reads into accepted scans. Not thread-safe: one per camera worker."""

    # Bounds the memory a stream of ever-different texts (noise, a hostile screen) can use.
    MAX_TRACKED = 256

    def __init__(self, config: AcceptanceConfig | None = None) -> None:
        self.config = config or AcceptanceConfig()
        self._reads: dict[str, deque[float]] = {}
        self._fired_seen: dict[str, float] = {}  # text -> last time read since it fired

    def offer(self, texts: Iterable[str], now: float) -> list[str]:
        """Record one frame's texts read at `now`; return those accepted by this frame."""
        cfg = self.config
        accepted: list[str] = []
        for text in dict.fromkeys(texts):  # one read per frame, even for two equal codes
            last = self._fired_seen.get(text)
            if last is not None and now - last < cfg.debounce_s:
                self._fired_seen[text] = now
                continue
            reads = self._reads.setdefault(text, deque())
            reads.append(now)
            while reads and now - reads[0] > cfg.window_s:
                reads.popleft()
            if len(reads) >= cfg.reads_needed:
                accepted.append(text)
                del self._reads[text]
                self._fired_seen[text] = now
        self._forget(now)
        return accepted

    def reset(self) -> None:
        """Forget everything (e.g. after the cashier cancels): the next read starts afresh."""
        self._reads.clear()
        self._fired_seen.clear()

    def _forget(self, now: float) -> None:
        cfg = self.config
        for text in [t for t, r in self._reads.items() if not r or now - r[-1] > cfg.window_s]:
            del self._reads[text]
        for text in [t for t, last in self._fired_seen.items() if now - last >= cfg.debounce_s]:
            del self._fired_seen[text]
        while len(self._reads) > self.MAX_TRACKED:  # drop the oldest first
            del self._reads[next(iter(self._reads))]
        while len(self._fired_seen) > self.MAX_TRACKED:
            del self._fired_seen[next(iter(self._fired_seen))]
