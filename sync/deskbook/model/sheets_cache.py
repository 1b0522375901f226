"""What the last sync learnt about each spreadsheet, as the Google Sheets source asks for it and
the state folder keeps it (state/sheets_cache.py): the source is handed a cache, never a file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

Row = tuple[object, ...]
Rows = list[Row]


class SharedValues:
    """Rows as read, each a tuple, every equal text, whole number or fraction held once.

    A large tab repeats most of its values (units, names, statuses, dates as serial numbers,
    amounts) and a parser makes a new object of each: for a 9M-cell spreadsheet, hundreds of
    MB. A number is shared only with numbers of its own type: 1 and 1.0 and True are equal
    in Python, not in a cell."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._ints: dict[int, int] = {}
        self._floats: dict[float, float] = {}

    def row(self, values: list[object]) -> Row:
        texts, ints, floats = self._texts, self._ints, self._floats
        return tuple(
            [
                texts.setdefault(v, v)  # type: ignore[arg-type]
                if (kind := v.__class__) is str
                else ints.setdefault(v, v)  # type: ignore[arg-type]
                if kind is int
                else floats.setdefault(v, v)  # type: ignore[arg-type]
                if kind is float
                else v
                for v in values
            ]
        )


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
