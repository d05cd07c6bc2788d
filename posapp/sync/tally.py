"""The manager's daily tally: write-offs of one business day, by kind, rule, cashier, channel
and hour, split into confirmed, pending and conflicted (plus reversed), with a CSV export.

Written off means confirmed, pending or conflicted: the coupon left the till with the customer.
A reversed one was given back and counts only as reversed. Screens, the CSV and the CLI take
these figures from a `Tally` (the tally screen and its export from the same one), rather than
adding up write-offs themselves.

The business day is the store's (its time zone and cut-off hour): a sale at 02:30 with a
cut-off of 4 counts towards the day before.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from posapp.domain.business_day import business_day, day_bounds
from posapp.domain.money import format_cents
from posapp.domain.timeutil import to_iso
from posapp.store.db import Database
from posapp.store.ledger import redemptions_between
from posapp.store.models import RedemptionRow, RedemptionStatus
from posapp.store.state import peek_sync_state

DIMENSIONS = ("kind", "rule", "cashier", "channel", "hour")
STATES = ("confirmed", "pending", "conflicted", "reversed")
WRITTEN_OFF = ("confirmed", "pending", "conflicted")  # not the reversed: given back

_STATE_OF = {
    RedemptionStatus.CONFIRMED.value: "confirmed",
    RedemptionStatus.PENDING.value: "pending",
    RedemptionStatus.CONFLICT.value: "conflicted",
    RedemptionStatus.REJECTED.value: "conflicted",
    RedemptionStatus.REVERSED.value: "reversed",
}


def state_of(status: str) -> str:
    """The tally's state of a write-off's status (an unknown one waits, as pending does)."""
    return _STATE_OF.get(status, "pending")


@dataclass
class Cell:
    count: int = 0
    amount_cents: int = 0  # the bills
    discount_cents: int = 0  # taken off the bills
    value_cents: int = 0  # what the coupons were worth (discount, or the gift's value)

    def add(self, amount: int, discount: int, value: int) -> None:
        self.count += 1
        self.amount_cents += amount
        self.discount_cents += discount
        self.value_cents += value

    @classmethod
    def combined(cls, cells: Iterable[Cell]) -> Cell:
        out = cls()
        for c in cells:
            out.count += c.count
            out.amount_cents += c.amount_cents
            out.discount_cents += c.discount_cents
            out.value_cents += c.value_cents
        return out


@dataclass
class TallyRow:
    dimension: str  # kind | rule | cashier | channel | hour | total
    key: str
    cells: dict[str, Cell] = field(default_factory=lambda: {s: Cell() for s in STATES})

    @property
    def confirmed(self) -> Cell:
        return self.cells["confirmed"]

    @property
    def pending(self) -> Cell:
        return self.cells["pending"]

    @property
    def conflicted(self) -> Cell:
        return self.cells["conflicted"]

    @property
    def reversed(self) -> Cell:
        return self.cells["reversed"]

    @property
    def written_off(self) -> Cell:
        """Confirmed, pending and conflicted together: what the tally calls written off."""
        return Cell.combined(self.standing().values())

    def standing(self) -> dict[str, Cell]:
        """The written-off figures by state (the reversed left out), in the order of STATES."""
        return {s: self.cells[s] for s in WRITTEN_OFF}


@dataclass
class Tally:
    day: date
    timezone: str
    cutoff_hour: int
    start: datetime
    end: datetime
    total: TallyRow
    rows: list[TallyRow]

    def by(self, dimension: str) -> list[TallyRow]:
        return [r for r in self.rows if r.dimension == dimension]

    def to_dict(self) -> dict[str, Any]:
        def row(r: TallyRow) -> dict[str, Any]:
            return {"dimension": r.dimension, "key": r.key} | {
                s: c.__dict__.copy() for s, c in r.cells.items()
            }

        return {
            "day": self.day.isoformat(),
            "timezone": self.timezone,
            "cutoff_hour": self.cutoff_hour,
            "start": to_iso(self.start),
            "end": to_iso(self.end),
            "total": row(self.total),
            "rows": [row(r) for r in self.rows],
        }


def day_tally(db: Database, clock: Callable[[], datetime], day: date | None = None) -> Tally:
    """The business day's tally (today's by default) in the store's time zone."""
    with db.read() as s:
        return read_day(s, clock(), day)[0]


def read_day(
    session: Session, now: datetime, day: date | None = None
) -> tuple[Tally, Sequence[RedemptionRow]]:
    """The business day's write-offs (default: the day now falls in) and their tally, from one
    query, so that a list of them and its totals cannot disagree."""
    st = peek_sync_state(session)
    if day is None:
        day = business_day(now, st.timezone, st.cutoff_hour)
    start, end = day_bounds(day, st.timezone, st.cutoff_hour)
    rows = redemptions_between(session, start, end)
    return add_up(rows, day, st.timezone, st.cutoff_hour), rows


def add_up(rows: Iterable[RedemptionRow], day: date, tz_name: str, cutoff_hour: int) -> Tally:
    """Add up the write-offs of business day (read in its bounds) by state and dimension."""
    start, end = day_bounds(day, tz_name, cutoff_hour)
    zone = ZoneInfo(tz_name)
    total = TallyRow("total", "all")
    groups: dict[tuple[str, str], TallyRow] = {}
    for red in rows:
        state = state_of(red.status)
        local_hour = red.redeemed_at.astimezone(zone).strftime("%H:00")
        keys = {
            "kind": red.kind,
            "rule": red.rule_id,
            "cashier": red.cashier_id,
            "channel": red.channel,
            "hour": local_hour,
        }
        figures = (red.amount_cents, red.discount_cents, red.value_cents)
        total.cells[state].add(*figures)
        for dim, key in keys.items():
            row = groups.setdefault((dim, key), TallyRow(dim, key))
            row.cells[state].add(*figures)
    ordered = sorted(groups.values(), key=lambda r: (DIMENSIONS.index(r.dimension), r.key))
    return Tally(day, tz_name, cutoff_hour, start, end, total, ordered)


CSV_COLUMNS = (
    "day",
    "dimension",
    "key",
    "state",
    "count",
    "amount",
    "discount",
    "value",
    "amount_cents",
    "discount_cents",
    "value_cents",
)


def tally_to_csv(tally: Tally) -> str:
    """The tally as CSV: one line per group and state, money in yuan and in cents."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in [tally.total, *tally.rows]:
        for state in STATES:
            c = row.cells[state]
            writer.writerow(
                (
                    tally.day.isoformat(),
                    row.dimension,
                    row.key,
                    state,
                    c.count,
                    format_cents(c.amount_cents),
                    format_cents(c.discount_cents),
                    format_cents(c.value_cents),
                    c.amount_cents,
                    c.discount_cents,
                    c.value_cents,
                )
            )
    return out.getvalue()
