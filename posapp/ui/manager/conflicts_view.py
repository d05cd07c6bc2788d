"""The conflict inbox: write-offs the service did not take, and what the manager does about them.

Reloaded when it is opened and, while on screen, whenever the till says its conflicts changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
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
from posapp.sync.results import ConflictView, SyncResult
from posapp.ui import texts
from posapp.ui.background import BackgroundOp
from posapp.ui.i18n import fmt
from posapp.ui.reload import Reloader
from posapp.ui.session import Session
from posapp.ui.tables import fit_columns
from posapp.ui.view_models import verdict_message

WHEN, CODE, WHAT, DISCOUNT, CASHIER = range(5)


class ConflictsView(QWidget):
    loaded = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsView")
        self.session = session
        self.items: list[ConflictView] = []
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
        fit_columns(self.table, stretch=WHAT)
        self.collect = QPushButton()
        self.collect.setObjectName("conflictCollect")
        self.collect.clicked.connect(self._collected)
        self.write_off = QPushButton()
        self.write_off.setObjectName("conflictWriteOff")
        self.write_off.clicked.connect(self._written_off)
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
        self.reload = Reloader(self, self._load, self._loaded, self._say)
        session.changed.connect(self._till_changed)
        self.retranslate()

    def activate(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.reload.request()

    def _till_changed(self, change: Change) -> None:
        if Change.CONFLICTS in change and self.isVisible():
            self.reload.request()

    def _load(self) -> Callable[[], list[ConflictView]] | None:
        service = self.session.service
        return service.conflicts if service is not None else None

    def _say(self, error: BaseException) -> None:
        self.message.setText(str(error))

    def _loaded(self, items: list[ConflictView]) -> None:
        self.items = [c for c in items if c.resolved_at is None]
        self.table.setRowCount(len(self.items))
        for i, c in enumerate(self.items):
            r = c.redemption
            values = (
                texts.when(r.redeemed_at),
                format_code(r.code),
                verdict_message(c.verdict) or f"{c.kind}: {c.reason}",
                texts.taken_off(r.kind, r.discount_cents, r.value_cents),
                c.cashier_name or r.cashier_id,
            )
            for col, text in enumerate(values):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        if self.items:
            self.table.selectRow(0)
        self.message.setText("" if self.items else self.tr("No conflicts. Nothing to do."))
        self.loaded.emit()

    def selected(self) -> ConflictView | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.items[rows.pop()] if len(rows) == 1 else None

    def _collected(self) -> None:
        self.act("collected")

    def _written_off(self) -> None:
        self.act("written_off")

    def act(self, resolution: str) -> None:
        item, service = self.selected(), self.session.service
        if item is None:
            self.message.setText(self.tr("Pick a conflict first."))
            return
        if service is None:
            return
        by = self.session.cashier_id
        BackgroundOp(
            self, lambda: service.resolve_conflict(item.id, by, resolution), self._acted
        ).failure(self._say).run_in_background()

    def _acted(self, _result: ConflictView) -> None:
        # the list reloads when the till says its conflicts changed
        self.message.setText(self.tr("Done. The conflict is closed."))

    def sync_now(self) -> None:
        service = self.session.service
        if service is None:
            return
        self.sync_button.setEnabled(False)
        self.message.setText(self.tr("Syncing with head office…"))
        BackgroundOp(self, service.sync_now, self._synced).failure(self._say).finally_(
            self._sync_settled
        ).on_network().run_in_background()

    def _sync_settled(self) -> None:
        self.sync_button.setEnabled(True)

    def _synced(self, result: SyncResult) -> None:
        self.message.setText(
            fmt(
                self.tr("Synced: {pushed} sent, {pulled} updates received."),
                pushed=result.pushed,
                pulled=result.pulled,
            )
            if result.ok
            else result.message
        )

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
