"""A business day's write-offs and their tally, as the history, reversal and tally screens list
them. No Qt widgets, no I/O: the day book comes from `TillService.day_book()` in the background.

The figures are the day book's `Tally`, computed once per load: the screens name its groups and
show its cells, and never add anything up themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from posapp.sync.results import RedemptionView

if TYPE_CHECKING:  # the day book reads the database: loaded with the till service, not the GUI
    from posapp.sync.day_book import DayBook
    from posapp.sync.tally import Cell, Tally
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
    value_cents: int = 0  # what the coupon was worth: the discount, or the gift's value


@dataclass(frozen=True)
class TallyGroup:
    """One group of the tally (a kind, a cashier, ...): its name and the tally's own figures."""

    label: str
    line: TallyLine

    @property
    def key(self) -> str:
        return self.line.key

    def cell(self, state: str) -> Cell:
        return self.line.cells[state]

    @property
    def written_off(self) -> Cell:
        return self.line.written_off


@dataclass
class TallyData:
    tally: Tally | None = None  # the one the screen, its chart and its CSV export all show
    groups: dict[str, list[TallyGroup]] = field(default_factory=dict)

    @property
    def day(self) -> date | None:
        return self.tally.day if self.tally else None

    @property
    def total(self) -> TallyGroup | None:
        return TallyGroup("", self.tally.total) if self.tally else None


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
        state=book.state(r),
        order_no=r.order_no or "",
        value_cents=r.value_cents,
    )


def day_rows(book: DayBook) -> list[TallyRow]:
    """The day's write-offs, oldest first."""
    return [tally_row(r, book) for r in book.redemptions]


def tally_data(book: DayBook) -> TallyData:
    """The tally screen's content from a day book (the service's Tally plus names)."""
    tally = book.tally
    names = {"rule": book.rule_names, "cashier": book.user_names}
    groups = {
        dim: [TallyGroup(names.get(dim, {}).get(r.key, r.key), r) for r in tally.by(dim)]
        for dim in GROUPINGS
    }
    return TallyData(tally=tally, groups=groups)
