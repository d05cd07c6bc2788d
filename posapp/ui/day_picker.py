"""The business day a list shows: the till's own day until the user picks another one.

The till's day is the store's (its time zone and cut-off hour), which the computer's calendar
does not know: at 01:00 with a 04:00 cut-off it is still yesterday. So the picker starts out
meaning "the till's business day" and shows whichever day the service answered for.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QWidget


class DayPicker(QDateEdit):
    picked = Signal()  # the user chose a day

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QDate.currentDate(), parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self._chosen = False
        self.dateChanged.connect(self._changed)

    def chosen(self) -> date | None:
        """The day the user picked, or None for the till's current business day."""
        return self.shown() if self._chosen else None

    def shown(self) -> date:
        d = self.date()
        return date(d.year(), d.month(), d.day())

    def choose(self, day: date) -> None:
        """Pick a day as the user would."""
        self.setDate(QDate(day.year, day.month, day.day))

    def show_day(self, day: date) -> None:
        """Show the day an answer was for, without counting it as the user's choice."""
        self.blockSignals(True)
        try:
            self.setDate(QDate(day.year, day.month, day.day))
        finally:
            self.blockSignals(False)

    def _changed(self, _date: QDate) -> None:
        self._chosen = True
        self.picked.emit()
