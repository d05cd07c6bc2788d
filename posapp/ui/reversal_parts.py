"""The two parts of the Reverse screen that stand on their own: the written-off bill's lines,
each with how many units come back now, and the confirmation box that says what will happen
and takes a manager's name and PIN when money goes back to the customer."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.sync.results import BillLineView
from posapp.ui import texts
from posapp.ui.tables import fit_columns

L_BACK, L_WHAT, L_BOUGHT, L_BEFORE, L_AMOUNT = range(5)


class ReturnLines(QTableWidget):
    """The bill's lines; a spin box per line says how many units come back now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setObjectName("reverseLines")
        self.verticalHeader().hide()
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        fit_columns(self, stretch=L_WHAT)
        self.lines: list[BillLineView] = []
        self.units: list[QSpinBox] = []
        self._open = False
        self.retranslate()

    def show_lines(self, lines: list[BillLineView]) -> None:
        self.lines = lines
        self.units = []
        self.setRowCount(len(lines))
        for i, ln in enumerate(lines):
            spin = QSpinBox()
            spin.setRange(0, ln.returnable)
            self.setCellWidget(i, L_BACK, spin)
            self.units.append(spin)
            values = (
                ln.name or ln.sku,
                str(ln.quantity),
                str(ln.returned),
                texts.money(ln.amount_cents),
            )
            for c, text in zip((L_WHAT, L_BOUGHT, L_BEFORE, L_AMOUNT), values, strict=True):
                self.setItem(i, c, QTableWidgetItem(text))
        self.set_open(self._open)

    def set_open(self, returned: bool) -> None:
        """Lines can be ticked only when goods are coming back."""
        self._open = returned
        for spin in self.units:
            spin.setEnabled(returned and spin.maximum() > 0)
        self.setEnabled(returned)

    def tick(self, index: int, units: int | None = None) -> None:
        spin = self.units[index]
        spin.setValue(spin.maximum() if units is None else units)

    def coming_back(self) -> dict[int, int]:
        """Line index -> units coming back now (lines with none left out)."""
        return {
            ln.index: s.value() for ln, s in zip(self.lines, self.units, strict=True) if s.value()
        }

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                self.tr("Back now"),
                self.tr("Item"),
                self.tr("Bought"),
                self.tr("Back before"),
                self.tr("Amount"),
            ]
        )


class ConfirmBox(QFrame):
    """What a reversal will do, and Yes / Back; a manager's name and PIN when asked for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reverseConfirm")
        self.summary = QLabel()
        self.summary.setObjectName("reverseSummary")
        self.summary.setWordWrap(True)
        self.manager_label = QLabel()
        self.manager_name = QLineEdit()
        self.manager_name.setObjectName("reverseManager")
        self.manager_pin = QLineEdit()
        self.manager_pin.setObjectName("reversePin")
        self.manager_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.yes = QPushButton()
        self.yes.setObjectName("reverseYes")
        self.back = QPushButton()
        self.manager_row = QWidget()
        row = QHBoxLayout(self.manager_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.manager_label)
        row.addWidget(self.manager_name, 1)
        row.addWidget(self.manager_pin, 1)
        answer = QHBoxLayout()
        answer.addWidget(self.back)
        answer.addStretch(1)
        answer.addWidget(self.yes)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.manager_row)
        lay.addLayout(answer)
        self.hide()
        self.retranslate()

    def ask(self, summary: str, manager: bool) -> None:
        self.summary.setText(summary)
        self.manager_row.setVisible(manager)
        self.manager_name.clear()
        self.manager_pin.clear()
        self.show()
        (self.manager_name if manager else self.yes).setFocus()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.manager_label.setText(self.tr("Manager"))
        self.manager_name.setPlaceholderText(self.tr("Manager's name"))
        self.manager_pin.setPlaceholderText(self.tr("PIN"))
        self.yes.setText(self.tr("Yes, reverse it"))
        self.back.setText(self.tr("Back"))
