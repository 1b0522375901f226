"""The validated data of one sync: typed records per tab plus every issue found."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import FrozenInstanceError, dataclass
from itertools import repeat
from operator import attrgetter
from typing import Any, ClassVar, cast

from deskbook.checks.issues import Issue, Severity
from deskbook.schema.columns import bulk
from deskbook.schema.tabs import TABS, Tab


class UnknownColumn(KeyError, AttributeError):
    """A read of a column its tab does not declare: a typo, or a column renamed in the schema.

    Both a KeyError (for `record["key"]`) and an AttributeError (for `record.key`, so that
    `hasattr` and templates keep working)."""

    def __init__(self, tab: str, key: str) -> None:
        super().__init__(f"tab {tab!r} has no column {key!r}")
        self.tab = tab
        self.key = key

    def __str__(self) -> str:
        return str(self.args[0])


class Record:
    """One usable row: typed values by column key, and the row it came from.

    `Record(tab, row, values)` makes an instance of that tab's own class, one slot per
    declared column: a ticket takes about 150 bytes, against some 500 as a dict, which is
    what lets a million rows fit in memory. A column the sheet lacks reads as None; a key the
    tab does not declare raises UnknownColumn."""

    __slots__ = ("row",)
    row: int
    tab: ClassVar[str] = ""
    columns: ClassVar[tuple[str, ...]] = ()
    _known: ClassVar[frozenset[str]] = frozenset()
    # Slot setters, so that building a record gets past the read-only __setattr__.
    _setters: ClassVar[tuple[tuple[str, Callable[[Record, Any], None]], ...]] = ()

    def __new__(cls, tab: str, row: int, values: Mapping[str, Any]) -> Record:
        kind = _RECORD_CLASSES[tab]
        if not values.keys() <= kind._known:
            raise UnknownColumn(tab, min(values.keys() - kind._known))
        record = object.__new__(kind)
        _set_row(record, row)
        for key, set_value in kind._setters:
            set_value(record, values.get(key))
        return record

    @staticmethod
    def from_columns(
        tab: str, rows: Sequence[int], columns: Mapping[str, Sequence[Any]]
    ) -> list[Record]:
        """One record per row from whole columns (key -> values in row order), as validation
        reads them: no dict per row, and the slots filled column by column in C (map over the
        slot setters), which is what a million fee rows need. A declared column absent from
        `columns` reads as None; an undeclared one raises UnknownColumn."""
        kind = _RECORD_CLASSES[tab]
        if not columns.keys() <= kind._known:
            raise UnknownColumn(tab, min(columns.keys() - kind._known))
        records: list[Record] = list(map(object.__new__, repeat(kind, len(rows))))
        deque(map(_set_row, records, rows), maxlen=0)
        for key, set_value in kind._setters:
            values = columns.get(key)
            deque(map(set_value, records, repeat(None) if values is None else values), maxlen=0)
        return records

    def __getitem__(self, key: str) -> Any:
        if key in self._known:
            return getattr(self, key)
        raise UnknownColumn(self.tab, key)

    def __getattr__(self, key: str) -> Any:
        # Reached only when no column, nor anything else, has this name.
        raise UnknownColumn(self.tab, key)

    def __setattr__(self, key: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {key!r}")

    def __delattr__(self, key: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {key!r}")

    @property
    def values(self) -> dict[str, Any]:
        """Every column's value by key, in declared order."""
        return {key: getattr(self, key) for key in self.columns}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return (self.tab, self.row, self.values) == (other.tab, other.row, other.values)

    def __repr__(self) -> str:
        return f"Record({self.tab!r}, {self.row!r}, {self.values!r})"


_set_row = cast(Callable[[Record, int], None], Record.__dict__["row"].__set__)


def record_class(tab: Tab) -> type[Record]:
    """The record class of one declared tab: a slot per column, named after the tab."""
    keys = tuple(column.key for column in tab.columns)
    taken = sorted(set(keys) & set(dir(Record)))
    if taken:
        raise TypeError(f"tab {tab.key!r}: column keys {taken} would hide a Record attribute")
    name = "".join(part.title() for part in tab.key.split("_")) + "Record"
    namespace = {"__slots__": keys, "__module__": __name__, "tab": tab.key, "columns": keys}
    kind = cast(type[Record], type(name, (Record,), namespace))
    kind._known = frozenset(keys)
    kind._setters = tuple((key, kind.__dict__[key].__set__) for key in keys)
    return kind


_RECORD_CLASSES: dict[str, type[Record]] = {tab.key: record_class(tab) for tab in TABS}


class TabData:
    """One tab's usable records, what was held back, and where its columns are.

    Validation hands over whole columns (`set_columns`); the records are made from them the
    first time they are asked for. A check of a large company's workbook reads its fee rows
    only by columns (keys, references, the snapshot), and never makes a million of them."""

    def __init__(
        self,
        key: str,
        sheet: str | None,
        rows: int = 0,
        records: list[Record] | None = None,
        rejected: list[int] | None = None,
        rejected_keys: dict[str, set[Any]] | None = None,
        link: str | None = None,
        columns: dict[str, int] | None = None,
    ) -> None:
        self.key = key
        self.sheet = sheet
        self.rows = rows
        self.rejected = rejected if rejected is not None else []
        # Key values read from rows that were held back: references to them still count as known.
        self.rejected_keys = rejected_keys if rejected_keys is not None else {}
        self.link = link
        # Column key -> 0-based index in the sheet, so later checks can name a cell.
        self.columns = columns if columns is not None else {}
        self._records: list[Record] | None = records if records is not None else []
        # Row numbers and column key -> values, in record order, while they say all there is.
        self._numbers: list[int] = []
        self._values: dict[str, list[Any]] | None = None

    def set_columns(self, numbers: list[int], values: dict[str, list[Any]]) -> None:
        """The usable rows as columns: their sheet row numbers, and key -> values in that order
        (a declared column the sheet lacks may be left out, and reads as None)."""
        kind = _RECORD_CLASSES[self.key]
        if not values.keys() <= kind._known:
            raise UnknownColumn(self.key, min(values.keys() - kind._known))
        self._numbers, self._values, self._records = numbers, values, None

    @property
    def records(self) -> list[Record]:
        if self._records is None:
            assert self._values is not None
            # Made in bulk: collections set off by a million new records would each walk them.
            with bulk():
                self._records = Record.from_columns(self.key, self._numbers, self._values)
        return self._records

    @records.setter
    def records(self, records: list[Record]) -> None:
        self._records, self._values, self._numbers = records, None, []

    def column(self, key: str) -> list[Any]:
        """One column's values in record order (not to be changed)."""
        if self._values is None:
            return list(map(attrgetter(key), self.records))
        if key not in _RECORD_CLASSES[self.key]._known:
            raise UnknownColumn(self.key, key)
        found = self._values.get(key)
        return found if found is not None else [None] * len(self._numbers)

    def row_numbers(self) -> list[int]:
        """The sheet row of each record, in record order."""
        if self._values is None:
            return list(map(attrgetter("row"), self.records))
        return self._numbers

    @property
    def valid(self) -> int:
        return len(self._numbers) if self._records is None else len(self._records)

    def hold_back(self, rows: set[int]) -> None:
        """Leave these rows out of every view (a check found an error in them); done once per
        check, as removing rows one by one is quadratic."""
        if not rows:
            return
        if self._values is None:
            self.records = [r for r in self.records if r.row not in rows]
        else:
            keep = [at for at, row in enumerate(self._numbers) if row not in rows]
            self._numbers = list(map(self._numbers.__getitem__, keep))
            self._values = {k: list(map(v.__getitem__, keep)) for k, v in self._values.items()}
            if self._records is not None:
                self._records = list(map(self._records.__getitem__, keep))
        self.rejected = sorted({*self.rejected, *rows})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TabData):
            return NotImplemented
        return self._state() == other._state()

    __hash__ = None  # type: ignore[assignment]

    def _state(self) -> tuple[object, ...]:
        return (
            self.key,
            self.sheet,
            self.rows,
            self.records,
            self.rejected,
            self.rejected_keys,
            self.link,
            self.columns,
        )

    def __repr__(self) -> str:
        return f"TabData({self.key!r}, {self.sheet!r}, rows={self.rows}, valid={self.valid})"


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
