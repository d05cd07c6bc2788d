"""How the till's tables share their width: every column as wide as its contents, and one
column (the coupon's name, as a rule) takes what is left. Equal columns cut codes and amounts
short while a long name column has room to spare."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView


def fit_columns(table: QTableView, stretch: int) -> None:
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
