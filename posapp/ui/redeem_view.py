"""The cashier's main screen: scan, see the verdict, enter the bill, confirm, next.

Every scan source (camera, USB scanner, typed code, dropped image, demo panel) arrives through
`Session.scanned`; all service calls go through the background-op helper.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.codes import format_code
from posapp.sync.results import CheckResult, RedeemResult
from posapp.ui import texts
from posapp.ui.background import BackgroundOp
from posapp.ui.bill_entry import BillEntry
from posapp.ui.camera_preview import CameraPreview
from posapp.ui.confirm_guard import ConfirmGuard
from posapp.ui.i18n import fmt
from posapp.ui.order_view import OrderView
from posapp.ui.picture_drop import PictureDrop
from posapp.ui.quote_panel import QuotePanel
from posapp.ui.scan_input import ScanInput
from posapp.ui.session import Session
from posapp.ui.verdict_card import VerdictCard
from posapp.ui.view_models import Here, VerdictView, check_view, redeem_outcome

log = logging.getLogger(__name__)

RECHECK_MS = 300  # wait for the cashier to stop typing the bill before asking again


class RedeemView(PictureDrop, QWidget):
    verdict_shown = Signal(object)  # VerdictView, once it is on screen (tests and the benchmark)
    redeemed = Signal(object)  # the RedeemResult of a committed write-off

    def __init__(self, session: Session, partner: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("redeemView")
        self.session = session
        self.partner = partner
        self.setAcceptDrops(True)
        self.payload = ""  # the scanned text of the coupon on screen
        self.current: VerdictView | None = None
        self._check_seq = 0
        self._confirming = False
        self.guard = ConfirmGuard()  # shared with the order view: one scan, one guard

        self.camera = CameraPreview()
        self.scan_input = ScanInput()
        self.scan_input.submitted.connect(self._typed)
        self.scan_input.empty_enter.connect(self.confirm_redeem)
        self.drop_hint = QLabel()
        self.drop_hint.setProperty("role", "hint")
        self.drop_hint.setWordWrap(True)
        self.side_panel = QVBoxLayout()  # the demo panel goes here

        self.card = VerdictCard()
        self.order = OrderView(session, self.guard)
        self.order.hide()
        self.order.finished.connect(self._order_finished)
        self.bill = BillEntry()
        self.bill.changed.connect(self._bill_changed)
        self.bill.total.returnPressed.connect(self._recheck_now)
        self.quote = QuotePanel()
        self.confirm = QPushButton()
        self.confirm.setObjectName("confirmButton")
        self.confirm.setAutoDefault(True)
        self.confirm.clicked.connect(self.confirm_redeem)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("clearButton")
        self.clear_button.clicked.connect(self.reset)
        self.waiting: list[str] = []  # more codes read from the same picture, in reading order
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextCodeButton")
        self.next_button.clicked.connect(self.next_code)
        self.next_button.hide()

        left = QVBoxLayout()
        left.addWidget(self.camera, 2)
        left.addWidget(self.scan_input)
        left.addWidget(self.drop_hint)
        left.addLayout(self.side_panel, 3)
        right = QVBoxLayout()
        right.addWidget(self.card, 3)
        right.addWidget(self.order, 3)
        right.addWidget(self.bill, 2)
        right.addWidget(self.quote)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm, 2)
        right.addLayout(buttons)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 8)
        lay.setSpacing(20)
        lay.addLayout(left, 2)
        lay.addLayout(right, 3)

        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_MS)
        self._recheck.timeout.connect(self._recheck_now)
        QShortcut(QKeySequence(Qt.Key.Key_F9), self, self.confirm_redeem)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.reset)
        QShortcut(QKeySequence(Qt.Key.Key_F7), self, self.next_code)

        # scans reach on_scan through the main window, which knows which screen is up
        self.reset()

    # --- scanning -------------------------------------------------------------------------
    def activate(self) -> None:
        """Nothing to load: the screen waits for the next scan."""

    def _typed(self, text: str) -> None:
        self.session.feed_scan(text, "manual")

    def set_partner(self, partner: bool) -> None:
        """Partner merchants write off gift coupons only: no bill, partner channel."""
        self.partner = partner
        self.reset()

    def on_scan(self, text: str, source: str = "manual") -> None:
        if self.session.user is None:
            return  # the till is locked: the login screen is up
        if self._confirming:
            self.session.notice.emit(self.tr("Still writing off the last coupon; scan again."))
            return
        self.guard.arm()
        if source != "image":  # another coupon: the rest of an earlier picture is dropped
            self.waiting = []
            self._show_next()
        self.payload = text
        # the last verdict is gone: nothing on screen may be confirmed until this one is in
        self.current = None
        self.confirm.hide()
        self.bill.hide()
        self.quote.show_quote(None)
        self.order.hide()
        self.card.show()
        self.card.show_checking(self._short(text))
        self._check(with_bill=False)

    def _short(self, text: str) -> str:
        t = text.strip()
        return format_code(t) if len(t) <= 16 else t[:40] + "…"

    def _check(self, with_bill: bool) -> None:
        self._check_seq += 1
        seq = self._check_seq
        payload = self.payload
        basket = self.bill.basket() if with_bill else None
        service = self.session.service
        if service is None:
            return
        BackgroundOp(
            self, lambda: service.check(payload, basket), lambda r: self._checked(seq, r)
        ).failure(lambda e: self._check_failed(seq, e)).run_in_background()

    def _checked(self, seq: int, result: CheckResult) -> None:
        if seq != self._check_seq:  # an older answer, overtaken by a newer scan or bill
            return
        view = check_view(result, here=Here.of(self.session.status))
        self.guard.arm()
        if view.is_order:
            self.card.hide()
            self.bill.hide()
            self.quote.hide()
            self.confirm.hide()
            self.order.show()
            self.order.load(view.order_no, self.payload)
            self.current = view
            self.verdict_shown.emit(view)
            return
        self.current = view
        self.card.show_verdict(view)
        needs_bill = bool(view.ok and view.facts and view.facts.needs_bill and not self.partner)
        self.bill.setVisible(needs_bill)
        self.quote.show_quote(view.quote if needs_bill else None)
        self.confirm.setVisible(view.ok)
        self.confirm.setEnabled(
            view.ok and (not needs_bill or view.quote is not None) and not view.bill_problem
        )
        self.confirm.setText(self._confirm_text(view))
        self.verdict_shown.emit(view)
        if needs_bill and view.quote is None:
            self.bill.focus_entry()
        elif view.ok and not needs_bill:
            self.confirm.setFocus()
        else:
            self.scan_input.setFocus()

    def _check_failed(self, seq: int, error: BaseException) -> None:
        if seq != self._check_seq:
            return
        log.exception("check failed", exc_info=error)
        view = VerdictView(
            ok=False,
            message=fmt(self.tr("The till could not check this code: {error}"), error=str(error)),
        )
        self.current = view
        self.card.show_verdict(view)
        self.verdict_shown.emit(view)

    def _bill_changed(self) -> None:
        if self.current is not None and self.current.ok and self.payload:
            self.confirm.setEnabled(False)
            self._recheck.start()

    def _recheck_now(self) -> None:
        self._recheck.stop()
        if self.current is not None and self.payload and not self.current.is_order:
            self._check(with_bill=True)

    # --- writing off ----------------------------------------------------------------------
    def confirm_redeem(self) -> None:
        view, service = self.current, self.session.service
        if view is None or not view.ok or self.confirm.isHidden() or self._confirming:
            return
        if not self.guard.ready():
            return  # the scan's own Enter, or a key pressed before the verdict could be read
        if not self.confirm.isEnabled() or service is None:
            return
        self._confirming = True
        self.confirm.setEnabled(False)
        self.confirm.setText(self.tr("Writing off…"))
        payload = self.payload
        needs_bill = bool(view.facts and view.facts.needs_bill and not self.partner)
        basket = self.bill.basket() if needs_bill else None
        channel = "partner" if self.partner else "store"
        cashier = self.session.cashier_id
        BackgroundOp(
            self, lambda: service.redeem(payload, basket, cashier, channel), self._redeemed
        ).failure(self._redeem_failed).on_network().run_in_background()

    def _redeemed(self, result: RedeemResult) -> None:
        self._confirming = False
        outcome = redeem_outcome(result)
        if not outcome.ok:
            self.card.show_verdict(outcome)
            self.confirm.hide()
            self.verdict_shown.emit(outcome)
            self.scan_input.setFocus()
            return
        self.session.written_off.emit(result)
        self.redeemed.emit(result)
        self._show_done(outcome)

    def _show_done(self, outcome: VerdictView) -> None:
        facts = outcome.facts or (self.current.facts if self.current else None)
        code = format_code(outcome.code or (facts.code if facts else ""))
        quote = outcome.quote or (self.current.quote if self.current else None)
        if facts is not None and facts.kind == "gift":
            text = fmt(
                self.tr("Coupon {code} written off. Hand over: {items}."),
                code=code,
                items=", ".join(f"{q} × {n}" for n, q in facts.gift_items),
            )
        elif quote is not None:
            text = fmt(
                self.tr("Coupon {code} written off. Discount {discount}; customer pays {pay}."),
                code=code,
                discount=texts.money(quote.discount_cents),
                pay=texts.money(quote.pay_cents),
            )
        else:
            text = fmt(self.tr("Coupon {code} written off."), code=code)
        if outcome.offline:
            text += " " + self.tr("(Offline: it will be sent when the till is back online.)")
        self.payload = ""
        self.current = None
        self.bill.clear()
        self.bill.hide()
        self.quote.show_quote(None)
        self.confirm.hide()
        self.card.show_done(text)
        self.scan_input.setFocus()

    def _redeem_failed(self, error: BaseException) -> None:
        self._confirming = False
        log.error("redeem failed", exc_info=error)
        view = VerdictView(
            ok=False,
            code=self.current.code if self.current else "",
            message=fmt(
                self.tr("Not written off: {error}. Nothing was recorded; try again."),
                error=str(error),
            ),
        )
        self.card.show_verdict(view)
        self.confirm.setEnabled(True)
        self.confirm.setText(self._confirm_text(self.current))
        self.verdict_shown.emit(view)

    def _order_finished(self, summary: str, any_done: bool) -> None:
        self.order.hide()
        self.card.show()
        if any_done:
            self.card.show_done(summary)
        else:  # never "Redeemed" when nothing was
            self.card.show_verdict(VerdictView(ok=False, message=summary))
        self.current = None
        self.payload = ""
        self.scan_input.setFocus()

    def reset(self) -> None:
        self._check_seq += 1
        self._recheck.stop()
        self.payload = ""
        self.current = None
        self.bill.clear()
        self.bill.hide()
        self.quote.show_quote(None)
        self.order.hide()
        self.confirm.hide()
        self.card.show()
        self.card.show_idle()
        self.scan_input.clear()
        self.scan_input.setFocus()
        self.retranslate()

    def _confirm_text(self, view: VerdictView | None) -> str:
        if view is not None and view.facts is not None and view.facts.kind == "gift":
            return self.tr("Hand over and write off  (Enter)")
        return self.tr("Write off coupon  (Enter)")

    # --- text -----------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.drop_hint.setText(
            self.tr(
                "Camera and scanner are always on. F9 writes off, Esc clears. "
                "Drop a picture of a QR code anywhere here."
            )
        )
        self.clear_button.setText(self.tr("Clear  (Esc)"))
        if not self._confirming:
            self.confirm.setText(self._confirm_text(self.current))
