"""What a reviewer looks for on a screenshot, checked by code: a window that fits the screen with
its status bar in view, no text cut off where there is room for it, and, on a Chinese screen, no
English left untranslated (names that come from data aside).

Used by `python -m posapp.ui.screenshots --check` and by the screenshot test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTabBar,
    QWidget,
)

# Words that stay as they are in the Chinese texts: abbreviations, key names, the currency sign.
KEPT_IN_CHINESE = {
    "PIN",
    "QR",
    "CSV",
    "SKU",
    "ID",
    "UTC",
    "USB",
    "Enter",
    "Esc",
    "Tab",
    "Ctrl",
    "Shift",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z']+")
_KEY = re.compile(r"\bF\d{1,2}\b")
# Coupon codes and order numbers are data, whatever letters they hold.
_CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4})+\b|\bORD-[0-9A-Z-]+")


def _shown(w: QWidget, root: QWidget) -> bool:
    return w.isVisibleTo(root) and w.width() > 0 and w.height() > 0


def _on_screen(w: QWidget, root: QWidget) -> bool:
    """Visible, and inside the window (not scrolled out of a viewport)."""
    if not _shown(w, root):
        return False
    top_left = w.mapTo(root, w.rect().topLeft())
    return root.rect().intersects(QRect(top_left, w.size()))


def _name(w: QWidget) -> str:
    return f"{type(w).__name__}#{w.objectName() or '?'}"


def window_problems(window: QMainWindow, width: int, height: int) -> list[str]:
    """The window must fit `width`×`height` with its status bar fully in view."""
    problems = []
    hint = window.minimumSizeHint().expandedTo(window.minimumSize()).expandedTo(window.size())
    if hint.width() > width or hint.height() > height:
        problems.append(
            f"needs at least {hint.width()}×{hint.height()}, the screen gives {width}×{height}"
        )
    bar = window.statusBar()
    if not bar.isVisible():
        problems.append("the status bar is hidden")
    else:
        bottom = bar.mapTo(window, bar.rect().bottomLeft()).y()
        if bottom >= height:
            problems.append(f"the status bar ends at y={bottom}, below the screen ({height})")
    return problems


def _one_line_text(w: QWidget) -> bool:
    """A label or button whose text cannot wrap: cut off when narrower than its text."""
    if isinstance(w, QLabel):
        return bool(w.text()) and not w.wordWrap() and w.pixmap().isNull()
    return isinstance(w, QAbstractButton) and bool(w.text())


def clipped_texts(root: QWidget) -> list[str]:
    """Labels and buttons narrower than their text, and table cells elided where the columns'
    contents would fit the table's width."""
    problems = []
    for w in root.findChildren(QWidget):
        if not _on_screen(w, root):
            continue
        if isinstance(w, (QLabel, QAbstractButton)) and _one_line_text(w):
            need = w.sizeHint().width()
            if w.width() + 1 < need:
                problems.append(f"{_name(w)} {w.text()[:40]!r}: {w.width()} px of {need}")
        elif isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView):
            problems.extend(_elided_cells(w))
        elif isinstance(w, QTabBar) and w.count():
            need = sum(w.tabSizeHint(i).width() for i in range(w.count()))
            if w.width() + 1 < need:
                problems.append(f"{_name(w)}: tabs need {need} px, have {w.width()}")
    return problems


def _elided_cells(view: QAbstractItemView) -> list[str]:
    model = view.model()
    header = getattr(view, "horizontalHeader", lambda: None)()
    if model is None or not isinstance(header, QHeaderView):
        return []
    fm = view.fontMetrics()
    # the item delegate's text margin: the focus frame's plus one pixel, on each side
    pad = 2 * (view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) + 1)
    columns = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
    # a column is never narrower than its heading
    widest = {c: header.sectionSizeFromContents(c).width() for c in columns}
    cut: list[tuple[int, int, str]] = []
    for r in range(min(model.rowCount(), 200)):
        for c in columns:
            text = str(model.index(r, c, QModelIndex()).data() or "")
            if not text:
                continue
            first = text.splitlines()[0]
            need = fm.horizontalAdvance(first) + pad
            widest[c] = max(widest[c], need)
            if need > header.sectionSize(c):
                cut.append((r, c, first))
    room = view.viewport().width()
    if not cut or sum(widest.values()) > room:
        return []  # the contents cannot all fit: eliding is the right answer
    return [
        f"{_name(view)} row {r} column {c} {t[:40]!r}: {header.sectionSize(c)} px of "
        f"{widest[c]} (the table has {room} px)"
        for r, c, t in cut[:5]
    ]


def visible_texts(root: QWidget) -> Iterable[tuple[str, str]]:
    """(widget, text) for every text a person can read on the window right now."""
    for w in root.findChildren(QWidget):
        if not _on_screen(w, root):
            continue
        if isinstance(w, (QLabel, QAbstractButton)):
            yield _name(w), w.text()
        elif isinstance(w, QLineEdit):
            yield _name(w), w.placeholderText() if not w.text() else ""
        elif isinstance(w, QGroupBox):
            yield _name(w), w.title()
        elif isinstance(w, QComboBox):
            yield _name(w), w.currentText()
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                yield _name(w), w.tabText(i)
        elif (
            isinstance(w, QAbstractItemView)
            and not isinstance(w, QHeaderView)
            and w.model() is not None
        ):
            m = w.model()
            for c in range(m.columnCount()):
                yield _name(w), str(m.headerData(c, Qt.Orientation.Horizontal) or "")
            for r in range(min(m.rowCount(), 50)):
                for c in range(m.columnCount()):
                    yield _name(w), str(m.index(r, c, QModelIndex()).data() or "")


def english_left(root: QWidget, data_names: Iterable[str]) -> list[str]:
    """Texts on a Chinese screen that still hold English words, after removing names that
    come from data (stores, rules, people, products) and the abbreviations kept as they are."""
    names = sorted({n for n in data_names if n}, key=len, reverse=True)
    problems = []
    for where, text in visible_texts(root):
        rest = _CODE.sub(" ", _KEY.sub(" ", text))  # before names: "S7" is in a code too
        for n in names:
            rest = rest.replace(n, " ")
        words = [w for w in _WORD.findall(rest) if w not in KEPT_IN_CHINESE]
        if words:
            problems.append(f"{where}: {text[:60]!r} ({', '.join(words[:4])})")
    return problems
