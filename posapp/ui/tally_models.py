"""A business day's write-offs and their tally, as the history, reversal and tally screens list
them. No Qt widgets, no I/O: the day book comes from `TillService.day_book()` in the background.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from posapp.sync.results import RedemptionView

if TYPE_CHECKING:  # the day book reads the database: loaded with the till service, not the GUI
    from posapp.sync.day_book import DayBook
    from posapp.sync.tally import TallyRow as TallyLine

GROUPINGS = ("kind", "rule", "cashier", "channel", "hour")
STATES = ("confirmed", "pending", "conflicted", "reversed")


@dataclass
class TallyRow:
    """One write-off, as the history and reversal screens list it."""

    id: str
    code: str
    rule_name: str
    kind: str
    cashier: str
    channel: str
    at: datetime | None
    discount_cents: int
    amount_cents: int
    state: str  # confirmed | pending | conflicted | reversed
    order_no: str = ""


@dataclass
class TallyGroup:
    key: str
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    discounts: dict[str, int] = field(default_factory=dict)  # money off bills, per state
    values: dict[str, int] = field(default_factory=dict)  # what the coupons were worth

    @property
    def count(self) -> int:
        return sum(v for k, v in self.counts.items() if k != "reversed")

    @property
    def discount_cents(self) -> int:
        return sum(v for k, v in self.discounts.items() if k != "reversed")


@dataclass
class TallyData:
    day: date | None = None
    total: TallyGroup | None = None
    groups: dict[str, list[TallyGroup]] = field(default_factory=dict)


def state_of(status: str) -> str:
    if status in ("confirmed", "accepted", "duplicate"):
        return "confirmed"
    if status in ("conflict", "conflicted", "rejected"):
        return "conflicted"
    if status == "reversed":
        return "reversed"
    return "pending"


def tally_row(r: RedemptionView, book: DayBook) -> TallyRow:
    return TallyRow(
        id=r.id,
        code=r.code,
        rule_name=book.rule_name(r.rule_id),
        kind=r.kind,
        cashier=book.user_name(r.cashier_id),
        channel=r.channel,
        at=r.redeemed_at,
        discount_cents=r.discount_cents,
        amount_cents=r.amount_cents,
        state=state_of(r.status),
        order_no=r.order_no or "",
    )


def day_rows(book: DayBook) -> list[TallyRow]:
    """The day's write-offs, oldest first."""
    return [tally_row(r, book) for r in book.redemptions]


def _group(line: TallyLine, label: str) -> TallyGroup:
    g = TallyGroup(line.key, label)
    for state, cell in line.cells.items():
        g.counts[state] = cell.count
        g.discounts[state] = cell.discount_cents
        g.values[state] = cell.value_cents
    return g


def tally_data(book: DayBook) -> TallyData:
    """The tally screen's content from a day book (the service's Tally plus names)."""
    tally = book.tally
    names = {"rule": book.rule_names, "cashier": book.user_names}
    groups = {
        dim: [_group(r, names.get(dim, {}).get(r.key, r.key)) for r in tally.by(dim)]
        for dim in GROUPINGS
    }
    return TallyData(day=tally.day, total=_group(tally.total, ""), groups=groups)
