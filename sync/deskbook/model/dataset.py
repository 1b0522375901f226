"""The validated data of one sync: typed records per tab plus every issue found."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from itertools import repeat
from operator import attrgetter
from typing import Any, Literal, cast, overload

from deskbook.model.issues import Issue, Severity
from deskbook.model.records import (
    RECORD_CLASSES,
    AcknowledgementRow,
    AttendanceRow,
    DutyRow,
    FeeRow,
    NoticeRow,
    OwnerRow,
    PlanRow,
    Record,
    ReminderRow,
    SessionRow,
    StaffRow,
    TicketRow,
)


class UnknownColumn(KeyError, AttributeError):
    """A column its tab does not declare: a typo, or a column renamed in the schema."""

    def __init__(self, tab: str, key: str) -> None:
        super().__init__(f"tab {tab!r} has no column {key!r}")
        self.tab = tab
        self.key = key

    def __str__(self) -> str:
        return str(self.args[0])


def _setters(kind: type[Record]) -> tuple[tuple[str, Callable[[Record, Any], None]], ...]:
    """The slot setters of a record class, so that building a record gets past the frozen
    dataclass's __setattr__ without a call to __init__ per row."""
    owners = {key: next(c for c in kind.__mro__ if key in c.__dict__) for key in kind.columns}
    return tuple((key, owners[key].__dict__[key].__set__) for key in kind.columns)


_SETTERS = {tab: _setters(kind) for tab, kind in RECORD_CLASSES.items()}
_set_row = cast(Callable[[Record, int], None], Record.__dict__["row"].__set__)


def _known(tab: str, keys: Iterable[str]) -> type[Record]:
    kind = RECORD_CLASSES[tab]
    unknown = set(keys) - set(kind.columns)
    if unknown:
        raise UnknownColumn(tab, min(unknown))
    return kind


def make_record(tab: str, row: int, values: Mapping[str, Any]) -> Record:
    """A record of `tab` from a row's values by column key; a declared column left out reads
    as None, an undeclared one raises UnknownColumn."""
    kind = _known(tab, values)
    record = object.__new__(kind)
    _set_row(record, row)
    for key, set_value in _SETTERS[tab]:
        set_value(record, values.get(key))
    return record


def from_columns(
    tab: str, rows: Sequence[int], columns: Mapping[str, Sequence[Any]]
) -> list[Record]:
    """One record per row from whole columns (key -> values in row order), as validation
    reads them: no dict per row, and the slots filled column by column in C (map over the
    slot setters), which is what a million fee rows need."""
    kind = _known(tab, columns)
    records: list[Record] = list(map(object.__new__, repeat(kind, len(rows))))
    deque(map(_set_row, records, rows), maxlen=0)
    for key, set_value in _SETTERS[tab]:
        values = columns.get(key)
        deque(map(set_value, records, repeat(None) if values is None else values), maxlen=0)
    return records


# How records are made in bulk: the process's runtime settings (deskbook.runtime) put a
# collector pause here when a command enters them; plain library use makes them as they come.
building: Callable[[], AbstractContextManager[None]] = nullcontext


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
        _known(self.key, values)
        self._numbers, self._values, self._records = numbers, values, None

    @property
    def records(self) -> list[Record]:
        if self._records is None:
            assert self._values is not None
            # Made in bulk: collections set off by a million new records would each walk them.
            with building():
                self._records = from_columns(self.key, self._numbers, self._values)
        return self._records

    @records.setter
    def records(self, records: list[Record]) -> None:
        self._records, self._values, self._numbers = records, None, []

    def column(self, key: str) -> list[Any]:
        """One column's values in record order (not to be changed)."""
        if self._values is None:
            return list(map(attrgetter(key), self.records))
        _known(self.key, (key,))
        found = self._values.get(key)
        return found if found is not None else [None] * len(self._numbers)

    def replace_column(self, key: str, values: list[Any]) -> None:
        """One column's values, in record order, read anew (a check that reads a name as the
        ID it stands for)."""
        _known(self.key, (key,))
        if self._values is None:
            self.records = [
                replace(record, **{key: value})
                for record, value in zip(self.records, values, strict=True)
            ]
        else:
            self._values[key] = values
            self._records = None

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


@dataclass(frozen=True)
class SpreadsheetSize:
    """An online spreadsheet's size against its service's limit (Google: 10M cells)."""

    name: str
    cells: int  # every tab's rows x columns, empty cells included: what the limit counts
    tab: str  # the key of a tab read from it, where a report places the spreadsheet


@dataclass
class Dataset:
    tabs: dict[str, TabData]
    issues: list[Issue]
    source: str
    synced_at: dt.datetime
    # The source reported no change since the last sync (Google Sheets: same modifiedTime).
    unchanged: bool = False
    # The spreadsheets read, for a source that has them (Google Sheets).
    spreadsheets: list[SpreadsheetSize] = field(default_factory=list)

    @overload
    def records(self, tab: Literal["staff"]) -> list[StaffRow]: ...
    @overload
    def records(self, tab: Literal["training_sessions"]) -> list[SessionRow]: ...
    @overload
    def records(self, tab: Literal["training_attendance"]) -> list[AttendanceRow]: ...
    @overload
    def records(self, tab: Literal["training_plan"]) -> list[PlanRow]: ...
    @overload
    def records(self, tab: Literal["owners"]) -> list[OwnerRow]: ...
    @overload
    def records(self, tab: Literal["tickets"]) -> list[TicketRow]: ...
    @overload
    def records(self, tab: Literal["fees"]) -> list[FeeRow]: ...
    @overload
    def records(self, tab: Literal["fee_reminders"]) -> list[ReminderRow]: ...
    @overload
    def records(self, tab: Literal["announcements"]) -> list[NoticeRow]: ...
    @overload
    def records(self, tab: Literal["responsibilities"]) -> list[DutyRow]: ...
    @overload
    def records(self, tab: Literal["sop_acknowledgements"]) -> list[AcknowledgementRow]: ...
    @overload
    def records(self, tab: str) -> list[Record]: ...
    def records(self, tab: str) -> list[Any]:
        """The usable records of a tab, typed by its record class when the tab is named."""
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
