"""One business day on this till: its write-offs one by one, their tally, and the names behind
the ids, which is what the history, reversal and tally screens list.

The list and the tally come from one read of the ledger (`tally.read_day`), so the list and
the totals cannot disagree, and every screen shows the figures of that one tally.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from posapp.store import cache
from posapp.store.db import Database
from posapp.sync.inbox import user_name
from posapp.sync.results import RedemptionView
from posapp.sync.tally import Tally, read_day, state_of
from posapp.sync.views import redemption_view


@dataclass(frozen=True)
class DayBook:
    day: date
    tally: Tally
    redemptions: list[RedemptionView] = field(default_factory=list)  # oldest first
    rule_names: dict[str, str] = field(default_factory=dict)  # rule id -> rule name
    user_names: dict[str, str] = field(default_factory=dict)  # user id -> user name

    def rule_name(self, rule_id: str) -> str:
        return self.rule_names.get(rule_id, rule_id)

    def user_name(self, user_id: str) -> str:
        return self.user_names.get(user_id, user_id)

    def state(self, red: RedemptionView) -> str:
        """A write-off's state as its tally counts it: confirmed, pending, conflicted, reversed."""
        return state_of(red.status)


def read_day_book(db: Database, tally: Tally) -> DayBook:
    """Read the write-offs of tally's day with their tally, and name their rules and cashiers.

    Only tally's day is taken: the book's tally is added up from the very rows it lists.
    An id the cache no longer knows (a withdrawn rule, a removed user) is its own name.
    """
    with db.read() as s:
        tally, rows = read_day(s, tally.start, tally.day)
        rule_names: dict[str, str] = {}
        for rule_id in sorted({r.rule_id for r in rows}):
            rule = cache.get_rule(s, rule_id)
            rule_names[rule_id] = rule.head.name if rule is not None else rule_id
        user_names = {u: user_name(s, u) for u in sorted({r.cashier_id for r in rows})}
        redemptions = [redemption_view(r) for r in rows]
    return DayBook(tally.day, tally, redemptions, rule_names, user_names)
