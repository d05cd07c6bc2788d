"""The camera worker: frames in on one thread, decoding on another, scans out by callback.

Two plain threads (no Qt: the UI wraps the callbacks into signals):

- capture reads frames as fast as the source gives them and puts each into a one-slot
  mailbox, replacing any frame not yet taken. Reading continuously keeps the driver's
  buffer empty, so the frame decoded next is always the newest one: frames are dropped
  while decoding is busy, never queued behind it (a queue would grow latency without bound
  on a slow till).
- decode takes the newest frame, runs the pipeline, and feeds the texts to `Acceptance`;
  accepted scans go to `on_scan`, one call per code, in the frame's reading order (two
  vouchers held up together are two scans, each once).

A camera that is missing, busy or unplugged is reported to `on_status` and retried with
capped exponential backoff until it is back or the worker is stopped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from posapp.scan.acceptance import Acceptance, AcceptanceConfig
from posapp.scan.pipeline import Image, Pipeline
from posapp.scan.results import ScanResult, result_of
from posapp.scan.sources import FrameSource, open_source
from posapp.scan.status import CameraEvent, CameraStatus, SourceError
from posapp.scan.stillness import StillScene

log = logging.getLogger(__name__)

Clock = Callable[[], float]


@dataclass(frozen=True)
class CameraSettings:
    """What the till's settings say about the camera. device: index, /dev path, URL, or a
    folder/video for the synthetic camera."""

    device: int | str = 0
    width: int | None = None
    height: int | None = None
    synthetic_fps: float = 15.0
    acceptance: AcceptanceConfig = field(default_factory=AcceptanceConfig)
    retry_initial_s: float = 0.5
    retry_max_s: float = 10.0


@dataclass(frozen=True)
class CameraScan:
    """An accepted scan, with the frame's capture time and the moment it was accepted
    (both `time.monotonic()` seconds) so latency can be measured."""

    result: ScanResult
    captured_at: float
    accepted_at: float


@dataclass
class CameraStats:
    frames_read: int = 0
    frames_decoded: int = 0
    frames_dropped: int = 0  # replaced in the mailbox before decoding got to them
    frames_unchanged: int = 0  # showed what the last decoded frame showed: not decoded again
    frame_latency_ms: deque[float] = field(default_factory=lambda: deque(maxlen=2000))


@dataclass(frozen=True)
class _Frame:
    image: Image
    captured_at: float


class _Mailbox:
    """One slot: put() replaces what is there; take() waits for a frame or close()."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: _Frame | None = None
        self._closed = False

    def put(self, frame: _Frame) -> bool:
        """Store frame; return True if it replaced one nobody took (a dropped frame)."""
        with self._cond:
            dropped = self._frame is not None
            self._frame = frame
            self._cond.notify()
            return dropped

    def take(self) -> _Frame | None:
        with self._cond:
            while self._frame is None and not self._closed:
                self._cond.wait()
            frame, self._frame = self._frame, None
            return None if self._closed else frame

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class CameraWorker:
    """Run a frame source through the pipeline on worker threads; start(), then stop().

    Callbacks run on the worker threads (on_scan on the decode thread, on_status on the
    capture thread) and must not touch widgets; an exception in one is logged, not fatal.
    """

    def __init__(
        self,
        source: FrameSource,
        on_scan: Callable[[CameraScan], None],
        on_status: Callable[[CameraEvent], None] | None = None,
        *,
        pipeline: Pipeline | None = None,
        acceptance: AcceptanceConfig | None = None,
        retry_initial_s: float = 0.5,
        retry_max_s: float = 10.0,
        clock: Clock = time.monotonic,
    ) -> None:
        self.source = source
        self._on_scan = on_scan
        self._on_status = on_status
        self._pipeline = pipeline or Pipeline()
        self._acceptance = Acceptance(acceptance)
        self._still = StillScene()
        self._retry_initial = retry_initial_s
        self._retry_max = max(retry_max_s, retry_initial_s)
        self._clock = clock
        self._stop = threading.Event()
        self._mailbox = _Mailbox()
        self._threads: list[threading.Thread] = []
        self.stats = CameraStats()
        self.status = CameraStatus.STOPPED

    @classmethod
    def from_settings(
        cls,
        settings: CameraSettings,
        on_scan: Callable[[CameraScan], None],
        on_status: Callable[[CameraEvent], None] | None = None,
        pipeline: Pipeline | None = None,
    ) -> CameraWorker:
        source = open_source(
            settings.device, settings.synthetic_fps, settings.width, settings.height
        )
        return cls(
            source,
            on_scan,
            on_status,
            pipeline=pipeline,
            acceptance=settings.acceptance,
            retry_initial_s=settings.retry_initial_s,
            retry_max_s=settings.retry_max_s,
        )

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._mailbox = _Mailbox()
        self._threads = [
            threading.Thread(target=self._capture_loop, name="posapp-camera-capture", daemon=True),
            threading.Thread(target=self._decode_loop, name="posapp-camera-decode", daemon=True),
        ]
        for t in self._threads:
            t.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop and join both threads; return False if one did not end within timeout."""
        self._stop.set()
        self._mailbox.close()
        interrupt = getattr(self.source, "interrupt", None)
        if callable(interrupt):
            interrupt()
        deadline = time.monotonic() + timeout
        for t in self._threads:
            t.join(max(0.0, deadline - time.monotonic()))
        stopped = not self.running
        if stopped:
            self._threads = []
        return stopped

    def reset_acceptance(self) -> None:
        """Forget reads and debounce (only while stopped: Acceptance is not thread-safe)."""
        self._acceptance.reset()

    def __enter__(self) -> CameraWorker:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- capture thread ---------------------------------------------------------------

    def _emit(self, status: CameraStatus, retry_in: float | None = None, detail: str = "") -> None:
        self.status = status
        event = CameraEvent(status, self.source.name, retry_in, detail)
        log_fn = log.warning if event.is_problem else log.info
        log_fn("camera: %s (%s)", event.message, detail or "-")
        if self._on_status is not None:
            try:
                self._on_status(event)
            except Exception:
                log.exception("camera status callback failed")

    def _capture_loop(self) -> None:
        delay = self._retry_initial
        self._emit(CameraStatus.STARTING)
        while not self._stop.is_set():
            try:
                self.source.open()
            except SourceError as e:
                self._emit(e.status, delay, e.detail)
            except Exception as e:  # a driver can throw anything; keep trying
                self._emit(CameraStatus.BUSY, delay, repr(e))
            else:
                try:
                    outcome = self._read_frames(delay)
                finally:
                    self._close_source()
                if outcome == "ended":
                    return
                if outcome == "lost-after-frames":
                    delay = self._retry_initial  # it worked a moment ago: retry soon
            self._stop.wait(delay)
            delay = min(delay * 2, self._retry_max)
        self._emit(CameraStatus.STOPPED)

    def _read_frames(self, delay: float) -> str:
        """Read frames until stop or failure: return 'stopped', 'ended', 'lost' or
        'lost-after-frames'."""
        ready = False
        while not self._stop.is_set():
            try:
                image = self.source.read()
            except Exception as e:
                if self._stop.is_set():
                    return "stopped"
                if isinstance(e, SourceError) and e.status is CameraStatus.ENDED:
                    self._emit(CameraStatus.ENDED, None, e.detail)
                    self._mailbox.close()
                    return "ended"
                retry = self._retry_initial if ready else delay
                self._emit(CameraStatus.LOST, retry, str(e) or repr(e))
                return "lost-after-frames" if ready else "lost"
            captured_at = self._clock()
            if not ready:
                ready = True
                self._emit(CameraStatus.READY)
            self.stats.frames_read += 1
            if self._mailbox.put(_Frame(image, captured_at)):
                self.stats.frames_dropped += 1
        return "stopped"

    def _close_source(self) -> None:
        try:
            self.source.close()
        except Exception:
            log.exception("closing the camera failed")

    # -- decode thread ----------------------------------------------------------------

    def _decode_loop(self) -> None:
        while True:
            frame = self._mailbox.take()
            if frame is None:
                return
            try:
                if self._still.unchanged(frame.image, frame.captured_at):
                    # nothing new in view: what decoding found last time (nothing) still holds
                    self.stats.frames_unchanged += 1
                    self._acceptance.offer([], frame.captured_at)
                    continue
                found = self._pipeline.decode_frame(frame.image)
            except Exception:  # a corrupt frame must not kill scanning for the shift
                log.exception("decoding a camera frame failed")
                found = []
            if found:
                self._still.forget()  # a code in view: every frame is read while it stays
            decided_at = self._clock()
            self.stats.frames_decoded += 1
            self.stats.frame_latency_ms.append((decided_at - frame.captured_at) * 1000)
            accepted = set(self._acceptance.offer([d.text for d in found], frame.captured_at))
            for d in found:
                if d.text in accepted:
                    accepted.discard(d.text)
                    self._deliver(CameraScan(result_of(d), frame.captured_at, decided_at))

    def _deliver(self, scan: CameraScan) -> None:
        try:
            self._on_scan(scan)
        except Exception:
            log.exception("scan callback failed")
