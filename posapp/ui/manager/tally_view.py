"""The daily tally: write-offs by kind, rule, cashier, channel or hour; table, chart, CSV.

Reloaded when it is opened and, while on screen, whenever the till says its ledger changed.
The table, the chart, the totals line and the CSV export all show the one `Tally` of the last
load; "written off" is its figure (confirmed, pending and conflicted), the reversed shown apart.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.sync.changes import Change
from posapp.ui import texts
from posapp.ui.background import BackgroundOp
from posapp.ui.day_picker import DayPicker
from posapp.ui.i18n import fmt
from posapp.ui.manager.chart import Bar, BarChart
from posapp.ui.reload import Reloader
from posapp.ui.session import Session
from posapp.ui.tally_models import GROUPINGS, STATES, TallyData, tally_data

RELOAD_ON = Change.LEDGER | Change.CACHE


class TallyView(QWidget):
    loaded = Signal()
    exported = Signal(str)  # the file written

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tallyView")
        self.session = session
        self.data = TallyData()
        self.title = QLabel()
        self.title.setProperty("role", "sectionTitle")
        self.day = DayPicker()
        self.day.picked.connect(self.refresh)
        self.group_label = QLabel()
        self.group = QComboBox()
        self.group.setObjectName("tallyGroup")
        self.group.currentIndexChanged.connect(self._show)
        self.measure = QComboBox()
        self.measure.setObjectName("tallyMeasure")
        self.measure.currentIndexChanged.connect(self._show)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.ask_export)
        self.export_button.setEnabled(False)  # until there is a tally on screen to export
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("tallyTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.chart = BarChart()
        self.totals = QLabel()
        self.totals.setObjectName("tallyTotals")
        self.message = QLabel()
        self.message.setProperty("role", "hint")
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.day)
        head.addWidget(self.group_label)
        head.addWidget(self.group)
        head.addWidget(self.measure)
        head.addWidget(self.refresh_button)
        head.addWidget(self.export_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setSizes([300, 300])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 8)
        lay.addLayout(head)
        lay.addWidget(self.totals)
        lay.addWidget(split, 1)
        lay.addWidget(self.message)
        self.reload = Reloader(self, self._load, self._loaded, self._failed)
        session.changed.connect(self._till_changed)
        self.retranslate()

    def activate(self) -> None:
        self.refresh()

    def business_day(self) -> date:
        return self.day.shown()

    def set_day(self, day: date) -> None:
        self.day.choose(day)

    def refresh(self) -> None:
        self.reload.request()

    def _till_changed(self, change: Change) -> None:
        if change & RELOAD_ON and self.isVisible():
            self.reload.request()

    def _load(self) -> Callable[[], TallyData] | None:
        service, day = self.session.service, self.day.chosen()
        if service is None:
            return None
        return lambda: tally_data(service.day_book(day))

    def _loaded(self, data: TallyData) -> None:
        if data.day is not None:
            self.day.show_day(data.day)
        self.data = data
        self.export_button.setEnabled(True)
        self.message.clear()
        self._show()
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(str(error))
        self.loaded.emit()

    def grouping(self) -> str:
        return str(self.group.currentData() or "kind")

    def _show(self, _index: int = -1) -> None:
        key = self.grouping()
        groups = self.data.groups.get(key, [])
        by_money = self.measure.currentIndex() == 1
        self.table.setRowCount(len(groups))
        bars = []
        for i, g in enumerate(groups):
            label = self._label(key, g.label)
            done = g.written_off
            values = [label]
            values += [str(g.cell(state).count) for state in STATES]
            values += [
                str(done.count),
                texts.money(done.discount_cents),
                texts.money(done.value_cents),
            ]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(i, c, item)
            standing = g.line.standing()
            bars.append(
                Bar(
                    label,
                    {
                        state: cell.discount_cents if by_money else cell.count
                        for state, cell in standing.items()
                    },
                )
            )
        self.chart.set_data(
            bars,
            {state: texts.state_name(state) for state in STATES if state != "reversed"},
            texts.money if by_money else str,
        )
        t = self.data.total
        self.totals.setText(
            fmt(
                self.tr(
                    "{n} write-off(s) · {discount} discount · {confirmed} confirmed, "
                    "{pending} waiting to send, {conflicted} in conflict, {reversed} reversed"
                ),
                n=t.written_off.count if t else 0,
                discount=texts.money(t.written_off.discount_cents if t else 0),
                confirmed=t.cell("confirmed").count if t else 0,
                pending=t.cell("pending").count if t else 0,
                conflicted=t.cell("conflicted").count if t else 0,
                reversed=t.cell("reversed").count if t else 0,
            )
        )

    def _label(self, key: str, value: str) -> str:
        if key == "kind":
            return texts.kind_name(value)
        if key == "channel":
            return texts.channel_name(value)
        return value or "—"

    # --- export ---------------------------------------------------------------------------
    def ask_export(self) -> None:
        tally = self.data.tally
        if tally is None:
            return
        day = tally.day
        suggested = str(Path.home() / f"tally-{day.isoformat()}.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the tally"), suggested, "CSV (*.csv)"
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        """Write the tally on screen (not a fresh one) to path, in the background."""
        tally = self.data.tally
        if tally is None:
            return

        def op() -> str:
            from posapp.sync.tally import tally_to_csv  # with the till service: SQLAlchemy

            Path(path).write_text(tally_to_csv(tally), encoding="utf-8-sig", newline="")
            return path

        self.export_button.setEnabled(False)
        BackgroundOp(self, op, self._exported).failure(self._export_failed).finally_(
            self._export_settled
        ).run_in_background()

    def _export_settled(self) -> None:
        self.export_button.setEnabled(True)

    def _exported(self, path: str) -> None:
        self.message.setText(fmt(self.tr("Exported to {path}"), path=path))
        self.session.notice.emit(self.message.text())
        self.exported.emit(path)

    def _export_failed(self, error: BaseException) -> None:
        self.message.setText(fmt(self.tr("Export failed: {error}"), error=str(error)))

    # --- text -----------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Daily tally"))
        self.group_label.setText(self.tr("by"))
        names = {
            "kind": self.tr("Kind"),
            "rule": self.tr("Coupon"),
            "cashier": self.tr("Cashier"),
            "channel": self.tr("Channel"),
            "hour": self.tr("Hour"),
        }
        current = self.group.currentIndex()
        self.group.blockSignals(True)
        self.group.clear()
        for key in GROUPINGS:
            self.group.addItem(names[key], key)
        self.group.setCurrentIndex(max(0, current))
        self.group.blockSignals(False)
        m = self.measure.currentIndex()
        self.measure.blockSignals(True)
        self.measure.clear()
        self.measure.addItems([self.tr("Count"), self.tr("Discount ¥")])
        self.measure.setCurrentIndex(max(0, m))
        self.measure.blockSignals(False)
        self.export_button.setText(self.tr("Export CSV…"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Group"),
                self.tr("Confirmed"),
                self.tr("Waiting"),
                self.tr("Conflict"),
                self.tr("Reversed"),
                self.tr("Written off"),
                self.tr("Discount"),
                self.tr("Coupon value"),
            ]
        )
        self.chart.empty_text = self.tr("No write-offs on this day yet.")
        self._show()
