"""What the last sync learnt about each spreadsheet, as the Google Sheets source asks for it and
the state folder keeps it (state/sheets_cache.py): the source is handed a cache, never a file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

Rows = list[list[object]]


@dataclass(frozen=True)
class CachedValues:
    """The last read of a spreadsheet: the version its values were read at, the tabs read and
    its size in cells (every tab's grid); its rows are kept apart (`SheetCache.rows`)."""

    modified_time: str
    titles: list[str]
    cells: int = 0


@dataclass(frozen=True)
class CachedTabs:
    modified_time: str | None
    gids: dict[str, int]


class SheetCache(Protocol):
    def values(self, key: str) -> CachedValues | None: ...

    def store_values(self, key: str, cached: CachedValues, rows: Mapping[str, Rows]) -> None: ...

    def rows(self, key: str, cached: CachedValues) -> dict[str, Rows] | None:
        """The rows of the read `cached` names, or None when they are not there (any more)."""
        ...

    def tabs(self, key: str) -> CachedTabs | None: ...

    def store_tabs(self, key: str, cached: CachedTabs) -> None: ...
