"""Read a local .xlsx workbook fast: python-calamine for the values, a scan of the sheet XML
for what a value reader cannot tell.

A cell's value alone can mislead: a formula nobody computed reads as blank, 85% reads as 0.85
and #REF! as blank too. calamine (Rust) reads the values some twenty times faster than
openpyxl; `xlsx_marks.scan` then finds, in each sheet's raw XML, the few cells that are error
values, formulas without a cached value or numbers shown as percentages, and hands them over
as ErrorValue, Uncomputed or Percent (sources/__init__.py), as the complete reader does.

Anything this reader does not expect (a damaged part, a cell without its address) sends the
whole workbook to the complete reader (xlsx_full.py), which names the damage at its tab.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import zipfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineSheet, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from deskbook import progress
from deskbook.errors import SourceError
from deskbook.runtime import cores
from deskbook.sources import Grid, LazySheets, RawSheet, RawWorkbook, file_digest
from deskbook.sources.xlsx_marks import Scanned, book_parts, scan

# Beyond 2**53 a float no longer holds every integer: such a number stays as read.
_EXACT = 2.0**53
_MIDNIGHT = dt.time(0)


def _cell(value: object) -> object:
    """calamine's value as the complete reader gives it: a blank as None, a whole number as an
    int (Excel writes 60, never 60.0), a date-formatted serial as a datetime."""
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        number: float = value  # type: ignore[assignment]
        return int(number) if number.is_integer() and -_EXACT < number < _EXACT else number
    if kind is dt.date:
        return dt.datetime.combine(value, _MIDNIGHT)  # type: ignore[arg-type]
    return value


def _patched(grid: list[list[Any]], patches: dict[tuple[int, int], object]) -> list[list[Any]]:
    """The grid with the cells a value reader cannot tell put right (ErrorValue, ...)."""
    for (row, column), value in patches.items():
        while len(grid) <= row:
            grid.append([])
        cells = grid[row]
        cells.extend([""] * (column + 1 - len(cells)))
        cells[column] = value
    return grid


@dataclass(frozen=True)
class XlsxSource:
    path: Path

    def fingerprint(self) -> str | None:
        return file_digest(self.path)

    def read(self, tabs: Sequence[str] = ()) -> RawWorkbook:
        if not self.path.is_file():
            raise SourceError("source-missing", path=str(self.path))
        try:
            with self.path.open("rb"):
                pass
        except PermissionError as exc:
            raise SourceError.unreadable(self.path, exc) from exc
        refuse_other_formats(self.path)
        try:
            return self._read()
        except SourceError:
            raise
        except Exception:  # the complete reader says what is wrong, or reads it after all
            # Loaded only then: openpyxl takes longer to import than the demo takes to read.
            from deskbook.sources.xlsx_full import FullXlsxSource

            return FullXlsxSource(self.path).read()

    def _read(self) -> RawWorkbook:
        reader = _SheetReader(self.path)
        return RawWorkbook(
            sheets=LazySheets(reader.hidden, reader.sheet, reader.expect),
            description=self.path.name,
        )


# An OLE2 compound file: an Excel 97-2003 workbook, or an .xlsx encrypted with a password
# (its package stored inside, as the stream named EncryptedPackage).
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
# ISO 29500 Strict names its parts in these namespaces; Excel's ordinary .xlsx does not.
_STRICT = b"purl.oclc.org/ooxml/"


def refuse_other_formats(path: Path) -> None:
    """Say what the file is when it is not an ordinary .xlsx that a reader could take for a
    damaged one: password-protected, Excel 97-2003, or Strict Open XML."""
    try:
        with path.open("rb") as f:
            if f.read(len(_OLE)) == _OLE:
                encrypted = _ENCRYPTED in f.read()
                raise SourceError(
                    "source-encrypted" if encrypted else "source-old-xls", path=str(path)
                )
        with zipfile.ZipFile(path) as archive:
            rels = archive.read("_rels/.rels")
    except (OSError, zipfile.BadZipFile, KeyError):
        return  # the readers name what is wrong
    if _STRICT in rels:
        raise SourceError("source-strict-xlsx", path=str(path))


def _identity(stat: os.stat_result) -> tuple[int, ...]:
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


class _SheetReader:
    """Reads one sheet at a time from a workbook held open: a workbook saved again while a
    sync runs is replaced on disk, and the open handles still read the one the sync began
    with, so every sheet comes from the same version of the file.

    Told the order the sheets will be asked for (`expect`), it parses them ahead on two
    threads while the main one validates (calamine's parse lets go of the GIL): the largest
    sheet first, as the main thread will wait longest for it, and the rest in their order.
    Only the parse runs ahead (Rust's compact cells, not Python values). A calamine workbook
    parses one sheet at a time: the thread that takes the largest sheet opens its own (which
    it uses only if the file is still the one the sync began with; otherwise it takes its turn
    with the other, `shared`), and the other takes the one opened here, so the first sheets
    validation asks for do not wait for a workbook to open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.archive = zipfile.ZipFile(path)
        self.parts, self.percent = book_parts(self.archive)
        self.book = CalamineWorkbook.from_path(str(path))
        self.hidden = {
            meta.name: meta.visible != SheetVisibleEnum.Visible
            for meta in self.book.sheets_metadata
            if meta.typ == SheetTypeEnum.WorkSheet
        }
        self.shared = threading.Lock()  # held by whoever parses with self.book
        self.largest: str | None = None  # parsed on a workbook of its own thread's
        self.pool: ThreadPoolExecutor | None = None
        self.ahead: dict[str, Future[tuple[CalamineSheet, Scanned]]] = {}
        self.local = threading.local()

    def expect(self, titles: list[str]) -> None:
        if len(titles) < 2 or self.pool is not None:
            return
        ordered = list(dict.fromkeys(titles))
        workers = min(2, cores())
        if workers > 1:
            self.largest = max(ordered, key=self.size)
            ordered.remove(self.largest)
            ordered.insert(0, self.largest)
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="xlsx-parse")
        for title in ordered:
            self.ahead[title] = self.pool.submit(self.parse_ahead, title)

    def size(self, title: str) -> int:
        """The sheet's XML as stored, unpacked: how long its parse will take."""
        return self.archive.getinfo(self.parts[title]).file_size

    def parse_ahead(self, title: str) -> tuple[CalamineSheet, Scanned]:
        """The sheet parsed on this thread's workbook, and its XML scanned."""
        if not hasattr(self.local, "book"):
            # None: the workbook opened here, shared.
            self.local.book = self.reopened() if title == self.largest else None
        book: CalamineWorkbook | None = self.local.book
        return self.parse(title, book), self.scanned(title)

    def parse(self, title: str, book: CalamineWorkbook | None = None) -> CalamineSheet:
        if book is not None:
            return book.get_sheet_by_name(title)
        with self.shared:
            return self.book.get_sheet_by_name(title)

    def scanned(self, title: str) -> Scanned:
        """The marks of the sheet's XML. Unpacking it is most of the time (zlib lets go of the
        GIL): ahead, on a parse thread, that time is off the main thread."""
        return scan(self.archive.read(self.parts[title]), self.percent)

    def reopened(self) -> CalamineWorkbook | None:
        """The workbook opened again, if the file is still the one the sync opened first."""
        book = CalamineWorkbook.from_path(str(self.path))
        held = os.fstat(self.archive.fp.fileno())  # type: ignore[union-attr]
        return book if _identity(os.stat(self.path)) == _identity(held) else None

    def parsed(self, title: str) -> tuple[CalamineSheet, Scanned]:
        future = self.ahead.pop(title, None)
        if not self.ahead and self.pool is not None:
            self.pool.shutdown(wait=False)
            self.pool = None
        return future.result() if future is not None else (self.parse(title), self.scanned(title))

    def sheet(self, title: str) -> RawSheet:
        try:
            parsed, scanned = self.parsed(title)
            grid = parsed.to_python(skip_empty_area=False)
            del parsed  # calamine's cells, as large again as the grid
            rows = Grid(_patched(grid, scanned.on(grid)), _cell)
            sheet = RawSheet(title, rows, hidden=self.hidden[title])
        except Exception:  # the complete reader says what is wrong, or reads it after all
            from deskbook.sources.xlsx_full import FullXlsxSource

            sheet = FullXlsxSource(self.path).read().sheets[title]
        progress.tab("read", title, len(sheet.rows))
        return sheet
