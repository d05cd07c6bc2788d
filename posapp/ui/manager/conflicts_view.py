"""The conflict inbox: write-offs the service did not take, and what the manager does about them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.codes import format_code
from posapp.ui import texts
from posapp.ui.background import BackgroundOp
from posapp.ui.i18n import current_language, fmt
from posapp.ui.session import Session

WHEN, CODE, WHAT, DISCOUNT, CASHIER = range(5)


class ConflictsView(QWidget):
    loaded = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsView")
        self.session = session
        self.items: list[Any] = []
        self.title = QLabel()
        self.title.setProperty("role", "sectionTitle")
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setProperty("role", "hint")
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("conflictsTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        self.collect = QPushButton()
        self.collect.setObjectName("conflictCollect")
        self.collect.clicked.connect(lambda: self.act("collected"))
        self.write_off = QPushButton()
        self.write_off.setObjectName("conflictWriteOff")
        self.write_off.clicked.connect(lambda: self.act("written_off"))
        self.sync_button = QPushButton()
        self.sync_button.clicked.connect(self.sync_now)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setProperty("role", "hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.collect)
        buttons.addWidget(self.write_off)
        buttons.addStretch(1)
        buttons.addWidget(self.sync_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 8)
        lay.addWidget(self.title)
        lay.addWidget(self.explain)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.message)
        self.retranslate()

    def activate(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        service = self.session.service
        BackgroundOp(self, service.conflicts, self._loaded).failure(
            lambda e: self.message.setText(str(e))
        ).run_in_background()

    def _loaded(self, items: Any) -> None:
        lang = current_language()
        self.items = [c for c in items or () if getattr(c, "resolved_at", None) is None]
        self.table.setRowCount(len(self.items))
        for i, c in enumerate(self.items):
            r = c.redemption
            values = (
                texts.when(r.redeemed_at),
                format_code(r.code),
                c.message(lang),
                texts.money(r.discount_cents),
                r.cashier_id,
            )
            for col, text in enumerate(values):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        if self.items:
            self.table.selectRow(0)
        self.message.setText("" if self.items else self.tr("No conflicts. Nothing to do."))
        self.loaded.emit()

    def selected(self) -> Any:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.items[rows.pop()] if len(rows) == 1 else None

    def act(self, resolution: str) -> None:
        item = self.selected()
        if item is None:
            self.message.setText(self.tr("Pick a conflict first."))
            return
        service = self.session.service
        by = self.session.cashier_id
        BackgroundOp(
            self, lambda: service.resolve_conflict(item.id, by, resolution), self._acted
        ).failure(lambda e: self.message.setText(str(e))).run_in_background()

    def _acted(self, _result: Any) -> None:
        self.session.mark_status_dirty()
        self.message.setText(self.tr("Done. The conflict is closed."))
        self.refresh()

    def sync_now(self) -> None:
        service = self.session.service
        self.sync_button.setEnabled(False)
        self.message.setText(self.tr("Syncing with head office…"))
        BackgroundOp(self, service.sync_now, self._synced).failure(
            lambda e: self.message.setText(str(e))
        ).finally_(lambda: self.sync_button.setEnabled(True)).on_network().run_in_background()

    def _synced(self, result: Any) -> None:
        ok = bool(getattr(result, "ok", True))
        self.message.setText(
            fmt(
                self.tr("Synced: {pushed} sent, {pulled} updates received."),
                pushed=getattr(result, "pushed", 0),
                pulled=getattr(result, "pulled", 0),
            )
            if ok
            else str(getattr(result, "message", ""))
        )
        self.session.mark_status_dirty()
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Conflict inbox"))
        self.explain.setText(
            self.tr(
                "These write-offs were made while the till was offline, but head office did not "
                "accept them (for example, the coupon had been used elsewhere first). Decide for "
                "each one: collect the discount from the customer, or write it off as a loss."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Written off"),
                self.tr("Code"),
                self.tr("What happened"),
                self.tr("Discount"),
                self.tr("Cashier"),
            ]
        )
        self.collect.setText(self.tr("Collected from customer"))
        self.write_off.setText(self.tr("Accept as loss"))
        self.sync_button.setText(self.tr("Sync now"))
