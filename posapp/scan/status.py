"""What the camera is doing, as a status the UI translates, with an English message for logs."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CameraStatus(StrEnum):
    STARTING = "starting"
    READY = "ready"  # frames are arriving
    NOT_FOUND = "not_found"  # no such device (not plugged in, wrong number in settings)
    BUSY = "busy"  # the device exists but cannot be opened (another program, permissions)
    LOST = "lost"  # it was working and stopped sending frames (unplugged mid-shift)
    ENDED = "ended"  # a synthetic camera that does not loop reached its end
    STOPPED = "stopped"


# English text with named placeholders; the UI looks up its own translation by status.
MESSAGES: dict[CameraStatus, str] = {
    CameraStatus.STARTING: "Starting camera {device}…",
    CameraStatus.READY: "Camera {device} is ready.",
    CameraStatus.NOT_FOUND: (
        "No camera found at {device}. Check the cable, or choose another camera in Settings."
    ),
    CameraStatus.BUSY: (
        "Camera {device} cannot be opened: another program may be using it. "
        "Close that program; the till keeps trying."
    ),
    CameraStatus.LOST: "Camera {device} stopped sending pictures (unplugged?). Reconnecting…",
    CameraStatus.ENDED: "The sample video {device} has ended.",
    CameraStatus.STOPPED: "Camera {device} is off.",
}


@dataclass(frozen=True)
class CameraEvent:
    """A change in the camera's state. retry_in_s: when the next attempt is, if one is due."""

    status: CameraStatus
    device: str
    retry_in_s: float | None = None
    detail: str = ""  # technical detail for the log, never shown as is

    @property
    def message(self) -> str:
        text = MESSAGES[self.status].format(device=self.device)
        if self.retry_in_s is not None:
            text += f" Next try in {self.retry_in_s:.0f} s."
        return text

    @property
    def is_problem(self) -> bool:
        return self.status in (CameraStatus.NOT_FOUND, CameraStatus.BUSY, CameraStatus.LOST)


class SourceError(Exception):
    """A frame source cannot deliver: why, as a status, plus a technical detail."""

    def __init__(self, status: CameraStatus, detail: str = "") -> None:
        super().__init__(f"{status}: {detail}" if detail else str(status))
        self.status = status
        self.detail = detail
