"""Every main screen, in zh_CN and en, on a 1366×768 and a 1024×768 till: the window fits with
its status bar in view, no text is cut off where there is room for it, and a Chinese screen holds
no English (names from data aside). Runs the real demo world and the screenshot driver."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QTableWidget, QTableWidgetItem

from posapp.ui import screen_check
from posapp.ui.screenshots import SIZES, Shooter


@pytest.mark.parametrize("size", ["1366x768", "1024x768"])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_screen_fits_and_reads_in_its_language(qtbot, world, tmp_path, lang, size):
    shooter = Shooter(world, tmp_path, lang, SIZES[size], check=True)
    try:
        shots = shooter.run()
    finally:
        shooter.close()
    names = {p.name for p in shots}
    # every main screen was drawn, the manager's included
    for screen in ("01-login", "03-verdict-gift", "06-discount-quote", "08-order", "13-settings"):
        assert any(screen in n for n in names), (screen, sorted(names))
    assert all(p.stat().st_size > 10_000 for p in shots)
    assert shooter.problems == {}


def test_the_checks_see_a_cut_label_a_cramped_window_and_english(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.statusBar().showMessage("…")
    label = QLabel("Write off the coupon now", window)
    label.setFixedWidth(40)
    button = QPushButton("核销", window)
    button.move(0, 40)
    table = QTableWidget(1, 2, window)
    table.setGeometry(0, 80, 860, 200)  # room for both, in any style the app has set
    table.setItem(0, 0, QTableWidgetItem("2A84-EVNZ-K7QX-LONG-CODE"))
    table.setItem(0, 1, QTableWidgetItem("Free tote bag"))
    table.setColumnWidth(0, 60)
    window.setMinimumSize(900, 700)
    window.show()
    qtbot.waitExposed(window)

    assert any("900×700" in p for p in screen_check.window_problems(window, 800, 600))
    clipped = screen_check.clipped_texts(window)
    assert any("Write off the coupon now" in p for p in clipped)
    assert any("2A84-EVNZ" in p for p in clipped)  # the table had room for the whole code
    english = screen_check.english_left(window, data_names=["Free tote bag"])
    assert any("Write off" in p for p in english)
    assert not any("tote" in p or "EVNZ" in p for p in english)  # data and codes are not UI


def test_a_live_switch_to_chinese_leaves_no_english(qtbot, world, tmp_path) -> None:
    """Opened in English, switched to Chinese in Settings while running: every screen, the
    words set earlier (a reversal's outcome, the demo codes, the camera box) included."""
    from posapp.ui import i18n

    shooter = Shooter(world, tmp_path, "en", SIZES["1366x768"])
    try:
        shooter.run()
        win = shooter.window
        # a reversal's outcome is on the Reverse screen when the language changes
        rev = win.reverse
        win.show_page("reverse")
        shooter.settle()
        rev.table.selectRow(0)
        rev.reverse_selected()
        with qtbot.waitSignal(rev.reversed, timeout=15_000):
            rev.confirm_reversal()
        assert rev.result.text()
        i18n.install("zh_CN")
        shooter.lang = "zh_CN"
        shooter.check = True
        for page in ("reverse", "history", "tally", "conflicts", "settings", "redeem"):
            assert win.show_page(page)
            shooter.shoot(f"live-{page}")
        assert shooter.problems == {}
    finally:
        i18n.install("en")
        shooter.close()
