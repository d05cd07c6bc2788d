"""This till's write-offs of the business day (a partner merchant sees only its own).

Reloaded when it is opened and, while on screen, whenever the till says its ledger changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.codes import format_code
from posapp.sync.changes import Change
from posapp.ui import texts
from posapp.ui.day_picker import DayPicker
from posapp.ui.i18n import fmt
from posapp.ui.reload import Reloader
from posapp.ui.session import Session
from posapp.ui.tables import fit_columns
from posapp.ui.tally_models import TallyRow, day_rows

if TYPE_CHECKING:
    from posapp.sync.day_book import DayBook

RELOAD_ON = Change.LEDGER | Change.CACHE  # write-offs, and the names of rules and cashiers

TIME, CODE, RULE, KIND, CASHIER, CHANNEL, DISCOUNT, STATE = range(8)


class HistoryView(QWidget):
    loaded = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyView")
        self.session = session
        self.partner = False
        self.rows: list[TallyRow] = []
        self.title = QLabel()
        self.title.setProperty("role", "sectionTitle")
        self.day = DayPicker()
        self.day.picked.connect(self.refresh)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("historyTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        fit_columns(self.table, stretch=2)  # the coupon's name takes the spare width
        self.summary = QLabel()
        self.summary.setObjectName("historySummary")
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.day)
        head.addWidget(self.refresh_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 8)
        lay.addLayout(head)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.summary)
        self.reload = Reloader(self, self._load, self._loaded, self._failed)
        session.changed.connect(self._till_changed)
        self.retranslate()

    def set_partner(self, partner: bool) -> None:
        self.partner = partner
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
        if change & RELOAD_ON and self.isVisible():  # a hidden list is reloaded when opened
            self.reload.request()

    def _load(self) -> Callable[[], DayBook] | None:
        service, day = self.session.service, self.day.chosen()
        if service is None:
            return None
        return lambda: service.day_book(day)

    def _loaded(self, book: DayBook) -> None:
        self.day.show_day(book.day)
        self.rows = day_rows(book)
        if self.partner:
            # a partner merchant's till holds only its own write-offs; keep to its channel anyway
            self.rows = [r for r in self.rows if r.channel == "partner"]
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            values = (
                texts.clock(r.at),
                format_code(r.code),
                r.rule_name,
                texts.kind_name(r.kind),
                r.cashier,
                texts.channel_name(r.channel),
                texts.taken_off(r.kind, r.discount_cents, r.value_cents),
                texts.state_name(r.state),
            )
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c == DISCOUNT:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(i, c, item)
        self.summary.setText(
            fmt(
                self.tr("{n} write-off(s), {discount} in discounts"),
                n=len(self.rows),
                discount=texts.money(sum(r.discount_cents for r in self.rows)),
            )
        )
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(str(error))
        self.loaded.emit()

    def shift_day(self, days: int) -> None:
        self.set_day(self.business_day() + timedelta(days=days))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(
            self.tr("Our write-offs (this merchant only)")
            if self.partner
            else self.tr("Write-offs on this till")
        )
        self.refresh_button.setText(self.tr("Refresh"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Code"),
                self.tr("Coupon"),
                self.tr("Kind"),
                self.tr("Cashier"),
                self.tr("Channel"),
                self.tr("Discount"),
                self.tr("State"),
            ]
        )
