"""Words shared by several screens: coupon kinds, roles, states, money, dates, ages.

The tables hold QT_TRANSLATE_NOOP markers (so lupdate collects them); the text is translated
when it is shown, in the language of that moment.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from posapp.domain.money import BASIS_POINTS, format_cents
from posapp.domain.timeutil import format_instant
from posapp.ui.i18n import display_zone, fmt

CTX = "Texts"

KINDS: dict[str, object] = {
    "gift": QT_TRANSLATE_NOOP("Texts", "Gift coupon"),
    "discount": QT_TRANSLATE_NOOP("Texts", "Discount coupon"),
    "reduction": QT_TRANSLATE_NOOP("Texts", "Money-off coupon"),
    "cash": QT_TRANSLATE_NOOP("Texts", "Cash coupon"),
}
GIFT_WORTH = QT_TRANSLATE_NOOP("Texts", "gift worth {value}")
ROLES: dict[str, object] = {
    "cashier": QT_TRANSLATE_NOOP("Texts", "Cashier"),
    "manager": QT_TRANSLATE_NOOP("Texts", "Manager"),
    "partner": QT_TRANSLATE_NOOP("Texts", "Partner merchant"),
}
CHANNELS: dict[str, object] = {
    "store": QT_TRANSLATE_NOOP("Texts", "In store"),
    "partner": QT_TRANSLATE_NOOP("Texts", "Partner"),
    "phone": QT_TRANSLATE_NOOP("Texts", "Phone order"),
}
STATES: dict[str, object] = {
    "confirmed": QT_TRANSLATE_NOOP("Texts", "Confirmed"),
    "accepted": QT_TRANSLATE_NOOP("Texts", "Confirmed"),
    "pending": QT_TRANSLATE_NOOP("Texts", "Waiting to send"),
    "conflict": QT_TRANSLATE_NOOP("Texts", "Conflict"),
    "conflicted": QT_TRANSLATE_NOOP("Texts", "Conflict"),
    "rejected": QT_TRANSLATE_NOOP("Texts", "Rejected"),
    "refused": QT_TRANSLATE_NOOP("Texts", "Refused"),
    "reversed": QT_TRANSLATE_NOOP("Texts", "Reversed"),
}


def _t(table: dict[str, object], key: str) -> str:
    source = table.get(key)
    return QCoreApplication.translate(CTX, str(source)) if source else key


def kind_name(kind: str) -> str:
    return _t(KINDS, kind)


def role_name(role: str) -> str:
    return _t(ROLES, role)


def channel_name(channel: str) -> str:
    return _t(CHANNELS, channel)


def state_name(state: str) -> str:
    return _t(STATES, state)


def money(cents: int | None) -> str:
    if cents is None:
        return "—"
    return fmt(QCoreApplication.translate("Texts", "¥{amount}"), amount=format_cents(cents))


def taken_off(kind: str, discount_cents: int, value_cents: int) -> str:
    """What a write-off cost the shop: the discount, or for a gift what the gift is worth
    (a gift takes nothing off the bill, and "¥0.00" reads as if it cost nothing)."""
    if kind == "gift":
        return fmt(QCoreApplication.translate(CTX, str(GIFT_WORTH)), value=money(value_cents))
    return money(discount_cents)


def percent_off(off_bp: int) -> str:
    """'20% off' in English; Chinese shops say what is paid: 8折."""
    pct = Decimal(off_bp) / 100
    zhe = Decimal(BASIS_POINTS - off_bp) / 1000
    return fmt(
        QCoreApplication.translate("Texts", "{pct}% off"),
        pct=format(pct.normalize(), "f"),
        zhe=format(zhe.normalize(), "f"),
    )


def when(dt: datetime | None) -> str:
    """An instant as date and time in the store's zone ('—' when there is none)."""
    return format_instant(dt, display_zone()) or "—"


def clock(dt: datetime | None) -> str:
    """An instant's time of day in the store's zone, for lists of one day ('' for none)."""
    return format_instant(dt, display_zone(), time_only=True)


def age(seconds: float | None) -> str:
    """How long ago, in the fewest words: 'just now', '5 min', '3 h', '2 d'."""
    if seconds is None:
        return QCoreApplication.translate("Texts", "never")
    s = max(0, int(seconds))
    if s < 60:
        return QCoreApplication.translate("Texts", "just now")
    if s < 3600:
        return fmt(QCoreApplication.translate("Texts", "{n} min"), n=s // 60)
    if s < 86400:
        return fmt(QCoreApplication.translate("Texts", "{n} h"), n=s // 3600)
    return fmt(QCoreApplication.translate("Texts", "{n} d"), n=s // 86400)
