"""The large card that says, readable from a step away, whether a scanned coupon can be used."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from posapp.domain.codes import format_code
from posapp.ui import texts
from posapp.ui.i18n import fmt
from posapp.ui.view_models import CouponFacts, VerdictView

IDLE, CHECKING, OK, REFUSED, DONE = "idle", "checking", "ok", "refused", "done"
SHORT = "short"  # a good coupon that this bill does not (yet) reach: amber, not green


class VerdictCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictCard")
        self.state = IDLE
        self.view: VerdictView | None = None
        self._done_text = ""
        self.title = QLabel()
        self.title.setObjectName("verdictTitle")
        self.title.setWordWrap(True)  # a narrow till wraps the headline instead of widening
        self.value = QLabel()
        self.value.setObjectName("verdictValue")
        self.value.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("verdictMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QGridLayout()
        self.details.setHorizontalSpacing(16)
        self.details.setColumnStretch(1, 1)
        self._detail_labels: list[QLabel] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 12, 24, 12)
        lay.setSpacing(6)
        lay.addWidget(self.title)
        lay.addWidget(self.value)
        lay.addWidget(self.message)
        lay.addLayout(self.details)
        lay.addStretch(1)
        self.retranslate()

    # --- what to show ---------------------------------------------------------------------
    def show_idle(self) -> None:
        self._set(IDLE, None)

    def show_checking(self, code: str) -> None:
        self._done_text = code
        self._set(CHECKING, None)

    def show_verdict(self, view: VerdictView) -> None:
        if not view.ok:
            self._set(REFUSED, view)
        else:
            self._set(SHORT if view.bill_problem else OK, view)

    def show_done(self, text: str) -> None:
        self._done_text = text
        self._set(DONE, None)

    def _set(self, state: str, view: VerdictView | None) -> None:
        self.state = state
        self.view = view
        self.setProperty("state", state)
        self.style().unpolish(self)
        self.style().polish(self)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- text -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._clear_details()
        v = self.view
        self.value.hide()
        self.message.hide()
        if self.state == IDLE:
            self.title.setText(self.tr("Ready to scan"))
            self.message.setText(
                self.tr(
                    "Scan a coupon or an order QR code, or type the code and press Enter. "
                    "You can also drop a picture of the QR code here."
                )
            )
            self.message.show()
            return
        if self.state == CHECKING:
            self.title.setText(self.tr("Checking…"))
            self.message.setText(self._done_text)
            self.message.show()
            return
        if self.state == DONE:
            self.title.setText(self.tr("✔ Redeemed"))
            self.message.setText(self._done_text)
            self.message.show()
            return
        assert v is not None
        if not v.ok:
            self.title.setText(self.tr("✘ Cannot be used"))
            self.message.setText(v.message)
            self.message.show()
            if v.facts is not None:
                self._add_facts(v.facts, with_value=True)
            elif v.code:
                self._add_detail(self.tr("Code"), format_code(v.code))
            return
        f = v.facts
        kind = texts.kind_name(self._kind_key(f)) if f else ""
        if v.bill_problem and v.shortfall:
            self.title.setText(fmt(self.tr("{missing} more needed"), missing=v.shortfall))
        elif v.bill_problem:
            self.title.setText(fmt(self.tr("Not on this bill · {kind}"), kind=kind))
        else:
            self.title.setText(fmt(self.tr("✔ Valid · {kind}"), kind=kind))
        if f is not None:
            self.value.setText(self.value_text(f))
            self.value.show()
            self._add_facts(f, with_value=False)
        if v.bill_problem:
            self.message.setText(v.bill_problem)
            self.message.show()

    @staticmethod
    def _kind_key(f: CouponFacts) -> str:
        if f.kind == "reduction" and f.threshold_kind in ("none", "") and not f.threshold_value:
            return "cash"
        return f.kind

    def value_text(self, f: CouponFacts) -> str:
        """One line saying what the coupon gives, in the shop's words."""
        if f.kind == "gift":
            items = ", ".join(
                fmt(self.tr("{qty} × {name}"), qty=q, name=n) for n, q in f.gift_items
            )
            return fmt(self.tr("Hand over: {items}"), items=items or "—")
        threshold = self._threshold_text(f)
        if f.kind == "discount":
            text = texts.percent_off(f.off_bp or 0)
            if f.cap_cents:
                text = fmt(self.tr("{off}, at most {cap}"), off=text, cap=texts.money(f.cap_cents))
        elif threshold:
            text = fmt(self.tr("{value} off"), value=texts.money(f.face_value_cents))
        else:
            text = fmt(self.tr("{value} cash coupon"), value=texts.money(f.face_value_cents))
        if threshold:
            text = fmt(self.tr("{what} when spending {threshold}"), what=text, threshold=threshold)
        return text

    def _threshold_text(self, f: CouponFacts) -> str:
        if not f.threshold_value or f.threshold_kind in ("none", ""):
            return ""
        if f.threshold_kind == "amount":
            return texts.money(f.threshold_value)
        if f.threshold_kind == "items":
            return fmt(self.tr("{n} items"), n=f.threshold_value)
        return fmt(self.tr("{n} g"), n=f.threshold_value)

    def _add_facts(self, f: CouponFacts, with_value: bool) -> None:
        self._add_detail(self.tr("Code"), format_code(f.code))
        if with_value:
            self._add_detail(self.tr("Coupon"), self.value_text(f))
        if f.rule_name:
            self._add_detail(self.tr("Rule"), f.rule_name)
        self._add_detail(self.tr("Valid"), self._validity_text(f))
        self._add_detail(self.tr("Where"), self._scope_text(f))
        if f.products_text:
            self._add_detail(self.tr("Products"), f.products_text)
        if f.notes:
            self._add_detail(self.tr("Notes"), f.notes)

    def _validity_text(self, f: CouponFacts) -> str:
        if f.valid_from is None and f.valid_until is None:
            return self.tr("No end date")
        if f.valid_from is None:
            return fmt(self.tr("until {end}"), end=texts.when(f.valid_until))
        if f.valid_until is None:
            return fmt(self.tr("from {start}"), start=texts.when(f.valid_from))
        return fmt(
            self.tr("{start} to {end}"),
            start=texts.when(f.valid_from),
            end=texts.when(f.valid_until),
        )

    def _scope_text(self, f: CouponFacts) -> str:
        parts = []
        if f.all_stores:
            parts.append(self.tr("all our stores"))
        else:
            parts.append(self._named(f.store_names, f.other_stores, self.tr("{n} other store(s)")))
        parts.append(
            self._named(f.merchant_names, f.other_merchants, self.tr("{n} partner merchant(s)"))
        )
        return "; ".join(p for p in parts if p) or "—"

    @staticmethod
    def _named(names: list[str], others: int, others_text: str) -> str:
        shown = list(names)
        if others:
            shown.append(fmt(others_text, n=others))
        return ", ".join(shown)

    def _add_detail(self, name: str, value: str) -> None:
        row = self.details.rowCount()
        key = QLabel(name)
        key.setProperty("role", "detailKey")
        val = QLabel(value)
        val.setProperty("role", "detailValue")
        val.setWordWrap(True)
        self.details.addWidget(key, row, 0, Qt.AlignmentFlag.AlignTop)
        self.details.addWidget(val, row, 1)
        self._detail_labels += [key, val]

    def _clear_details(self) -> None:
        for w in self._detail_labels:
            self.details.removeWidget(w)
            w.hide()
            w.deleteLater()
        self._detail_labels.clear()
