"""The big code field: a typed code is checked as it is typed (check character); Enter submits."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from posapp.domain.codes import MIN_LENGTH, is_code_shaped, is_valid_code, normalise_code


class ScanInput(QLineEdit):
    submitted = Signal(str)
    empty_enter = Signal()  # Enter on an empty field: confirm what is on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanInput")
        self.setClearButtonEnabled(True)
        self.returnPressed.connect(self._submit)
        self.textChanged.connect(self._update_hint)
        self.retranslate()

    def _submit(self) -> None:
        text = self.text().strip()
        if text:
            self.submitted.emit(text)
            self.clear()
        else:
            self.empty_enter.emit()

    def _update_hint(self, text: str) -> None:
        code = normalise_code(text)
        state = ""
        if is_code_shaped(code):
            state = "ok" if is_valid_code(code) else "typo"
        elif len(code) >= MIN_LENGTH and "://" not in text and len(text) <= 16:
            state = "typo"
        self.setProperty("check", state)
        self.setToolTip(
            self.tr("The check character does not match: look for a typo.")
            if state == "typo"
            else ""
        )
        self.style().unpolish(self)
        self.style().polish(self)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setPlaceholderText(self.tr("Scan or type a code"))
        self.setToolTip(self.tr("Scan, or type a coupon code and press Enter"))
