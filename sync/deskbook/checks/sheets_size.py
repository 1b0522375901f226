"""Google's ceiling said early: each spreadsheet's cells against the 10M Google allows.

Google counts every tab's grid, rows x columns, empty cells too; at the limit it refuses any
change that adds a cell, so a growing office would find out on the day its clerks cannot
enter a row. The warning comes at 80 %, with months to split (docs: sheets-at-scale).
"""

from __future__ import annotations

from deskbook.model.dataset import Dataset
from deskbook.model.issues import Issue, Location, SpreadsheetNearLimit

CELL_LIMIT = 10_000_000  # Google Sheets' cells per spreadsheet
WARN_AT = 0.8


def share(cells: int) -> str:
    return f"{cells / CELL_LIMIT:.0%}"


def size_issues(dataset: Dataset) -> list[Issue]:
    issues: list[Issue] = []
    for size in dataset.spreadsheets:
        if size.cells < WARN_AT * CELL_LIMIT:
            continue
        data = dataset.tabs.get(size.tab)
        sheet = data.sheet if data is not None and data.sheet else ""
        params = {
            "name": size.name,
            "cells": f"{size.cells:,}",
            "limit": f"{CELL_LIMIT:,}",
            "share": share(size.cells),
        }
        issues.append(SpreadsheetNearLimit(Location(size.tab, sheet), params))
    return issues
