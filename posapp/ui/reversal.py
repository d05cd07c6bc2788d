"""Reverse a write-off: a cancelled order gives the coupon back, a completed one keeps it used.

The rule (seeds): before completion the coupon is returned if still valid; after completion, or on a
goods return, it is not — the returned lines' share of the discount is kept. The service decides;
this screen only asks and shows the answer. The list is today's write-offs, reloaded when the
screen is opened and, while on screen, whenever the till says its ledger changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.codes import format_code, normalise_code
from posapp.sync.changes import Change
from posapp.sync.results import ReverseResult
from posapp.ui import texts
from posapp.ui.background import BackgroundOp
from posapp.ui.i18n import fmt
from posapp.ui.reload import Reloader
from posapp.ui.session import Session
from posapp.ui.tables import fit_columns
from posapp.ui.tally_models import TallyRow, day_rows
from posapp.ui.view_models import verdict_message

if TYPE_CHECKING:
    from posapp.sync.day_book import DayBook

RELOAD_ON = Change.LEDGER | Change.CACHE

TIME, CODE, COUPON, DISCOUNT, ORDER, STATE = range(6)


class ReversalView(QWidget):
    loaded = Signal()
    reversed = Signal(object)  # the ReverseResult

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reversalView")
        self.session = session
        self.rows: list[TallyRow] = []
        self.title = QLabel()
        self.title.setProperty("role", "sectionTitle")
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setProperty("role", "hint")
        self.search = QLineEdit()
        self.search.setObjectName("reverseFind")
        self.search.textChanged.connect(self._filter)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("reverseTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        fit_columns(self.table, stretch=2)  # the coupon's name takes the spare width
        self.cancelled = QRadioButton()
        self.cancelled.setChecked(True)
        self.returned = QRadioButton()
        self.reason = QButtonGroup(self)
        self.reason.addButton(self.cancelled)
        self.reason.addButton(self.returned)
        self.completed = QCheckBox()
        self.skus_label = QLabel()
        self.skus = QLineEdit()
        self.returned.toggled.connect(self._reason_changed)
        self.button = QPushButton()
        self.button.setObjectName("reverseButton")
        self.button.clicked.connect(self.reverse_selected)
        self.result = QLabel()
        self.result.setObjectName("reverseResult")
        self.result.setWordWrap(True)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.cancelled)
        reason_row.addWidget(self.returned)
        reason_row.addWidget(self.completed)
        reason_row.addStretch(1)
        sku_row = QHBoxLayout()
        sku_row.addWidget(self.skus_label)
        sku_row.addWidget(self.skus, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 8)
        lay.addWidget(self.title)
        lay.addWidget(self.explain)
        lay.addWidget(self.search)
        lay.addWidget(self.table, 1)
        lay.addLayout(reason_row)
        lay.addLayout(sku_row)
        lay.addWidget(self.button)
        lay.addWidget(self.result)
        self._reason_changed(False)
        self.reload = Reloader(self, self._load, self._loaded, self._load_failed)
        session.changed.connect(self._till_changed)
        self.retranslate()

    def activate(self) -> None:
        self.refresh()
        self.search.setFocus()

    def refresh(self) -> None:
        self.reload.request()

    def _till_changed(self, change: Change) -> None:
        if change & RELOAD_ON and self.isVisible():
            self.reload.request()

    def _load(self) -> Callable[[], DayBook] | None:
        service = self.session.service
        return service.day_book if service is not None else None

    def _load_failed(self, error: BaseException) -> None:
        self.result.setText(str(error))

    def _loaded(self, book: DayBook) -> None:
        self.rows = [r for r in day_rows(book) if r.state in ("confirmed", "pending")]
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            values = (
                texts.clock(r.at),
                format_code(r.code),
                r.rule_name,
                texts.taken_off(r.kind, r.discount_cents, r.value_cents),
                r.order_no,
                texts.state_name(r.state),
            )
            for c, text in enumerate(values):
                self.table.setItem(i, c, QTableWidgetItem(text))
        self._filter(self.search.text())
        self.loaded.emit()

    def _filter(self, text: str) -> None:
        needle = normalise_code(text)
        first = -1
        for i, r in enumerate(self.rows):
            hit = not needle or needle in r.code or needle in normalise_code(r.order_no)
            self.table.setRowHidden(i, not hit)
            if hit and first < 0:
                first = i
        if needle and first >= 0:
            self.table.selectRow(first)

    def select_code(self, code: str) -> bool:
        for i, r in enumerate(self.rows):
            if r.code == normalise_code(code):
                self.table.selectRow(i)
                return True
        return False

    def selected(self) -> TallyRow | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        return self.rows[rows.pop()]

    def _reason_changed(self, returned: bool) -> None:
        self.skus.setEnabled(returned)
        self.skus_label.setEnabled(returned)
        if returned:
            self.completed.setChecked(True)

    def reverse_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.result.setText(self.tr("Pick the write-off to reverse first."))
            return
        returned = self.returned.isChecked()
        completed = self.completed.isChecked() or returned
        skus = (
            tuple(s.strip() for s in self.skus.text().split(",") if s.strip()) if returned else ()
        )
        service = self.session.service
        if service is None:
            return
        self.button.setEnabled(False)
        self.result.setText(self.tr("Asking head office…"))
        BackgroundOp(
            self,
            lambda: service.reverse(row.id, order_completed=completed, returned_skus=skus),
            self._done,
        ).failure(self._failed).finally_(self._settled).on_network().run_in_background()

    def _settled(self) -> None:
        self.button.setEnabled(True)

    def _done(self, result: ReverseResult) -> None:
        status, refund = result.status, result.refund_cents
        if status == "reversed":
            text = self.tr("Reversed: the coupon is given back to the customer.")
        elif status == "kept":
            text = fmt(
                self.tr(
                    "The coupon stays used (the order was completed). "
                    "Discount kept on returned items: {amount}."
                ),
                amount=texts.money(refund),
            )
        elif status == "queued":
            text = self.tr("Reversal recorded; it will be sent when the till is back online.")
        else:
            text = verdict_message(result.verdict) or result.note or status
        self.result.setText(text)
        self.reversed.emit(result)  # the list reloads when the till says its ledger changed

    def _failed(self, error: BaseException) -> None:
        self.result.setText(fmt(self.tr("Not reversed: {error}"), error=str(error)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Reverse a write-off"))
        self.explain.setText(
            self.tr(
                "Order cancelled before it was completed: the coupon is given back if it is still "
                "valid. Order completed, or goods returned: the coupon stays used and the returned "
                "items keep their share of the discount."
            )
        )
        self.search.setPlaceholderText(self.tr("Find by coupon code or order number"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Code"),
                self.tr("Coupon"),
                self.tr("Discount"),
                self.tr("Order"),
                self.tr("State"),
            ]
        )
        self.cancelled.setText(self.tr("Order cancelled"))
        self.returned.setText(self.tr("Goods returned"))
        self.completed.setText(self.tr("Order was already completed"))
        self.skus_label.setText(self.tr("Returned SKUs (comma separated)"))
        self.button.setText(self.tr("Reverse the write-off"))
