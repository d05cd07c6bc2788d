"""Small helpers to time things and print percentiles."""

from __future__ import annotations

import time
from collections.abc import Callable


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def time_calls(fn: Callable[[], object], n: int) -> list[float]:
    """Call fn n times; return each call's duration in milliseconds."""
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(label: str, samples_ms: list[float]) -> None:
    print(
        f"{label:<48} n={len(samples_ms):<6} p50={percentile(samples_ms, 50):8.3f} ms"
        f"  p99={percentile(samples_ms, 99):8.3f} ms"
    )
