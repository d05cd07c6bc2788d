"""The bill a discount or money-off coupon applies to: a total, or lines with category/brand/SKU."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.basket import Basket, Line
from posapp.domain.money import format_cents, parse_amount

SKU, NAME, CATEGORY, BRAND, PRICE, QTY = range(6)


class _PageStack(QStackedWidget):
    """A stack as tall as the page on show: the items grid must not reserve its height while
    the cashier types only a total (a 768-pixel till has none to spare)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()


class BillEntry(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("billEntry")
        self.heading = QLabel()
        self.heading.setProperty("role", "sectionTitle")
        self.mode_button = QPushButton()
        self.mode_button.setObjectName("billModeButton")
        self.mode_button.setCheckable(True)
        self.mode_button.toggled.connect(self._mode_toggled)

        self.total = QLineEdit()
        self.total.setObjectName("billTotal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.total.textChanged.connect(self._total_changed)
        self.total_label = QLabel()
        self.total_error = QLabel()
        self.total_error.setProperty("role", "fieldError")
        total_page = QWidget()
        tl = QHBoxLayout(total_page)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.total_label)
        tl.addWidget(self.total, 1)
        tl.addWidget(self.total_error)

        self.lines = QTableWidget(0, 6)
        self.lines.setObjectName("billLines")
        self.lines.verticalHeader().hide()
        self.lines.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.itemChanged.connect(lambda _i: self.changed.emit())
        self.add_line = QPushButton()
        self.add_line.clicked.connect(lambda: self.append_line())
        self.remove_line = QPushButton()
        self.remove_line.clicked.connect(self._remove_selected)
        lines_page = QWidget()
        ll = QVBoxLayout(lines_page)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.lines, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_line)
        row.addWidget(self.remove_line)
        row.addStretch(1)
        ll.addLayout(row)

        self.pages = _PageStack()
        self.pages.addWidget(total_page)
        self.pages.addWidget(lines_page)

        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addStretch(1)
        head.addWidget(self.mode_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(head)
        lay.addWidget(self.pages)
        self.retranslate()

    # --- the basket -----------------------------------------------------------------------
    @property
    def lines_mode(self) -> bool:
        return self.pages.currentIndex() == 1

    def set_lines_mode(self, on: bool) -> None:
        self.mode_button.setChecked(on)

    def basket(self, order_no: str | None = None) -> Basket | None:
        """The bill as entered, or None when nothing (valid) is entered yet."""
        if not self.lines_mode:
            try:
                cents = parse_amount(self.total.text())
            except ValueError:
                return None
            return Basket.from_total(cents, order_no=order_no) if cents > 0 else None
        lines = []
        for r in range(self.lines.rowCount()):
            line = self._line_at(r)
            if line is not None:
                lines.append(line)
        return Basket(lines=tuple(lines), order_no=order_no) if lines else None

    def _line_at(self, r: int) -> Line | None:
        def cell(c: int) -> str:
            item = self.lines.item(r, c)
            return item.text().strip() if item else ""

        try:
            price = parse_amount(cell(PRICE))
            qty = int(cell(QTY) or "1")
        except ValueError:
            return None
        if price < 0 or qty <= 0:
            return None
        sku = cell(SKU) or f"line{r + 1}"
        return Line(
            sku=sku,
            unit_price_cents=price,
            quantity=qty,
            name=cell(NAME),
            category=cell(CATEGORY),
            brand=cell(BRAND),
        )

    def take_scan(self, text: str) -> bool:
        """A scan while the item grid has focus is a product's barcode: it fills the SKU cell
        (the current row's, or a new line's) instead of replacing the coupon on screen."""
        focus = QApplication.focusWidget()
        in_grid = focus is not None and (focus is self.lines or self.lines.isAncestorOf(focus))
        if not self.lines_mode or not in_grid:
            return False
        if focus is not self.lines:
            self.lines.setFocus()  # an open cell editor commits and closes first
        r = self.lines.currentRow()
        if r < 0 or self.lines.currentColumn() != SKU:
            self.append_line(sku=text)
            r = self.lines.rowCount() - 1
        else:
            item = self.lines.item(r, SKU)
            if item is None:
                self.lines.setItem(r, SKU, QTableWidgetItem(text))
            else:
                item.setText(text)
        self.lines.setCurrentCell(r, NAME)
        return True

    def set_total(self, cents: int) -> None:
        self.set_lines_mode(False)
        self.total.setText(format_cents(cents))

    def append_line(
        self,
        sku: str = "",
        name: str = "",
        category: str = "",
        brand: str = "",
        price_cents: int | None = None,
        qty: int = 1,
    ) -> None:
        self.set_lines_mode(True)
        r = self.lines.rowCount()
        self.lines.blockSignals(True)
        self.lines.insertRow(r)
        values = [
            sku,
            name,
            category,
            brand,
            "" if price_cents is None else format_cents(price_cents),
        ]
        for c, text in enumerate([*values, str(qty)]):
            item = QTableWidgetItem(text)
            if c in (PRICE, QTY):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.lines.setItem(r, c, item)
        self.lines.blockSignals(False)
        self.changed.emit()

    def clear(self) -> None:
        self.total.blockSignals(True)
        self.total.clear()
        self.total.blockSignals(False)
        self.total_error.clear()
        self.lines.setRowCount(0)
        self.set_lines_mode(False)

    def _remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.lines.selectedIndexes()}, reverse=True)
        for r in rows or [self.lines.rowCount() - 1]:
            if r >= 0:
                self.lines.removeRow(r)
        self.changed.emit()

    def _total_changed(self, text: str) -> None:
        ok = True
        if text.strip():
            try:
                ok = parse_amount(text) >= 0
            except ValueError:
                ok = False
        self.total_error.setText("" if ok else self.tr("Type an amount like 128.50"))
        self.changed.emit()

    def _mode_toggled(self, on: bool) -> None:
        self.pages.setCurrentIndex(1 if on else 0)
        if on and self.lines.rowCount() == 0:
            self.append_line()
        self.retranslate()
        self.changed.emit()

    def focus_entry(self) -> None:
        if self.lines_mode:
            self.lines.setFocus()
        else:
            self.total.setFocus()
            self.total.selectAll()

    # --- text -----------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Bill"))
        self.mode_button.setText(
            self.tr("Enter the total only") if self.lines_mode else self.tr("Enter items…")
        )
        self.total_label.setText(self.tr("Total ¥"))
        self.total.setPlaceholderText(self.tr("bill total, e.g. 128.50"))
        self.lines.setHorizontalHeaderLabels(
            [
                self.tr("SKU"),
                self.tr("Item"),
                self.tr("Category"),
                self.tr("Brand"),
                self.tr("Price ¥"),
                self.tr("Qty"),
            ]
        )
        self.add_line.setText(self.tr("+ Line"))
        self.remove_line.setText(self.tr("Remove line"))
