"""Scanning: the decode pipeline against a plain pyzbar call, and camera latency.

Same generated frames for both: a till-counter scene (light gradient, blotches, objects,
sensor noise) with a coupon QR at 20-45% of the frame height, at three resolutions; and a
"hard" set at 1920x1080 (codes far away, or light-on-dark) that the fast pass cannot read,
to show what the fallback passes cost. "plain" is what a naive till would do:
pyzbar.decode on the whole frame turned gray. A third set holds one, two or three vouchers
side by side in a 720p frame: the pipeline must read every one, and a frame with more codes
should cost little more than a frame with one.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable

import cv2
import numpy as np

from bench.stats import percentile
from posapp.domain.codes import generate_code
from posapp.scan import scenes
from posapp.scan.acceptance import AcceptanceConfig
from posapp.scan.camera import CameraScan, CameraWorker
from posapp.scan.decoder import Gray, ZbarDecoder
from posapp.scan.pipeline import Image, Pipeline, PipelineConfig
from posapp.scan.regions import RegionConfig
from posapp.scan.synthetic import SyntheticCamera

RESOLUTIONS = ((640, 480), (1280, 720), (1920, 1080))
FRAMES_PER_RESOLUTION = 12
REPEATS = 2  # the pipeline; the plain call is slow enough to time once per frame
CAMERA_SECONDS = 8.0
CAMERA_FPS = 30.0


def make_frames(
    width: int, height: int, n: int, seed: int, hard: bool = False
) -> list[tuple[Image, str]]:
    """n BGR frames, each with one code (a bare code or a URL) at a realistic size; `hard`
    frames hold it far away (7-12% of the height) or, every third, on a dark-mode phone."""
    rng = np.random.default_rng(seed)
    frames = []
    for i in range(n):
        code = generate_code()
        text = code if i % 2 else f"https://shop.example/c/{code}"
        share = rng.uniform(0.07, 0.12) if hard else rng.uniform(0.2, 0.45)
        if hard and i % 3 == 0:
            share = rng.uniform(0.2, 0.3)
        gray, _ = scenes.scene_with_code(width, height, text, int(height * share), rng)
        if hard and i % 3 == 0:
            gray = scenes.invert(gray)
        frames.append((cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), text))
    return frames


def plain_decode(frame: Image) -> list[str]:
    from pyzbar import pyzbar

    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    return [s.data.decode("utf-8", "replace") for s in pyzbar.decode(gray)]


def timed(
    fn: Callable[[Image], list[str]], frames: list[tuple[Image, str]], repeats: int
) -> tuple[list[float], list[list[str]]]:
    """Run fn on every frame `repeats` times; return per-call ms and each frame's texts."""
    samples: list[float] = []
    texts: list[list[str]] = []
    for _ in range(repeats):
        texts = []
        for frame, _text in frames:
            t = time.perf_counter()
            texts.append(fn(frame))
            samples.append((time.perf_counter() - t) * 1000)
    return samples, texts


def compare_decoders() -> None:
    pipeline = Pipeline(ZbarDecoder())
    print(
        f"{'frame':>14}  {'pipeline p50':>12}  {'plain p50':>10}  {'ratio':>6}  "
        f"{'reads pipe/plain/total':>22}  lost  plain junk  passes that read"
    )
    cases = [(w, h, False) for w, h in RESOLUTIONS] + [(1920, 1080, True)]
    for width, height, hard in cases:
        frames = make_frames(width, height, FRAMES_PER_RESOLUTION, seed=width, hard=hard)
        passes: Counter[str] = Counter()

        def pipe(frame: Image, passes: Counter[str] = passes) -> list[str]:
            found = [d.text for d in pipeline.decode(frame)]
            if found and pipeline.last_pass:
                passes[pipeline.last_pass] += 1
            return found

        timed(pipe, frames[:2], 1)  # warm up: first calls pay for imports and allocations
        passes.clear()
        pipe_ms, pipe_texts = timed(pipe, frames, REPEATS)
        plain_ms, plain_texts = timed(plain_decode, frames, 1)
        expected = [text for _, text in frames]
        pipe_reads = sum(t in got for t, got in zip(expected, pipe_texts, strict=True))
        plain_reads = sum(t in got for t, got in zip(expected, plain_texts, strict=True))
        lost = sum(
            1
            for t, p, q in zip(expected, pipe_texts, plain_texts, strict=True)
            if t in q and t not in p  # plain read the coupon, the pipeline did not
        )
        # Plain decoding tries every 1-D symbology too and now and then "reads" one in the
        # background (e.g. an Interleaved 2 of 5 number); the pipeline reads QR only.
        junk = sum(
            len([x for x in q if x != t]) for t, q in zip(expected, plain_texts, strict=True)
        )
        p_pipe, p_plain = percentile(pipe_ms, 50), percentile(plain_ms, 50)
        used = ", ".join(f"{k} {v // REPEATS}" for k, v in sorted(passes.items()))
        print(
            f"{width:>4}x{height:<5}{'hard' if hard else '':>4}  {p_pipe:9.2f} ms  "
            f"{p_plain:7.2f} ms  {p_plain / p_pipe:5.1f}x  "
            f"{pipe_reads:>8}/{plain_reads}/{len(frames):<9}  {lost:>4}  {junk:>10}  {used}"
        )


def vouchers_side_by_side(
    n: int, width: int, height: int, seed: int
) -> list[tuple[Gray, list[str]]]:
    """Gray frames with n different vouchers in a row at 5-6 px per module (two vouchers held
    up together about 40 cm from the camera), somewhere in the frame; and their texts."""
    rng = np.random.default_rng(seed)
    frames = []
    for i in range(FRAMES_PER_RESOLUTION):
        texts = [
            generate_code() if (i + k) % 2 else f"https://shop.example/c/{generate_code()}"
            for k in range(n)
        ]
        px = 5 + i % 2
        row = scenes.side_by_side(*(scenes.render_qr(t, module_px=px) for t in texts))
        x = int(rng.integers(0, width - row.shape[1] + 1))
        y = int(rng.integers(0, height - row.shape[0] + 1))
        frames.append((scenes.paste(scenes.background(width, height, rng), row, x, y), texts))
    return frames


def several_codes() -> None:
    """One, two and three codes in a frame: per-frame time against plain pyzbar.decode on
    the same gray frame, and how many frames gave every code."""
    from pyzbar import pyzbar

    width, height = 1280, 720
    print(
        f"\nvouchers side by side, {width}x{height}, {FRAMES_PER_RESOLUTION} frames each, p50 per "
        "frame (frames with every code read)"
    )
    print(
        f"{'codes':>5}  {'pipeline':>16}  {'camera':>16}  {'plain':>16}  {'ratio':>6}  "
        f"{'without regions':>19}"
    )
    pipeline = Pipeline(ZbarDecoder())
    camera = Pipeline(ZbarDecoder())
    # The pipeline as it was before it looked for the codes a pass left: a pass that read
    # something was the end of it.
    first_only = Pipeline(ZbarDecoder(), PipelineConfig(regions=RegionConfig(max_regions=0)))

    def plain(gray: Gray) -> list[str]:
        return [s.data.decode("utf-8", "replace") for s in pyzbar.decode(gray)]

    def run(
        fn: Callable[[Gray], list[str]], frames: list[tuple[Gray, list[str]]]
    ) -> tuple[str, float]:
        """p50 ms over every call, and the frames whose codes were all read; the camera
        counts as reading a code that any of its calls on the frame read (it runs one
        fallback per frame, in rotation, so a code the fast pass misses takes a few)."""
        ms: list[float] = []
        reads = 0
        for gray, texts in frames:
            seen: set[str] = set()
            for _ in range(REPEATS + 2):
                started = time.perf_counter()
                seen.update(fn(gray))
                ms.append((time.perf_counter() - started) * 1000)
            reads += set(texts) <= seen
        p50 = percentile(ms, 50)
        return f"{p50:7.2f} ms ({reads:>2}/{len(frames)})", p50

    for n in (1, 2, 3):
        frames = vouchers_side_by_side(n, width, height, seed=100 + n)
        pipe, pipe_p50 = run(lambda g: [d.text for d in pipeline.decode(g)], frames)
        cam, _ = run(lambda g: [d.text for d in camera.decode_frame(g)], frames)
        anchor, plain_p50 = run(plain, frames)
        before, _ = run(lambda g: [d.text for d in first_only.decode(g)], frames)
        print(
            f"{n:>5}  {pipe:>16}  {cam:>16}  {anchor:>16}  {plain_p50 / pipe_p50:5.1f}x  "
            f"{before:>19}"
        )


def empty_frames() -> None:
    """Frames with no code are most of what a camera sees; what do they cost?"""
    print("\nframes with no code, p50: every pass (files) | camera (fast + 1 fallback) | plain")
    pipeline = Pipeline(ZbarDecoder())
    for width, height in RESOLUTIONS:
        rng = np.random.default_rng(height)
        frames = [scenes.background(width, height, rng) for _ in range(4)]
        bgr = [cv2.cvtColor(f, cv2.COLOR_GRAY2BGR) for f in frames]
        every = [_ms(pipeline.decode, f) for f in bgr for _ in range(2)]
        camera = [_ms(pipeline.decode_frame, f) for f in bgr for _ in range(3)]
        plain = [_ms(plain_decode, f) for f in bgr]
        print(
            f"{width:>4}x{height:<5}  {percentile(every, 50):8.2f} ms | "
            f"{percentile(camera, 50):8.2f} ms | {percentile(plain, 50):8.2f} ms"
        )


def _ms(fn: Callable[[Image], object], frame: Image) -> float:
    t = time.perf_counter()
    fn(frame)
    return (time.perf_counter() - t) * 1000


class StampedSource:
    """Wrap a synthetic camera; remember when each coupon first came into view."""

    def __init__(self, inner: SyntheticCamera, first_coupon_frames: set[int], period: int):
        self.inner = inner
        self.first = first_coupon_frames
        self.period = period
        self.count = 0
        self.appeared: list[float] = []

    @property
    def name(self) -> str:
        return self.inner.name

    def open(self) -> None:
        self.inner.open()

    def read(self) -> Image:
        frame = self.inner.read()
        if self.count % self.period in self.first:
            self.appeared.append(time.monotonic())
        self.count += 1
        return frame

    def close(self) -> None:
        self.inner.close()

    def interrupt(self) -> None:
        self.inner.interrupt()


def camera_latency() -> None:
    width, height = 1280, 720
    rng = np.random.default_rng(5)
    empty = [
        cv2.cvtColor(scenes.background(width, height, rng), cv2.COLOR_GRAY2BGR) for _ in range(4)
    ]
    # One cycle: 0.5 s of empty counter, then the coupon held up for 1 s. The source loops,
    # so the same coupon comes back every cycle: the debounce (0.4 s) is set shorter than
    # its 0.5 s absence, so each showing is one scan.
    empty_n, held_n = int(CAMERA_FPS * 0.5), int(CAMERA_FPS * 1.0)
    text = f"https://shop.example/c/{generate_code()}"
    held: list[Gray] = []
    for _ in range(held_n):
        gray, _ = scenes.scene_with_code(width, height, text, int(height * 0.35), rng)
        held.append(gray)
    cycle: list[Image] = [empty[i % len(empty)] for i in range(empty_n)]
    cycle += [cv2.cvtColor(g, cv2.COLOR_GRAY2BGR) for g in held]
    source = StampedSource(SyntheticCamera(cycle, fps=CAMERA_FPS), {empty_n}, len(cycle))
    scans: list[CameraScan] = []
    lock = threading.Lock()

    def on_scan(scan: CameraScan) -> None:
        with lock:
            scans.append(scan)

    worker = CameraWorker(
        source,
        on_scan,
        acceptance=AcceptanceConfig(reads_needed=2, window_s=0.5, debounce_s=0.4),
        pipeline=Pipeline(ZbarDecoder()),
    )
    with worker:
        time.sleep(CAMERA_SECONDS)
        stopped_at = time.monotonic()
    stats = worker.stats
    lat = list(stats.frame_latency_ms)
    verdict = [(s.accepted_at - s.captured_at) * 1000 for s in scans]
    shown = [
        (s.accepted_at - appeared) * 1000
        for s, appeared in zip(scans, source.appeared, strict=False)
        if s.accepted_at >= appeared
    ]
    # A coupon that came into view in the last half second had no time to be held up.
    coupons = sum(1 for t in source.appeared if t < stopped_at - 0.5)
    print(
        f"\ncamera pipeline, synthetic camera {width}x{height} at {CAMERA_FPS:.0f} fps for "
        f"{CAMERA_SECONDS:.0f} s: {stats.frames_read} frames read, {stats.frames_decoded} "
        f"decoded, {stats.frames_dropped} dropped, {len(scans)} scans of "
        f"{coupons} coupons shown"
    )
    print(
        f"  frame -> decoded (every frame)       p50={percentile(lat, 50):7.2f} ms  "
        f"p99={percentile(lat, 99):7.2f} ms"
    )
    print(
        f"  deciding frame -> accepted scan      p50={percentile(verdict, 50):7.2f} ms  "
        f"p99={percentile(verdict, 99):7.2f} ms"
    )
    print(
        f"  coupon in view -> accepted scan      p50={percentile(shown, 50):7.2f} ms  "
        f"p99={percentile(shown, 99):7.2f} ms  (2 consistent reads at {CAMERA_FPS:.0f} fps)"
    )


def main() -> None:
    compare_decoders()
    several_codes()
    empty_frames()
    camera_latency()


if __name__ == "__main__":
    main()
