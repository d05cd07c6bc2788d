"""The camera worker on synthetic and failing sources: one scan per coupon, frames dropped
(never queued) while decoding is busy, clean stop, recovery after the camera comes back."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from posapp.domain.codes import generate_code
from posapp.domain.payload import PayloadType
from posapp.scan import scenes
from posapp.scan.acceptance import AcceptanceConfig
from posapp.scan.camera import CameraScan, CameraSettings, CameraWorker
from posapp.scan.decoder import Decoded, Gray
from posapp.scan.pipeline import Pipeline
from posapp.scan.sources import OpenCvCamera, open_source
from posapp.scan.status import CameraEvent, CameraStatus, SourceError
from posapp.scan.synthetic import SyntheticCamera

CODE = generate_code()
W, H = 640, 480


def counter(seed: int = 0) -> Gray:
    return scenes.background(W, H, np.random.default_rng(seed))


def coupon_frame(text: str = CODE, seed: int = 0) -> Gray:
    return scenes.paste(counter(seed), scenes.render_qr(text, module_px=6), 200, 100)


class Recorder:
    """Collect callbacks from the worker threads; wait for them from the test."""

    def __init__(self) -> None:
        self.scans: list[CameraScan] = []
        self.events: list[CameraEvent] = []
        self._cond = threading.Condition()

    def on_scan(self, scan: CameraScan) -> None:
        with self._cond:
            self.scans.append(scan)
            self._cond.notify_all()

    def on_status(self, event: CameraEvent) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    @property
    def statuses(self) -> list[CameraStatus]:
        return [e.status for e in self.events]

    def wait(self, predicate, timeout: float = 10.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self), timeout)


def wait_until(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_coupon_held_up_to_the_camera_is_one_scan() -> None:
    frames = [counter(i) for i in range(5)] + [coupon_frame(seed=i) for i in range(40)]
    rec = Recorder()
    source = SyntheticCamera(frames, fps=60, loop=False)
    worker = CameraWorker(source, rec.on_scan, rec.on_status, acceptance=AcceptanceConfig())
    with worker:
        assert rec.wait(lambda r: CameraStatus.ENDED in r.statuses)
    assert not worker.running
    assert [s.result.text for s in rec.scans] == [CODE]
    scan = rec.scans[0]
    assert scan.result.payload.type is PayloadType.VOUCHER
    assert scan.captured_at <= scan.accepted_at
    assert rec.statuses[:2] == [CameraStatus.STARTING, CameraStatus.READY]


def test_two_coupons_one_after_the_other_are_two_scans() -> None:
    other = generate_code()
    frames = [coupon_frame(CODE)] * 10 + [counter()] * 5 + [coupon_frame(other)] * 10
    rec = Recorder()
    with CameraWorker(SyntheticCamera(frames, fps=60, loop=False), rec.on_scan, rec.on_status):
        assert rec.wait(lambda r: CameraStatus.ENDED in r.statuses)
    assert [s.result.text for s in rec.scans] == [CODE, other]


def test_two_coupons_held_up_together_are_two_scans_each_once() -> None:
    # Two vouchers side by side in a 720p frame, at a size where the fast pass (which reads
    # a copy shrunk to 640 pixels) used to keep only one of them.
    left, right = f"https://shop.example/c/{generate_code()}", generate_code()
    both = scenes.side_by_side(scenes.render_qr(left, 5), scenes.render_qr(right, 5))
    rng = np.random.default_rng(4)
    held = [scenes.paste(scenes.background(1280, 720, rng), both, 400, 250) for _ in range(3)]
    frames = [counter()] * 3 + held * 15  # held for 45 frames: the debounce holds both
    rec = Recorder()
    with CameraWorker(SyntheticCamera(frames, fps=60, loop=False), rec.on_scan, rec.on_status):
        assert rec.wait(lambda r: CameraStatus.ENDED in r.statuses)
    assert [s.result.text for s in rec.scans] == [left, right]


class SlowDecoder:
    """A decoder that takes `seconds` per frame and finds nothing."""

    name = "slow"
    preferred_side = 640

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def decode(self, gray: Gray, *, thorough: bool = True) -> list[Decoded]:
        time.sleep(self.seconds)
        return []


def test_frames_are_dropped_not_queued_while_decoding_is_busy() -> None:
    # 100 fps in, 10 fps of decoding: a queue would make each decoded frame older than
    # the last (after 1.5 s, over a second old); the mailbox keeps every frame fresh.
    rec = Recorder()
    worker = CameraWorker(
        SyntheticCamera([counter(i) for i in range(8)], fps=100),  # a scene that changes
        rec.on_scan,
        rec.on_status,
        pipeline=Pipeline(SlowDecoder(0.1)),
    )
    with worker:
        time.sleep(1.5)
    stats = worker.stats
    assert stats.frames_read > 3 * stats.frames_decoded
    assert stats.frames_dropped >= stats.frames_read - stats.frames_decoded - 1
    assert max(stats.frame_latency_ms) < 400  # one decode (100 ms) plus scheduling slack


def _noisy(scene: Gray, seed: int) -> Gray:
    """The same counter, with a new frame's sensor noise."""
    noise = np.random.default_rng(1000 + seed).normal(0, 4, scene.shape)
    return np.clip(scene.astype(np.float32) + noise, 0, 255).astype(np.uint8)


def test_an_empty_counter_is_not_decoded_frame_after_frame() -> None:
    # 2 s of an unchanging counter (each frame with its own sensor noise), then a coupon:
    # the still frames cost one decode a second, the coupon is read as soon as it appears.
    still = counter(3)
    frames = [_noisy(still, i) for i in range(120)]
    frames += [
        _noisy(scenes.paste(still, scenes.render_qr(CODE, module_px=6), 200, 100), i)
        for i in range(20)
    ]
    rec = Recorder()
    worker = CameraWorker(SyntheticCamera(frames, fps=60, loop=False), rec.on_scan, rec.on_status)
    with worker:
        assert rec.wait(lambda r: CameraStatus.ENDED in r.statuses)
    stats = worker.stats
    assert [s.result.text for s in rec.scans] == [CODE]
    assert stats.frames_unchanged >= 100, stats
    assert stats.frames_decoded <= 20 + 10, stats  # the coupon's frames, and ~1 a second before


def test_stop_joins_both_threads_promptly_even_mid_wait() -> None:
    worker = CameraWorker(SyntheticCamera([counter()], fps=0.5), lambda s: None)
    worker.start()
    time.sleep(0.2)
    started = time.monotonic()
    assert worker.stop(timeout=5)
    assert time.monotonic() - started < 1.0  # the 2 s frame wait was interrupted
    assert not worker.running
    assert not [t for t in threading.enumerate() if t.name.startswith("posapp-camera")]
    worker.stop()  # a second stop is harmless


class FlakySource:
    """Missing for the first opens, then delivers frames, drops out, and comes back."""

    name = "flaky"

    def __init__(self, frame: Gray, missing_opens: int = 2, frames_before_unplug: int = 5):
        self.frame = frame
        self.missing_opens = missing_opens
        self.frames_before_unplug = frames_before_unplug
        self.opens = 0
        self.reads = 0
        self.unplugged = False

    def open(self) -> None:
        self.opens += 1
        if self.opens <= self.missing_opens:
            raise SourceError(CameraStatus.NOT_FOUND, "not plugged in yet")

    def read(self) -> Gray:
        time.sleep(0.005)
        self.reads += 1
        if not self.unplugged and self.reads == self.frames_before_unplug:
            self.unplugged = True
            raise SourceError(CameraStatus.LOST, "unplugged")
        return self.frame

    def close(self) -> None:
        pass


def test_a_camera_that_is_missing_then_unplugged_recovers() -> None:
    rec = Recorder()
    source = FlakySource(coupon_frame())
    worker = CameraWorker(
        source,
        rec.on_scan,
        rec.on_status,
        retry_initial_s=0.01,
        retry_max_s=0.05,
        acceptance=AcceptanceConfig(debounce_s=60),
    )
    with worker:
        assert rec.wait(lambda r: r.statuses.count(CameraStatus.READY) >= 2)
        assert rec.wait(lambda r: len(r.scans) >= 1)
        assert wait_until(lambda: source.reads > 20)  # frames flow again after recovery
    s = rec.statuses
    assert s[:3] == [CameraStatus.STARTING, CameraStatus.NOT_FOUND, CameraStatus.NOT_FOUND]
    assert s.index(CameraStatus.READY) < s.index(CameraStatus.LOST)
    assert s[-1] is CameraStatus.STOPPED
    lost = next(e for e in rec.events if e.status is CameraStatus.LOST)
    assert "Reconnecting" in lost.message and lost.retry_in_s is not None
    retries = [e.retry_in_s for e in rec.events if e.status is CameraStatus.NOT_FOUND]
    assert retries == [0.01, 0.02]  # backoff doubles
    assert [sc.result.text for sc in rec.scans] == [CODE]  # not fired again after recovery


def test_a_missing_real_camera_says_so_and_keeps_trying() -> None:
    rec = Recorder()
    worker = CameraWorker(OpenCvCamera(97), rec.on_scan, rec.on_status, retry_initial_s=0.01)
    with worker:
        assert rec.wait(lambda r: r.statuses.count(CameraStatus.NOT_FOUND) >= 2)
    event = next(e for e in rec.events if e.status is CameraStatus.NOT_FOUND)
    assert event.device == "97"
    assert "No camera found at 97" in event.message
    assert event.is_problem


def test_callbacks_that_raise_do_not_stop_scanning() -> None:
    def bad(_: object) -> None:
        raise RuntimeError("a broken slot")

    frames = [coupon_frame()] * 5 + [counter()] * 3 + [coupon_frame(generate_code())] * 5
    worker = CameraWorker(SyntheticCamera(frames, fps=60, loop=False), bad, bad)
    with worker:
        assert wait_until(lambda: not worker.running)  # played to the end
    assert worker.stats.frames_decoded >= 5


def test_synthetic_camera_from_a_folder_and_from_a_video(tmp_path: Path) -> None:
    folder = tmp_path / "frames"
    folder.mkdir()
    for i in range(3):
        cv2.imwrite(str(folder / f"{i:02}.png"), coupon_frame(seed=i))
    (folder / "notes.txt").write_text("not a frame")
    video = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 15, (W, H))
    assert writer.isOpened()
    for i in range(6):
        writer.write(cv2.cvtColor(coupon_frame(seed=i), cv2.COLOR_GRAY2BGR))
    writer.release()
    for device in (str(folder), str(video)):
        rec = Recorder()
        settings = CameraSettings(device=device, synthetic_fps=60)
        with CameraWorker.from_settings(settings, rec.on_scan, rec.on_status) as worker:
            assert isinstance(worker.source, SyntheticCamera)
            assert rec.wait(lambda r: len(r.scans) >= 1)
        assert rec.scans[0].result.text == CODE


def test_a_sample_path_that_does_not_exist_is_not_found(tmp_path: Path) -> None:
    rec = Recorder()
    source = open_source(str(tmp_path / "missing.mp4"))
    with CameraWorker(source, rec.on_scan, rec.on_status, retry_initial_s=0.01):
        assert rec.wait(lambda r: CameraStatus.NOT_FOUND in r.statuses)


@pytest.mark.parametrize(
    ("device", "kind"),
    [(0, OpenCvCamera), ("2", OpenCvCamera), ("/dev/video5", OpenCvCamera)],
)
def test_settings_value_picks_the_source(device: int | str, kind: type) -> None:
    assert isinstance(open_source(device), kind)
