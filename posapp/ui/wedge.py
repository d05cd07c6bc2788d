"""The keyboard-wedge scanner, app-wide: key events in, `scanned(str)` out.

A thin adapter around `posapp.scan.wedge.Wedge` (the timing logic, which has no Qt).
Installed as an event filter on the QApplication, it sees every key before any widget,
so a scan is recognised whatever has focus, or when nothing has.

Why keys are held, not passed and cleaned up afterwards: when the first key of a burst
arrives, nobody can know yet whether a person or a scanner typed it. Passing it on and
deleting it from the text field later cannot be done soundly (the widget may not be a
text field, Enter may already have pressed a default button). So a plain typing key is
held for at most `max_gap_s` (50 ms by default): if the next key comes sooner the burst
goes on; when the burst turns out to be a scan its keys are dropped; otherwise they are
given back, in order, to the object they were meant for (`sendEvent`, synchronously, so
a key that follows is never delivered before them). A person typing sees each key 50 ms
later than they would have, which is below what people notice; a person is never
mistaken for a scan, since one cannot keep six keys under 35 ms apart.

Not held, ever: keys with Ctrl/Alt/Meta (shortcuts), keys that type nothing (arrows, F
keys), auto-repeat, and typing into a password field (PIN entry stays untouched).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from posapp.scan.wedge import Step, Wedge, WedgeConfig

_SHORTCUT_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
# Pressing a modifier alone types nothing and decides nothing: scanners press Shift for
# every capital letter, so it must neither break a burst nor be held.
_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
    }
)
_TERMINATOR_KEYS = {Qt.Key.Key_Return: "\r", Qt.Key.Key_Enter: "\r", Qt.Key.Key_Tab: "\t"}


@dataclass
class _HeldKey:
    receiver: QObject
    event: QKeyEvent  # a clone: Qt deletes the original after dispatch


class WedgeFilter(QObject):
    """Recognise keyboard-wedge scans app-wide; emits `scanned(text)` on the GUI thread."""

    scanned = Signal(str)

    def __init__(
        self,
        config: WedgeConfig | None = None,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._wedge = Wedge(config)
        self._clock = clock
        self._held: list[_HeldKey] = []
        self._held_keys: set[int] = set()  # keys whose press is held, so their release is too
        self._eaten_keys: set[int] = set()  # keys of a scan, whose release must be eaten too
        self._replaying = False
        self._last_seen: tuple[object, ...] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_deadline)
        self._app: QCoreApplication | None = None

    @property
    def config(self) -> WedgeConfig:
        return self._wedge.config

    def install(self, app: QCoreApplication | None = None) -> None:
        """Start watching every key event of the application."""
        self._app = app or QApplication.instance()
        if self._app is not None:
            self._app.installEventFilter(self)

    def uninstall(self) -> None:
        """Stop watching, giving back any key still held."""
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None
        self._timer.stop()
        self._apply(self._wedge.interrupt())

    # -- the filter ------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        etype = event.type()
        if self._replaying or etype not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        assert isinstance(event, QKeyEvent)
        # A key event Qt propagates (window -> focus widget -> its parents) reaches an
        # application filter once per receiver; only its first sighting counts.
        seen = (
            shiboken6.getCppPointer(event)[0],
            etype,
            event.key(),
            event.text(),
            event.timestamp(),
            event.isAutoRepeat(),
        )
        if seen == self._last_seen:
            return False
        self._last_seen = seen
        if event.key() in _MODIFIER_KEYS:
            return False
        if etype == QEvent.Type.KeyRelease:
            return self._on_release(obj, event)
        return self._on_press(obj, event)

    def _on_press(self, obj: QObject, event: QKeyEvent) -> bool:
        char = self._typed_char(event)
        if char is None or self._in_password_field():
            self._apply(self._wedge.interrupt())
            return False
        step = self._wedge.key(char, self._clock())
        self._apply(step)
        if step.current == "hold":
            self._hold(obj, event)
            result = True
        elif step.current == "consume":
            self._eaten_keys.add(event.key())
            result = True
        else:
            result = False
        self._arm_timer()
        return result

    def _on_release(self, obj: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        if key in self._held_keys and self._held:
            self._held_keys.discard(key)
            self._held.append(_HeldKey(obj, event.clone()))
            return True
        if key in self._eaten_keys:
            self._eaten_keys.discard(key)
            return True
        return False

    @staticmethod
    def _typed_char(event: QKeyEvent) -> str | None:
        """The one character this key types, or None if it is not plain typing."""
        if event.isAutoRepeat() or event.modifiers() & _SHORTCUT_MODIFIERS:
            return None
        terminator = _TERMINATOR_KEYS.get(Qt.Key(event.key()))
        if terminator is not None:
            return terminator
        text = event.text()
        if len(text) != 1 or not text.isprintable():
            return None
        return text

    @staticmethod
    def _in_password_field() -> bool:
        focus = QApplication.focusWidget()
        return isinstance(focus, QLineEdit) and focus.echoMode() != QLineEdit.EchoMode.Normal

    # -- applying the logic's decisions ---------------------------------------------------

    def _hold(self, obj: QObject, event: QKeyEvent) -> None:
        self._held.append(_HeldKey(obj, event.clone()))
        self._held_keys.add(event.key())

    def _apply(self, step: Step) -> None:
        if step.held == "release":
            self._release_held()
        elif step.held == "scan":
            for held in self._held:
                if held.event.type() == QEvent.Type.KeyPress:
                    self._eaten_keys.add(held.event.key())
                else:
                    self._eaten_keys.discard(held.event.key())
            self._held.clear()
            self._held_keys.clear()
            if step.text:
                # Emitted from the event loop, not from inside this filter: a slot that
                # opens a dialog would otherwise run a nested loop inside key dispatch.
                text = step.text
                QTimer.singleShot(0, self, lambda: self._deliver(text))

    def _deliver(self, text: str) -> None:
        """A scan goes to the focused field if it takes scans (a product grid's SKU column:
        a widget up the focus chain with `take_scan(text) -> bool`), else to `scanned`."""
        widget = QApplication.focusWidget()
        while widget is not None:
            take = getattr(widget, "take_scan", None)
            if callable(take) and take(text):
                return
            widget = widget.parentWidget()
        self.scanned.emit(text)

    def _release_held(self) -> None:
        held, self._held = self._held, []
        self._held_keys.clear()
        self._replaying = True
        try:
            for key in held:
                if shiboken6.isValid(key.receiver):
                    QCoreApplication.sendEvent(key.receiver, key.event)
        finally:
            self._replaying = False

    def _arm_timer(self) -> None:
        deadline = self._wedge.deadline
        if deadline is None:
            self._timer.stop()
            return
        ms = max(0, round((deadline - self._clock()) * 1000) + 1)
        self._timer.start(ms)

    def _on_deadline(self) -> None:
        step = self._wedge.expire(self._clock())
        self._apply(step)
        self._arm_timer()


def install_wedge(
    app: QCoreApplication | None = None, config: WedgeConfig | None = None
) -> WedgeFilter:
    """Create the app-wide wedge filter (parented to the app) and install it."""
    target = app or QApplication.instance()
    wedge = WedgeFilter(config, parent=target)
    wedge.install(target)
    return wedge
