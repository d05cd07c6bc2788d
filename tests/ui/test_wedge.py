"""The app-wide keyboard-wedge filter with real Qt key events, at scanner and human speed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from posapp.scan.wedge import WedgeConfig
from posapp.ui.wedge import WedgeFilter, install_wedge

CODE = "Q7KX3MPA9TWZ"

# Scanner and human speeds, in milliseconds between keys. On a loaded machine the waits can
# only get longer, so the scanner delay is kept well under the wedge's 50 ms limit.
SCANNER_MS = 8
HUMAN_MS = (100, 180, 300)


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.field = QLineEdit()
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.button = QPushButton("OK")
        self.returns = 0
        self.field.returnPressed.connect(self._on_return)
        layout = QVBoxLayout(self)
        for w in (self.field, self.pin, self.button):
            layout.addWidget(w)

    def _on_return(self) -> None:
        self.returns += 1


@pytest.fixture
def form(qtbot) -> Form:
    f = Form()
    qtbot.addWidget(f)
    f.show()
    qtbot.waitExposed(f)
    f.activateWindow()
    f.field.setFocus()
    qtbot.waitUntil(f.field.hasFocus)
    return f


@pytest.fixture
def wedge(qtbot) -> Iterator[WedgeFilter]:
    w = install_wedge(QApplication.instance(), WedgeConfig())
    yield w
    w.uninstall()
    w.deleteLater()


def type_text(widget: QWidget | QWindow, text: str, delay_ms: int, enter: bool = True) -> None:
    """Click each key after waiting delay_ms (the wait runs the event loop, as in the app).

    The wait is explicit because QTest's own delay argument is ignored by the QWindow
    overloads in PySide6.
    """
    keys: list[str | Qt.Key] = [*text, *([Qt.Key.Key_Return] if enter else [])]
    for key in keys:
        QTest.qWait(delay_ms)
        QTest.keyClick(widget, key, Qt.KeyboardModifier.NoModifier)


def settle(qtbot) -> None:
    qtbot.wait(120)  # longer than the hold time: every held key is settled


def test_scanner_burst_into_a_text_field_is_a_scan_and_types_nothing(qtbot, form, wedge) -> None:
    with qtbot.waitSignal(wedge.scanned, timeout=2000) as sig:
        type_text(form.field, CODE, SCANNER_MS)
    assert sig.args == [CODE]
    settle(qtbot)
    assert form.field.text() == ""
    assert form.returns == 0  # the scanner's Enter did not press anything


@pytest.mark.parametrize("delay_ms", [SCANNER_MS, 120])
def test_events_through_the_window_are_judged_once(qtbot, form, wedge, delay_ms: int) -> None:
    # Real keyboards deliver to the QWindow, which forwards to the focus widget, so the
    # application filter sees each event twice; the second sighting must not count.
    seen: list[str] = []
    wedge.scanned.connect(seen.append)
    type_text(form.windowHandle(), CODE[:8], delay_ms)
    settle(qtbot)
    if delay_ms == SCANNER_MS:
        assert seen == [CODE[:8]]
        assert form.field.text() == ""
    else:
        assert seen == []
        assert form.field.text() == CODE[:8]
        assert form.returns == 1


def test_scan_is_recognised_when_focus_is_not_a_text_field(qtbot, form, wedge) -> None:
    form.button.setFocus()
    qtbot.waitUntil(form.button.hasFocus)
    with qtbot.waitSignal(wedge.scanned, timeout=2000) as sig:
        type_text(form.button, "ORDER:A-1042", SCANNER_MS)
    assert sig.args == ["ORDER:A-1042"]


@pytest.mark.parametrize("delay_ms", HUMAN_MS)
def test_a_person_typing_is_never_a_scan(qtbot, form, wedge, delay_ms: int) -> None:
    seen: list[str] = []
    wedge.scanned.connect(seen.append)
    text = CODE[:8] if delay_ms < 300 else CODE[:6]  # longer than min_length, kept short
    type_text(form.field, text, delay_ms)
    settle(qtbot)
    assert seen == []
    assert form.field.text() == text  # every key arrived, in order
    assert form.returns == 1


def test_a_short_fast_burst_is_given_back_in_order(qtbot, form, wedge) -> None:
    # Key rollover: a person can hit a few keys very fast, then Enter.
    seen: list[str] = []
    wedge.scanned.connect(seen.append)
    type_text(form.field, "abc", SCANNER_MS)
    settle(qtbot)
    assert seen == []
    assert form.field.text() == "abc"
    assert form.returns == 1  # Enter reached the field after the three letters


def test_typing_then_a_scan_keeps_the_typing_and_fires_the_scan(qtbot, form, wedge) -> None:
    type_text(form.field, "note ", 150, enter=False)
    qtbot.wait(150)  # a person's pause before the scanner fires
    with qtbot.waitSignal(wedge.scanned, timeout=2000) as sig:
        type_text(form.field, CODE, SCANNER_MS)
    settle(qtbot)
    assert sig.args == [CODE]
    assert form.field.text() == "note "


def test_prefix_and_suffix_are_stripped(qtbot, form) -> None:
    w = install_wedge(QApplication.instance(), WedgeConfig(prefix="]Q1", suffix="#"))
    try:
        with qtbot.waitSignal(w.scanned, timeout=2000) as sig:
            type_text(form.field, f"]Q1{CODE}#", SCANNER_MS)
        assert sig.args == [CODE]
    finally:
        w.uninstall()
        w.deleteLater()


def test_scanner_without_enter_is_recognised_by_the_silence_after_it(qtbot, form, wedge) -> None:
    with qtbot.waitSignal(wedge.scanned, timeout=2000) as sig:
        type_text(form.field, CODE, SCANNER_MS, enter=False)
    assert sig.args == [CODE]
    settle(qtbot)
    assert form.field.text() == ""


def test_password_fields_are_left_alone(qtbot, form, wedge) -> None:
    form.pin.setFocus()
    qtbot.waitUntil(form.pin.hasFocus)
    seen: list[str] = []
    wedge.scanned.connect(seen.append)
    type_text(form.pin, "123456", SCANNER_MS)
    settle(qtbot)
    assert seen == []
    assert form.pin.text() == "123456"


def test_shortcuts_pass_straight_through(qtbot, form, wedge) -> None:
    form.field.setText("hello")
    QTest.keyClick(form.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(form.field, Qt.Key.Key_Backspace)
    assert form.field.text() == ""  # select-all then delete, delivered at once


def test_uninstall_stops_recognising(qtbot, form) -> None:
    w = install_wedge(QApplication.instance())
    w.uninstall()
    seen: list[str] = []
    w.scanned.connect(seen.append)
    type_text(form.field, CODE, SCANNER_MS)
    settle(qtbot)
    assert seen == []
    assert form.field.text() == CODE
    w.deleteLater()
