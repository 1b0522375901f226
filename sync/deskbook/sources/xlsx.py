"""Read a local .xlsx workbook fast: python-calamine for the values, a scan of the sheet XML
for what a value reader cannot tell.

A cell's value alone can mislead: a formula nobody computed reads as blank, 85% reads as 0.85
and #REF! as blank too. calamine (Rust) reads the values some twenty times faster than
openpyxl; `marks` then finds, in each sheet's raw XML, the few cells that are error values,
formulas without a cached value or numbers shown as percentages, and hands them over as
ErrorValue, Uncomputed or Percent (sources/__init__.py), as the complete reader does.

Anything this reader does not expect (a damaged part, a cell without its address) sends the
whole workbook to the complete reader (xlsx_full.py), which names the damage at its tab.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from deskbook import progress
from deskbook.errors import SourceError
from deskbook.sources import RawSheet, RawWorkbook, trim_rows
from deskbook.sources.xlsx_marks import book_parts, marks

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


def _rows(
    grid: Iterable[list[Any]], patches: dict[tuple[int, int], object]
) -> list[tuple[object, ...]]:
    rows = [tuple(map(_cell, values)) for values in grid]
    for (row, column), value in patches.items():
        while len(rows) <= row:
            rows.append(())
        cells = list(rows[row])
        cells.extend([None] * (column + 1 - len(cells)))
        cells[column] = value
        rows[row] = tuple(cells)
    return rows


@dataclass(frozen=True)
class XlsxSource:
    path: Path

    def read(self) -> RawWorkbook:
        if not self.path.is_file():
            raise SourceError("source-missing", path=str(self.path))
        try:
            with self.path.open("rb"):
                pass
        except PermissionError as exc:
            reason = exc.strerror or type(exc).__name__
            raise SourceError("source-unreadable", path=str(self.path), reason=reason) from exc
        try:
            return self._read()
        except SourceError:
            raise
        except Exception:  # the complete reader says what is wrong, or reads it after all
            # Loaded only then: openpyxl takes longer to import than the demo takes to read.
            from deskbook.sources.xlsx_full import FullXlsxSource

            return FullXlsxSource(self.path).read()

    def _read(self) -> RawWorkbook:
        sheets: dict[str, RawSheet] = {}
        with zipfile.ZipFile(self.path) as archive:
            parts, percent = book_parts(archive)
            book = CalamineWorkbook.from_path(str(self.path))
            try:
                for meta in book.sheets_metadata:
                    if meta.typ != SheetTypeEnum.WorkSheet:
                        continue
                    grid = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
                    patches = marks(archive.read(parts[meta.name]), grid, percent)
                    sheets[meta.name] = RawSheet(
                        meta.name,
                        trim_rows(_rows(grid, patches)),
                        hidden=meta.visible != SheetVisibleEnum.Visible,
                    )
                    progress.tab("read", meta.name, len(sheets[meta.name].rows))
            finally:
                book.close()
        return RawWorkbook(sheets=sheets, description=self.path.name)
