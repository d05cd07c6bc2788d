"""An order QR: list the order's vouchers and write off some or all of them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.basket import Basket
from posapp.domain.codes import format_code
from posapp.domain.money import parse_amount
from posapp.sync.results import OrderResult, RedeemResult
from posapp.ui import texts
from posapp.ui.background import BackgroundOp
from posapp.ui.confirm_guard import ConfirmGuard
from posapp.ui.i18n import fmt
from posapp.ui.session import Session
from posapp.ui.tables import fit_columns
from posapp.ui.view_models import Here, OrderVoucher, order_vouchers, redeem_outcome

PICK, CODE, WHAT, STATE = range(4)


class OrderView(QWidget):
    finished = Signal(str, bool)  # a summary, and whether anything was written off
    loaded = Signal()

    def __init__(
        self, session: Session, guard: ConfirmGuard | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("orderView")
        self.session = session
        self.guard = guard or ConfirmGuard()
        self.order_no = ""
        self.vouchers: list[OrderVoucher] = []
        self.title = QLabel()
        self.title.setObjectName("orderTitle")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("orderVouchers")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        fit_columns(self.table, stretch=WHAT)  # the verdict is never cut; a long name may be
        self.total_label = QLabel()
        self.total_label.setWordWrap(True)
        self.total = QLineEdit()
        self.total.setObjectName("orderTotal")
        self.total.setMinimumWidth(140)  # room for "12345.00" at the till's font size
        self.total.setPlaceholderText("0.00")
        self.all_button = QPushButton()
        self.all_button.clicked.connect(self.select_all)
        self.redeem_button = QPushButton()
        self.redeem_button.setObjectName("confirmButton")
        self.redeem_button.setAutoDefault(True)
        self.redeem_button.clicked.connect(self.redeem_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setProperty("role", "hint")
        row = QHBoxLayout()
        row.addWidget(self.total, 1)
        row.addWidget(self.all_button)
        row.addWidget(self.redeem_button, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        lay.addWidget(self.total_label)
        lay.addLayout(row)
        self.retranslate()

    def load(self, order_no: str, payload: str) -> None:
        self.order_no = order_no
        self.vouchers = []
        self.table.setRowCount(0)
        self.message.setText(self.tr("Looking up the order…"))
        self.retranslate()
        service = self.session.service
        if service is None:
            return
        BackgroundOp(self, lambda: service.order(order_no), self._loaded).failure(
            self._failed
        ).on_network().run_in_background()

    def _loaded(self, result: OrderResult) -> None:
        self.vouchers = order_vouchers(result, here=Here.of(self.session.status))
        self.table.setRowCount(len(self.vouchers))
        for r, v in enumerate(self.vouchers):
            pick = QTableWidgetItem()
            pick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            pick.setCheckState(Qt.CheckState.Checked if v.usable else Qt.CheckState.Unchecked)
            if not v.usable:
                pick.setFlags(Qt.ItemFlag.NoItemFlags)
            self.table.setItem(r, PICK, pick)
            self.table.setItem(r, CODE, QTableWidgetItem(format_code(v.code)))
            what = QTableWidgetItem(v.what)
            what.setToolTip(v.what)
            self.table.setItem(r, WHAT, what)
            state = v.state_text
            if not state and v.view is not None and v.view.bill_reason == "needs_bill":
                state = self.tr("Yes, with the order total")
            elif not state and v.usable:
                state = self.tr("✔ Yes")
            self.table.setItem(r, STATE, QTableWidgetItem(state))
        self.message.setText(self.tr("This order has no vouchers.") if not self.vouchers else "")
        self.redeem_button.setEnabled(any(v.usable for v in self.vouchers))
        self.guard.arm()
        self.loaded.emit()
        self.redeem_button.setFocus()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(str(error))
        self.redeem_button.setEnabled(False)
        self.loaded.emit()

    def select_all(self) -> None:
        for r, v in enumerate(self.vouchers):
            item = self.table.item(r, PICK)
            if v.usable and item is not None:
                item.setCheckState(Qt.CheckState.Checked)

    def selected(self) -> list[OrderVoucher]:
        out = []
        for r, v in enumerate(self.vouchers):
            item = self.table.item(r, PICK)
            if v.usable and item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(v)
        return out

    def set_checked(self, code: str, on: bool) -> None:
        for r, v in enumerate(self.vouchers):
            item = self.table.item(r, PICK)
            if v.code == code and item is not None:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def redeem_selected(self) -> None:
        if not self.guard.ready():
            return  # the order QR's own Enter, not the cashier's
        chosen = self.selected()
        if not chosen:
            self.message.setText(self.tr("Tick the vouchers to write off."))
            return
        basket = None
        if self.total.text().strip():
            try:
                basket = Basket.from_total(parse_amount(self.total.text()), order_no=self.order_no)
            except ValueError:
                self.message.setText(
                    self.tr("Type the order total like 128.50, or leave it empty.")
                )
                return
        service = self.session.service
        if service is None:
            return
        self.redeem_button.setEnabled(False)
        self.message.setText(self.tr("Writing off…"))
        cashier = self.session.cashier_id
        order_no = self.order_no

        def op() -> list[tuple[OrderVoucher, RedeemResult]]:
            return [
                (v, service.redeem(v.payload, basket, cashier, "store", order_no=order_no))
                for v in chosen
            ]

        # on the network lane: a write-off pushes at once when online
        BackgroundOp(self, op, self._redeemed).failure(
            self._failed
        ).on_network().run_in_background()

    def _redeemed(self, results: list[tuple[OrderVoucher, RedeemResult]]) -> None:
        done, refused, discount, total = [], [], 0, None
        for v, result in results:
            outcome = redeem_outcome(result)
            if not outcome.ok:
                refused.append(f"{format_code(v.code)}: {outcome.message}")
                continue
            self.session.written_off.emit(result)
            quote = result.quote
            if quote is not None and quote.gift_items:
                items = ", ".join(f"{g.quantity} × {g.name}" for g in quote.gift_items)
                done.append(
                    fmt(
                        self.tr("{code} (hand over {items})"), code=format_code(v.code), items=items
                    )
                )
            elif quote is not None and quote.discount_cents:
                discount += quote.discount_cents
                total = quote.pay_cents + quote.discount_cents
                done.append(
                    fmt(
                        self.tr("{code} ({discount} off)"),
                        code=format_code(v.code),
                        discount=texts.money(quote.discount_cents),
                    )
                )
            else:
                done.append(format_code(v.code))
        if done:
            summary = fmt(
                self.tr("Order {order}: {n} voucher(s) written off: {codes}."),
                order=self.order_no,
                n=len(done),
                codes="; ".join(done),
            )
            if discount and total is not None:
                summary += " " + fmt(
                    self.tr("Discount {discount}; customer pays {pay}."),
                    discount=texts.money(discount),
                    pay=texts.money(max(0, total - discount)),
                )
        else:
            summary = fmt(self.tr("Order {order}: nothing was written off."), order=self.order_no)
        if refused:
            summary += "\n" + fmt(self.tr("Not written off: {list}"), list="; ".join(refused))
        self.redeem_button.setEnabled(True)
        self.finished.emit(summary, bool(done))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(fmt(self.tr("Order {order}"), order=self.order_no))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Use"), self.tr("Code"), self.tr("Coupon"), self.tr("Can it be used?")]
        )
        self.total_label.setText(self.tr("Order total ¥ (for discounts)"))
        self.all_button.setText(self.tr("Select all"))
        self.redeem_button.setText(self.tr("Write off selected"))
