"""Sources hand over raw sheets: every value with its row and column, nothing typed yet."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, overload

from deskbook.model.dataset import SpreadsheetSize

if TYPE_CHECKING:
    from deskbook.config import Config
    from deskbook.model.sheets_cache import SheetCache


def filled(value: object) -> bool:
    """A cell that holds something: not None, not blank or spaces-only text."""
    return value is not None and not (value.__class__ is str and not value.strip())


def blank(values: Sequence[object]) -> bool:
    """No cell of these holds anything; quick for the usual row whose first cell does."""
    return not values or (not filled(values[0]) and not any(map(filled, values)))


@dataclass(frozen=True)
class RawRow:
    number: int
    values: tuple[object, ...]

    def is_blank(self) -> bool:
        return blank(self.values)


@dataclass(frozen=True)
class Body:
    """A tab's data rows below its header, blank rows left out, for reading by columns.

    `normal` (when not None) turns a cell as held here into the value a RawRow holds: a reader
    that leaves that to the column's reader hands over each distinct value once, not every cell.
    """

    numbers: list[int]
    columns: Callable[[Sequence[int]], list[list[object]]]
    row: Callable[[int], tuple[object, ...]]
    normal: Callable[[object], object] | None = None
    # A RawRow drops a row's trailing blank cells, so a spaces-only cell with nothing after it
    # reads as no cell at all. Given the sheet column, its cells and the spaces-only values
    # among them, sets those cells to None; None when the rows are RawRows already.
    blank_tail: Callable[[int, list[object], set[str]], None] | None = None
    # The widest row's cell count: a value beyond every header is still a value someone typed.
    width: int = 0


def cells_of(rows: Sequence[Sequence[object]], indexes: Sequence[int]) -> list[list[object]]:
    """The given columns of these rows, a short row's missing cells as None."""
    if not indexes:
        return []
    width = max(indexes) + 1
    if rows and min(map(len, rows)) < width:
        rows = [r if len(r) >= width else (*r, *(None,) * (width - len(r))) for r in rows]
    return [list(map(itemgetter(i), rows)) for i in indexes]


class Grid(Sequence[RawRow]):
    """A sheet's cells as the reader returned them (every row as wide as the sheet, '' for an
    empty cell), made into RawRows only when asked for. Validation takes its body by columns
    instead (`body`), so no cell passes through Python one by one: `normal` makes the few
    distinct values of a column what a RawRow would hold, and blank rows are found by a quick
    look at each row's first cell."""

    def __init__(
        self, cells: Sequence[Sequence[object]], normal: Callable[[object], object]
    ) -> None:
        self.cells = cells
        self.normal = normal
        end = len(cells)
        while end and blank(cells[end - 1]):
            end -= 1
        self.end = end

    @cached_property
    def rows(self) -> tuple[RawRow, ...]:
        return tuple(RawRow(n, self.row(n - 1)) for n in range(1, self.end + 1))

    def row(self, at: int) -> tuple[object, ...]:
        """Row `at` (from 0) as a RawRow holds it: normalised, trailing blank cells dropped."""
        values = self.cells[at]
        end = len(values)
        while end and not filled(values[end - 1]):
            end -= 1
        return tuple(map(self.normal, values[:end]))

    def __len__(self) -> int:
        return self.end

    @overload
    def __getitem__(self, index: int) -> RawRow: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[RawRow]: ...
    def __getitem__(self, index: int | slice) -> RawRow | Sequence[RawRow]:
        return self.rows[index]

    def __iter__(self) -> Iterator[RawRow]:
        return iter(self.rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def filled(self) -> Iterator[RawRow]:
        """The rows that hold something, each made when reached (the header is near the top)."""
        for at in range(self.end):
            if not blank(self.cells[at]):
                yield RawRow(at + 1, self.row(at))

    def body(self, after: int) -> Body:
        cells = self.cells
        # Most rows start with a value: only a row that does not is looked at cell by cell.
        kept = [
            at
            for at in range(max(after, 0), self.end)
            if (
                (row := cells[at])
                and (
                    ((v := row[0]).__class__ is str and v and not v.isspace())
                    or (v is not None and v.__class__ is not str)
                )
            )
            or not blank(row)
        ]
        rows = [cells[at] for at in kept]

        def blank_tail(index: int, column: list[object], spaces: set[str]) -> None:
            for at, value in enumerate(column):
                if value in spaces and not any(map(filled, rows[at][index + 1 :])):
                    column[at] = None

        return Body(
            [at + 1 for at in kept],
            lambda indexes: cells_of(rows, indexes),
            lambda at: self.row(kept[at]),
            self.normal,
            blank_tail,
            max(map(len, rows), default=0),
        )


@dataclass(frozen=True)
class RawSheet:
    """One tab as read: `rows` keeps sheet row numbers; blank trailing rows are dropped."""

    title: str
    rows: Sequence[RawRow]
    link: str | None = None
    # Hidden in the workbook: a visible sheet of the same tab wins over it.
    hidden: bool = False

    def filled(self) -> Iterator[RawRow]:
        """The rows that hold something, in sheet order."""
        if isinstance(self.rows, Grid):
            return self.rows.filled()
        return (r for r in self.rows if not blank(r.values))

    def body(self, after: int) -> Body:
        """The rows below sheet row `after` that hold something."""
        if isinstance(self.rows, Grid):
            return self.rows.body(after)
        kept = [r for r in self.rows if r.number > after and not blank(r.values)]
        values = [r.values for r in kept]
        return Body(
            [r.number for r in kept],
            lambda indexes: cells_of(values, indexes),
            values.__getitem__,
            width=max(map(len, values), default=0),
        )


class LazySheets(Mapping[str, RawSheet]):
    """A workbook's sheets, each read when asked for and not kept: validation takes one tab
    at a time, so a large workbook is never held whole beside its validated records. Titles
    and hidden flags are known up front, from the workbook's own list of sheets."""

    def __init__(
        self,
        hidden: dict[str, bool],
        load: Callable[[str], RawSheet],
        expect: Callable[[list[str]], None] | None = None,
    ) -> None:
        self._hidden = hidden
        self._load = load
        self._expect = expect

    def __getitem__(self, title: str) -> RawSheet:
        if title not in self._hidden:
            raise KeyError(title)
        return self._load(title)

    def __contains__(self, title: object) -> bool:
        return title in self._hidden

    def __iter__(self) -> Iterator[str]:
        return iter(self._hidden)

    def __len__(self) -> int:
        return len(self._hidden)

    def hidden(self, title: str) -> bool:
        return self._hidden[title]

    def expect(self, titles: list[str]) -> None:
        """The sheets about to be asked for, in order: a source may read ahead."""
        if self._expect is not None:
            self._expect([t for t in titles if t in self._hidden])


@dataclass(frozen=True)
class RawWorkbook:
    sheets: Mapping[str, RawSheet]
    description: str
    # Tab key -> key in `sheets`, when the source itself decided which sheet feeds which tab
    # (Google Sheets: tabs may come from several spreadsheets, so titles can repeat).
    tabs: dict[str, str] | None = None
    # The source says nothing changed since the last sync.
    unchanged: bool = False
    sizes: tuple[SpreadsheetSize, ...] = ()

    def expect(self, titles: list[str]) -> None:
        """The sheets validation will read, in its order: a lazy source may read ahead."""
        if isinstance(self.sheets, LazySheets):
            self.sheets.expect(titles)

    def is_hidden(self, title: str) -> bool:
        """Without reading the sheet, if the source can tell."""
        if isinstance(self.sheets, LazySheets):
            return self.sheets.hidden(title)
        return self.sheets[title].hidden


class Source(Protocol):
    """One kind of source (xlsx, CSV folder, Google Sheets): an adapter the pipeline opens by
    `open_source` and asks two things."""

    def fingerprint(self) -> str | None:
        """What tells whether the data changed, known before any value is read: a file
        source's bytes, the spreadsheets' Drive versions; None where it cannot be known."""
        ...

    def read(self, tabs: Sequence[str]) -> RawWorkbook:
        """The raw sheets; `tabs` are the tab keys the sync validates, in order (a source
        that maps tabs itself, as Google Sheets does, reads only those)."""
        ...


def open_source(config: Config, cache: Callable[[], SheetCache], refresh: bool = False) -> Source:
    """The office's source by its `[source] kind`: the one place a kind is chosen. Each kind's
    module is imported only when used (Google's client libraries take a while to load)."""
    if config.source.kind == "gsheets":
        from deskbook.sources.google.sheets import GSheetsSource

        return GSheetsSource.open(config, cache(), refresh)
    if config.source.kind == "csv":
        from deskbook.sources.csv import CsvSource

        return CsvSource(config.source_path)
    from deskbook.sources.xlsx import XlsxSource

    return XlsxSource(config.source_path)


def file_digest(path: Path) -> str | None:
    """A file by its bytes: a copied or re-saved file with the same bytes is the same data, and
    a file edited within the clock's resolution is still different."""
    if not path.is_file():
        return None
    with path.open("rb") as f:
        return f"{path.stat().st_size}:{hashlib.file_digest(f, 'sha256').hexdigest()}"


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
