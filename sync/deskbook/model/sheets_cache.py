"""What the last sync learnt about each spreadsheet, as the Google Sheets source asks for it and
the state file keeps it (state/sheets_cache.py): the source is handed a cache, never the file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class CachedValues:
    """The last read of a spreadsheet: the version its values were read at and the tabs read
    (the values themselves are not kept: the state file would hold the spreadsheet again)."""

    modified_time: str
    titles: list[str]


@dataclass(frozen=True)
class CachedTabs:
    modified_time: str | None
    gids: dict[str, int]


class SheetCache(Protocol):
    def values(self, key: str) -> CachedValues | None: ...

    def store_values(self, key: str, cached: CachedValues) -> None: ...

    def tabs(self, key: str) -> CachedTabs | None: ...

    def store_tabs(self, key: str, cached: CachedTabs) -> None: ...
