"""A stacked bar chart drawn with QPainter (QtCharts is not part of PySide6-Essentials).

The chart draws the figures it is given and adds up nothing but a bar's own segments: the
screen gives it the same figures its table shows (counts, or money in int cents).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

# state -> colour
SERIES_COLOURS = {
    "confirmed": QColor("#2e7d32"),
    "pending": QColor("#f9a825"),
    "conflicted": QColor("#c62828"),
    "reversed": QColor("#9e9e9e"),
}


@dataclass
class Bar:
    label: str
    values: dict[str, int] = field(default_factory=dict)  # series -> count, or cents

    @property
    def total(self) -> int:
        return sum(self.values.values())


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tallyChart")
        self.bars: list[Bar] = []
        self.series_names: dict[str, str] = {}  # series -> name; stacked in this order, axis up
        self.value_format: Callable[[int], str] = str
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(180)

    def sizeHint(self) -> QSize:
        return QSize(600, 260)

    def set_data(
        self, bars: list[Bar], series_names: dict[str, str], value_format: Callable[[int], str]
    ) -> None:
        self.bars = bars
        self.series_names = series_names
        self.value_format = value_format
        self.update()

    def value_text(self, bar: Bar) -> str:
        """What the chart writes above bar."""
        return self.value_format(bar.total)

    def _series(self) -> list[tuple[str, QColor]]:
        return [(k, SERIES_COLOURS.get(k, QColor("#607d8b"))) for k in self.series_names]

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(12, 12, -12, -12)
        p.fillRect(self.rect(), self.palette().base())
        font = QFont(self.font())
        p.setFont(font)
        fm = p.fontMetrics()
        if not self.bars or max((b.total for b in self.bars), default=0) <= 0:
            p.setPen(self.palette().placeholderText().color())
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        legend_h = fm.height() + 8
        label_h = fm.height() + 6
        value_h = fm.height() + 2
        plot = QRectF(
            r.left(),
            r.top() + legend_h + value_h,
            r.width(),
            r.height() - legend_h - label_h - value_h,
        )
        self._legend(p, QRectF(r.left(), r.top(), r.width(), legend_h))
        top = max(b.total for b in self.bars)
        n = len(self.bars)
        slot = plot.width() / n
        bar_w = min(80.0, slot * 0.7)
        axis_pen = QPen(self.palette().mid().color())
        p.setPen(axis_pen)
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        for i, bar in enumerate(self.bars):
            x = plot.left() + i * slot + (slot - bar_w) / 2
            y = plot.bottom()
            for key, colour in self._series():
                v = bar.values.get(key, 0)
                if v <= 0:
                    continue
                h = plot.height() * v / top
                p.fillRect(QRectF(x, y - h, bar_w, h), colour)
                y -= h
            p.setPen(self.palette().text().color())
            p.drawText(
                QRectF(x - slot / 2 + bar_w / 2, y - value_h, slot, value_h),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                self.value_text(bar),
            )
            label = fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(slot) - 4)
            p.drawText(
                QRectF(plot.left() + i * slot, plot.bottom() + 4, slot, label_h),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                label,
            )
        p.end()

    def _legend(self, p: QPainter, area: QRectF) -> None:
        fm = p.fontMetrics()
        x = area.left()
        for key, colour in self._series():
            name = self.series_names[key]
            p.fillRect(QRectF(x, area.top() + 4, 14, 14), colour)
            p.setPen(self.palette().text().color())
            p.drawText(
                QRectF(x + 20, area.top(), fm.horizontalAdvance(name) + 8, area.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                name,
            )
            x += 20 + fm.horizontalAdvance(name) + 24
