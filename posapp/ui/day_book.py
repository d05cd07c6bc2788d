"""One business day's write-offs on this till, with rule and cashier names: what the history,
reversal and tally screens list. Called from background ops only (it reads the till database).

The till service offers the day's tally (aggregates) but no list of single write-offs, so the
list is read from the till's ledger through the service's own database handle, in the same
business-day bounds the tally uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from posapp.ui.view_models import TallyRow, tally_row


@dataclass
class DayBook:
    day: date | None
    tally: Any  # posapp.sync.tally.Tally
    rows: list[TallyRow] = field(default_factory=list)
    rule_names: dict[str, str] = field(default_factory=dict)
    user_names: dict[str, str] = field(default_factory=dict)


def read_day(service: Any, day: date | None = None) -> DayBook:
    from posapp.store import cache
    from posapp.store.ledger import redemptions_between
    from posapp.store.models import UserRow

    tally = service.tally(day)
    with service.db.read() as s:
        reds = list(redemptions_between(s, tally.start, tally.end))
        rule_ids = {r.rule_id for r in reds} | {r.key for r in tally.by("rule")}
        user_ids = {r.cashier_id for r in reds} | {r.key for r in tally.by("cashier")}
        rule_names = {}
        for rid in rule_ids:
            rule = cache.get_rule(s, rid)
            rule_names[rid] = rule.head.name if rule is not None else rid
        user_names = {}
        for uid in user_ids:
            user = s.get(UserRow, uid)
            user_names[uid] = user.name if user is not None else uid
        rows = [tally_row(r, rule_names, user_names) for r in reds]
    return DayBook(tally.day, tally, rows, rule_names, user_names)
