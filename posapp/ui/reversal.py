"""Reverse a write-off: a cancelled order gives the coupon back, a completed one keeps it used.

The rule (seeds): before completion the coupon is returned if still valid; after completion, or on a
goods return, it is not — the returned lines' share of the discount is kept. The service decides;
this screen only asks and shows the answer. The list is today's write-offs, reloaded when the
screen is opened and, while on screen, whenever the till says its ledger changed.

Nothing is reversed on one click: the cashier picks the write-off (nothing is picked for them),
ticks the lines coming back, reads what will happen and confirms; money going back to a
customer (a completed order, returned goods) needs a manager's name and PIN
(domain.reversal.needs_manager). A scan while this screen is up finds the write-off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.codes import format_code, normalise_code
from posapp.domain.reversal import needs_manager
from posapp.sync.changes import Change
from posapp.sync.results import BillLineView, CheckResult, LoginRefusal, ReverseResult, User
from posapp.ui import texts
from posapp.ui.background import BackgroundOp
from posapp.ui.i18n import fmt
from posapp.ui.reload import Reloader
from posapp.ui.reversal_parts import ConfirmBox, ReturnLines
from posapp.ui.session import Session
from posapp.ui.tables import fit_columns
from posapp.ui.tally_models import TallyRow, day_rows
from posapp.ui.view_models import verdict_message

if TYPE_CHECKING:
    from posapp.sync.day_book import DayBook

RELOAD_ON = Change.LEDGER | Change.CACHE

TIME, CODE, COUPON, DISCOUNT, ORDER, STATE = range(6)


@dataclass(frozen=True)
class _Plan:
    """A reversal the cashier asked for, waiting for their confirmation."""

    row: TallyRow
    completed: bool
    returned: dict[int, int]  # line index -> units coming back now
    manager: bool  # a manager's PIN is needed


class ReversalView(QWidget):
    loaded = Signal()
    reversed = Signal(object)  # the ReverseResult

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reversalView")
        self.session = session
        self.rows: list[TallyRow] = []
        self._result: Callable[[], str] | None = None  # re-rendered on a language switch
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
        self.table.itemSelectionChanged.connect(self._picked)
        self.lines_table = ReturnLines()
        self.cancelled = QRadioButton()
        self.cancelled.setChecked(True)
        self.returned = QRadioButton()
        self.reason = QButtonGroup(self)
        self.reason.addButton(self.cancelled)
        self.reason.addButton(self.returned)
        self.completed = QCheckBox()
        self.lines_label = QLabel()
        self.returned.toggled.connect(self._reason_changed)
        self.button = QPushButton()
        self.button.setObjectName("reverseButton")
        self.button.clicked.connect(self.reverse_selected)
        # the confirmation: what will happen, a manager's name and PIN when money goes back
        self.confirm_box = ConfirmBox()
        box = self.confirm_box
        self.summary, self.manager_row, self.yes = box.summary, box.manager_row, box.yes
        self.manager_name, self.manager_pin = box.manager_name, box.manager_pin
        self.manager_pin.returnPressed.connect(self.confirm_reversal)
        self.yes.clicked.connect(self.confirm_reversal)
        box.back.clicked.connect(self.cancel_reversal)
        self._plan: _Plan | None = None
        self.result = QLabel()
        self.result.setObjectName("reverseResult")
        self.result.setWordWrap(True)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.cancelled)
        reason_row.addWidget(self.returned)
        reason_row.addWidget(self.completed)
        reason_row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 8)
        lay.addWidget(self.title)
        lay.addWidget(self.explain)
        lay.addWidget(self.search)
        lay.addWidget(self.table, 2)
        lay.addLayout(reason_row)
        lay.addWidget(self.lines_label)
        lay.addWidget(self.lines_table, 1)
        lay.addWidget(self.button)
        lay.addWidget(self.confirm_box)
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
        self._say(lambda: str(error))

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
        # Narrows the list; never picks a row for the cashier (the first match was once
        # picked, and reversed, when it was not the one meant).
        needle = normalise_code(text)
        for i, r in enumerate(self.rows):
            hit = not needle or needle in r.code or needle in normalise_code(r.order_no)
            self.table.setRowHidden(i, not hit)
        picked = {i.row() for i in self.table.selectedIndexes()}
        if any(self.table.isRowHidden(i) for i in picked):
            self.table.clearSelection()

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

    # --- a scan finds the write-off ----------------------------------------------------------
    def find_scanned(self, text: str) -> None:
        """A coupon scanned while this screen is up: find its write-off (not a new check).
        (Not `take_scan`: the wedge hands a scan to a focused widget of that name.)"""
        service = self.session.service
        if service is None:
            return
        BackgroundOp(self, lambda: service.check(text), self._scanned).run_in_background()

    def _scanned(self, result: CheckResult) -> None:
        code = result.code or ""
        self.search.setText(format_code(code) if code else "")
        if not code or not self.select_code(code):
            self._say(lambda: self.tr("No write-off of this coupon today on this till."))

    # --- the lines coming back -------------------------------------------------------------
    def _picked(self) -> None:
        self.cancel_reversal()
        row = self.selected()
        service = self.session.service
        self._show_lines([])
        if row is None or service is None:
            return
        rid = row.id
        BackgroundOp(
            self, lambda: service.write_off_lines(rid), lambda ls: self._lines_loaded(rid, ls)
        ).run_in_background()

    def _lines_loaded(self, redemption_id: str, lines: list[BillLineView]) -> None:
        row = self.selected()
        if row is not None and row.id == redemption_id:
            self._show_lines(lines)

    def _show_lines(self, lines: list[BillLineView]) -> None:
        self.lines_table.show_lines(lines)

    @property
    def units(self) -> list[QSpinBox]:
        return self.lines_table.units

    def tick_line(self, index: int, units: int | None = None) -> None:
        """Mark units of line index as coming back (all that may, by default)."""
        self.lines_table.tick(index, units)

    def _reason_changed(self, returned: bool) -> None:
        self.lines_table.set_open(returned)
        self.lines_label.setEnabled(returned)
        if returned:
            self.completed.setChecked(True)

    # --- ask, confirm, reverse ---------------------------------------------------------------
    def reverse_selected(self) -> None:
        """Say what would happen and ask for confirmation (and a manager's PIN when needed)."""
        row = self.selected()
        if row is None:
            self._say(lambda: self.tr("Pick the write-off to reverse first."))
            return
        returned = self.returned.isChecked()
        units = self.lines_table.coming_back()
        if returned and not units:
            self._say(lambda: self.tr("Tick the items that come back first."))
            return
        completed = self.completed.isChecked() or returned
        role = self.session.role
        self._plan = _Plan(row, completed, units, needs_manager(role, completed, returned))
        self._say(None)
        self.confirm_box.ask(self._summary(self._plan), self._plan.manager)
        self.button.hide()

    def _summary(self, plan: _Plan) -> str:
        coupon = fmt(
            self.tr("Coupon {code} ({what}, {amount})"),
            code=format_code(plan.row.code),
            what=plan.row.rule_name,
            amount=texts.taken_off(plan.row.kind, plan.row.discount_cents, plan.row.value_cents),
        )
        if plan.returned:
            n = sum(plan.returned.values())
            what = fmt(
                self.tr("{n} item(s) come back; the coupon stays used and keeps their share."),
                n=n,
            )
        elif plan.completed:
            what = self.tr("The order was completed: the coupon stays used.")
        else:
            what = self.tr("The order is cancelled: the coupon is given back to the customer.")
        ask = (
            self.tr("A manager confirms with name and PIN.")
            if plan.manager
            else self.tr("Reverse it?")
        )
        return f"{coupon}\n{what}\n{ask}"

    def cancel_reversal(self) -> None:
        self._plan = None
        self.confirm_box.hide()
        self.button.show()

    def confirm_reversal(self) -> None:
        plan = self._plan
        service = self.session.service
        if plan is None or service is None:
            return
        self.yes.setEnabled(False)
        self._say(lambda: self.tr("Asking head office…"))
        name, pin = self.manager_name.text().strip(), self.manager_pin.text()

        def work() -> ReverseResult | str:
            if plan.manager:
                who = service.login(name, pin)
                if isinstance(who, LoginRefusal) or not isinstance(who, User):
                    return "refused"
                if not who.is_manager:
                    return "not_manager"
            return service.reverse(
                plan.row.id, order_completed=plan.completed, returned=plan.returned or None
            )

        BackgroundOp(self, work, self._done).failure(self._failed).finally_(
            self._settled
        ).on_network().run_in_background()

    def _settled(self) -> None:
        self.yes.setEnabled(True)

    def _done(self, result: ReverseResult | str) -> None:
        if result == "refused":
            self.manager_pin.clear()
            self._say(lambda: self.tr("That manager name and PIN do not match. Nothing reversed."))
            return
        if result == "not_manager":
            self.manager_pin.clear()
            self._say(lambda: self.tr("Only a manager can confirm this. Nothing reversed."))
            return
        assert isinstance(result, ReverseResult)
        self.cancel_reversal()
        self._say(lambda: self._outcome(result))
        self.reversed.emit(result)  # the list reloads when the till says its ledger changed

    def _outcome(self, result: ReverseResult) -> str:
        status, refund = result.status, result.refund_cents
        if status == "reversed":
            return self.tr("Reversed: the coupon is given back to the customer.")
        if status == "kept":
            return fmt(
                self.tr(
                    "The coupon stays used (the order was completed). "
                    "Discount kept on returned items: {amount}."
                ),
                amount=texts.money(refund),
            )
        if status == "queued":
            return self.tr("Reversal recorded; it will be sent when the till is back online.")
        return verdict_message(result.verdict) or result.note or status

    def _failed(self, error: BaseException) -> None:
        self._say(lambda: fmt(self.tr("Not reversed: {error}"), error=str(error)))

    def _say(self, text: Callable[[], str] | None) -> None:
        """Show a result line, kept as words to re-render in a newly chosen language."""
        self._result = text
        self.result.setText(text() if text is not None else "")

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
        self.lines_label.setText(self.tr("Items coming back (goods returned):"))
        self.button.setText(self.tr("Reverse the write-off…"))
        if self._plan is not None:
            self.summary.setText(self._summary(self._plan))
        if self._result is not None:
            self.result.setText(self._result())
