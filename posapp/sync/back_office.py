"""The manager's side of the till service: what waits to be sent, the conflict inbox, the day's
tally and write-offs. `TillService` inherits it, so the GUI and the CLI keep one entry point."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from posapp.store.db import Database
from posapp.sync import inbox, queue
from posapp.sync.changes import Change, ChangeHub
from posapp.sync.day_book import DayBook, read_day_book
from posapp.sync.results import ConflictView, RedemptionView
from posapp.sync.tally import Tally, day_tally, tally_to_csv


class BackOffice:
    """Reads and settles the till's ledger; needs the till's database, clock and change hub."""

    db: Database
    clock: Callable[[], datetime]
    changes: ChangeHub

    def queue(self) -> list[RedemptionView]:
        """Write-offs waiting to be sent, oldest first, with their retry state."""
        return queue.queued(self.db)

    def conflicts(self, open_only: bool = True) -> list[ConflictView]:
        return inbox.conflicts(self.db, open_only)

    def resolve_conflict(self, conflict_id: int, by: str, resolution: str) -> ConflictView:
        """Close a conflict with what the manager did about it (e.g. 'customer paid in full')."""
        view = inbox.resolve_conflict(self.db, self.clock, conflict_id, by, resolution)
        self.changes.emit(Change.CONFLICTS | Change.STATUS)
        return view

    def tally(self, day: date | None = None) -> Tally:
        """The business day's tally (today's by default) in the store's time zone."""
        return day_tally(self.db, self.clock, day)

    def tally_csv(self, day: date | None = None) -> str:
        return tally_to_csv(self.tally(day))

    def day_book(self, day: date | None = None) -> DayBook:
        """The day's write-offs one by one, with their tally and names (day_book.py)."""
        return read_day_book(self.db, self.tally(day))
