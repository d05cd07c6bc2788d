"""The background-op helper: work off the GUI thread, results back on it, dead widgets skipped."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from posapp.ui.background import BackgroundOp, BackgroundRunner


@pytest.fixture
def runner(qtbot):
    r = BackgroundRunner.instance()
    yield r
    r.shutdown()
    r.deleteLater()  # the autouse check in conftest.py makes sure it is gone


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(qtbot, runner):
    gui = threading.get_ident()
    seen = {}
    widget = QWidget()
    qtbot.addWidget(widget)

    def op():
        seen["op_thread"] = threading.get_ident()
        return 42

    def success(value):
        seen["value"] = value
        seen["success_thread"] = threading.get_ident()

    BackgroundOp(widget, op, success).run_in_background(runner)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["op_thread"] != gui
    assert seen["success_thread"] == gui


def test_a_failure_goes_to_the_failure_callback(qtbot, runner):
    errors = []
    widget = QWidget()
    qtbot.addWidget(widget)

    def op():
        raise ValueError("boom")

    BackgroundOp(widget, op, lambda _v: errors.append("success?!")).failure(
        errors.append
    ).run_in_background(runner)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)


def test_an_unhandled_failure_is_reported_not_raised(qtbot, runner):
    with qtbot.waitSignal(runner.failed) as blocker:
        BackgroundOp(None, lambda: 1 / 0, lambda _v: None).run_in_background(runner)
    assert "division" in blocker.args[0]


def test_the_result_for_a_deleted_widget_is_dropped(qtbot, runner):
    release = threading.Event()
    called = []
    widget = QWidget()
    BackgroundOp(widget, release.wait, called.append).run_in_background(runner)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not _alive(widget))
    release.set()
    assert runner.wait_idle(5)
    assert called == []


def test_a_hanging_network_call_does_not_hold_up_local_work(qtbot, runner):
    hang = threading.Event()
    done = []
    BackgroundOp(None, hang.wait, lambda _v: done.append("net")).on_network().run_in_background(
        runner
    )
    BackgroundOp(None, lambda: "local", done.append).run_in_background(runner)
    qtbot.waitUntil(lambda: done == ["local"])
    hang.set()
    qtbot.waitUntil(lambda: done == ["local", "net"])


def _alive(obj) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)
