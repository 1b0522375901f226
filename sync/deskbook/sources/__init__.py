"""Sources hand over raw sheets: every value with its row and column, nothing typed yet."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

# Excel's error values, and the ones Google Sheets and newer Excel add. A cell that shows one
# holds no value: Excel itself turns a typed "#N/A" into the error.
ERROR_VALUES = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!"}
    | {"#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#ERROR!", "#BUSY!"}
)


@dataclass(frozen=True, slots=True)
class ErrorValue:
    """A cell that holds an error value (#REF!, #N/A, ...) instead of data."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True)
class Uncomputed:
    """A formula whose result was never computed and saved (written by a script or an
    exporter that does not calculate): the value a clerk sees in Excel is not in the file."""

    formula: str

    def __str__(self) -> str:
        return self.formula


@dataclass(frozen=True, slots=True)
class Percent:
    """A number shown as a percentage: the file holds 0.85 where the clerk typed 85%."""

    value: int | float

    def __str__(self) -> str:
        return f"{self.value * 100:.10g}%"


@dataclass(frozen=True)
class RawRow:
    number: int
    values: tuple[object, ...]

    def is_blank(self) -> bool:
        return all(v is None or (isinstance(v, str) and not v.strip()) for v in self.values)


@dataclass(frozen=True)
class RawSheet:
    """One tab as read: `rows` keeps sheet row numbers; blank trailing rows are dropped."""

    title: str
    rows: tuple[RawRow, ...]
    link: str | None = None
    # Hidden in the workbook: a visible sheet of the same tab wins over it.
    hidden: bool = False


class LazySheets(Mapping[str, RawSheet]):
    """A workbook's sheets, each read when asked for and not kept: validation takes one tab
    at a time, so a large workbook is never held whole beside its validated records. Titles
    and hidden flags are known up front, from the workbook's own list of sheets."""

    def __init__(self, hidden: dict[str, bool], load: Callable[[str], RawSheet]) -> None:
        self._hidden = hidden
        self._load = load

    def __getitem__(self, title: str) -> RawSheet:
        if title not in self._hidden:
            raise KeyError(title)
        return self._load(title)

    def __iter__(self) -> Iterator[str]:
        return iter(self._hidden)

    def __len__(self) -> int:
        return len(self._hidden)

    def hidden(self, title: str) -> bool:
        return self._hidden[title]


@dataclass(frozen=True)
class RawWorkbook:
    sheets: Mapping[str, RawSheet]
    description: str
    # Tab key -> key in `sheets`, when the source itself decided which sheet feeds which tab
    # (Google Sheets: tabs may come from several spreadsheets, so titles can repeat).
    tabs: dict[str, str] | None = None
    # The source says nothing changed since the last sync (rows come from its local cache).
    unchanged: bool = False

    def is_hidden(self, title: str) -> bool:
        """Without reading the sheet, if the source can tell."""
        if isinstance(self.sheets, LazySheets):
            return self.sheets.hidden(title)
        return self.sheets[title].hidden


class Source(Protocol):
    def read(self) -> RawWorkbook: ...


def trim_rows(rows: Sequence[Sequence[object]], first_row: int = 1) -> tuple[RawRow, ...]:
    """Drop trailing blank cells of each row and trailing blank rows of the sheet."""
    kept: list[RawRow] = []
    for number, values in enumerate(rows, start=first_row):
        end = len(values)
        while end and ((v := values[end - 1]) is None or (isinstance(v, str) and not v.strip())):
            end -= 1
        kept.append(RawRow(number, tuple(values[:end])))
    while kept and not kept[-1].values:
        kept.pop()
    return tuple(kept)
