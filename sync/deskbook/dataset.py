"""The validated data of one sync: typed records per tab plus every issue found."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import FrozenInstanceError, dataclass, field
from itertools import repeat
from typing import Any, ClassVar, cast

from deskbook.checks.issues import Issue, Severity
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

    def hold_back(self, rows: set[int]) -> None:
        """Leave these rows out of every view (a check found an error in them)."""
        if rows:
            self.records = [r for r in self.records if r.row not in rows]
            self.rejected = sorted({*self.rejected, *rows})


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
