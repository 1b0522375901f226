"""The validated data of one sync: typed records per tab plus every issue found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from deskbook.checks.issues import Issue, Severity


@dataclass(frozen=True)
class Record:
    """One usable row: typed values by column key, and where it came from."""

    tab: str
    row: int
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


@dataclass
class TabData:
    key: str
    sheet: str | None
    rows: int = 0
    records: list[Record] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)
    # Key values read from rows that were held back: references to them still count as known.
    rejected_keys: dict[str, set[Any]] = field(default_factory=dict)
    link: str | None = None
    # Column key -> 0-based index in the sheet, so later checks can name a cell.
    columns: dict[str, int] = field(default_factory=dict)

    @property
    def valid(self) -> int:
        return len(self.records)


@dataclass
class Dataset:
    tabs: dict[str, TabData]
    issues: list[Issue]
    source: str
    synced_at: dt.datetime
    # The source reported no change since the last sync (Google Sheets: same modifiedTime).
    unchanged: bool = False

    def records(self, tab: str) -> list[Record]:
        return self.tabs[tab].records

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            key: {"rows": t.rows, "valid": t.valid, "rejected": len(t.rejected)}
            for key, t in self.tabs.items()
        }
