"""What the coupon does to the bill: discount, the per-line split, the amount to pay."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.ui import texts
from posapp.ui.view_models import QuoteView


class QuotePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quotePanel")
        self.quote: QuoteView | None = None
        grid = QGridLayout()
        self.total_key, self.total = QLabel(), QLabel()
        self.discount_key, self.discount = QLabel(), QLabel()
        self.pay_key, self.pay = QLabel(), QLabel()
        self.discount.setObjectName("quoteDiscount")
        self.pay.setObjectName("quotePay")
        self.pay_key.setObjectName("quotePayKey")
        for r, (k, v) in enumerate(
            (
                (self.total_key, self.total),
                (self.discount_key, self.discount),
                (self.pay_key, self.pay),
            )
        ):
            v.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(k, r, 0)
            grid.addWidget(v, r, 1)
        self.split = QTableWidget(0, 3)
        self.split.setObjectName("quoteSplit")
        self.split.verticalHeader().hide()
        self.split.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.split.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.split.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.split.setMaximumHeight(150)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(grid)
        lay.addWidget(self.split)
        self.retranslate()
        self.show_quote(None)

    def show_quote(self, quote: QuoteView | None) -> None:
        self.quote = quote
        self.setVisible(quote is not None)
        if quote is None:
            return
        self.total.setText(texts.money(quote.total_cents))
        self.discount.setText("−" + texts.money(quote.discount_cents))
        self.pay.setText(texts.money(quote.pay_cents))
        self.split.setRowCount(len(quote.shares))
        for r, row in enumerate(quote.shares):
            for c, text in enumerate(
                (row.label, texts.money(row.amount_cents), "−" + texts.money(row.share_cents))
            ):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.split.setItem(r, c, item)
        self.split.setVisible(len(quote.shares) > 1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.total_key.setText(self.tr("Bill"))
        self.discount_key.setText(self.tr("Coupon discount"))
        self.pay_key.setText(self.tr("To pay"))
        self.split.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Amount"), self.tr("Share of discount")]
        )
        self.show_quote(self.quote)
