"""Read a local .xlsx workbook cell by cell with openpyxl's sheet parser.

The fast reader (sources/xlsx.py) falls back to this one for a workbook it cannot read, so
that a damaged part is named at its tab, and the tests hold the two readers to the same result.
A cell's value alone can mislead: a formula nobody computed reads as blank, 85% reads as 0.85
and #REF! as text. The reader hands such cells over as ErrorValue, Uncomputed or Percent, so
that every column type can decide what they mean (sources/__init__.py).
"""

from __future__ import annotations

import contextlib
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from deskbook.errors import SourceError
from deskbook.model.cells import ErrorValue, Percent, Uncomputed
from deskbook.sources import RawSheet, RawWorkbook, trim_rows
from deskbook.sources.xlsx_marks import merged_down


class _CellParser(WorkSheetParser):
    """openpyxl's own sheet parser, reading cached values (data_only), which also marks a
    formula cell that has none; openpyxl alone reads such a cell as empty."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        if cell["value"] is None:
            formula = element.find(FORMULA_TAG)
            if formula is not None:
                cell["data_type"] = "uncomputed"
                cell["value"] = "=" + (formula.text or "")
        return cell


# The parser and the style tables are openpyxl's internals (its own read-only sheets use them
# the same way); typed as Any here, pinned by the tests of every cell kind.
def _number_format(book: Any, format_id: int) -> str:
    if format_id < BUILTIN_FORMATS_MAX_SIZE:
        return str(BUILTIN_FORMATS.get(format_id, "General"))
    return str(book._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE])


def _percent_styles(book: Any) -> frozenset[int]:
    """Style ids whose number format shows a percentage (a % outside quoted text)."""
    styles = set()
    for index, style in enumerate(book._cell_styles):
        shown = _number_format(book, style.numFmtId).split('"')[::2]
        if any("%" in part for part in shown):
            styles.add(index)
    return frozenset(styles)


def _rows(
    ws: Any, book: Any, percent: frozenset[int], merges: list[tuple[str, int, str, int]]
) -> Iterator[tuple[object, ...]]:
    """Rows as tuples of values, sheet row 1 first; missing rows and cells as None. The
    sheet's merged ranges, which follow its cells, are added to `merges` once all are read."""
    expected = 1
    with ws._get_source() as src, warnings.catch_warnings():
        # A date-formatted serial beyond year 9999 is reported by openpyxl as a warning and
        # read as #VALUE!; the #VALUE! is what we report, at its cell.
        warnings.simplefilter("ignore")
        parser = _CellParser(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            while expected < number:
                yield ()
                expected += 1
            values: list[object] = []
            for cell in cells:
                values.extend([None] * (cell["column"] - 1 - len(values)))
                values.append(_value(cell, percent))
            yield tuple(values)
            expected = number + 1
        for merged in parser.merged_cells.mergeCell if parser.merged_cells else ():
            first, _, last = str(merged.ref).partition(":")
            if last:
                (left, top), (right, bottom) = map(coordinate_from_string, (first, last))
                merges.append((left, top, right, bottom))


def _value(cell: dict[str, Any], percent: frozenset[int]) -> object:
    value = cell["value"]
    kind = cell["data_type"]
    if kind == "uncomputed":
        return Uncomputed(value)
    if kind == "e":
        return ErrorValue(str(value))
    if kind == "n" and cell["style_id"] in percent and isinstance(value, (int, float)):
        return Percent(value)
    return value


@dataclass(frozen=True)
class FullXlsxSource:
    path: Path

    def read(self) -> RawWorkbook:
        if not self.path.is_file():
            raise SourceError("source-missing", path=str(self.path))
        try:
            # data_only: a formula cell is read as the value Excel last computed for it.
            book = load_workbook(self.path, read_only=True, data_only=True)
        except PermissionError as exc:
            raise SourceError.unreadable(self.path, exc) from exc
        except (InvalidFileException, *_DAMAGE) as exc:
            raise SourceError("source-not-xlsx", path=str(self.path), reason=_why(exc)) from exc
        try:
            percent = _percent_styles(book)
            sheets = {}
            for ws in book.worksheets:
                # read_only: a sheet's XML is unzipped and parsed only here, so a damaged
                # member shows up now, and we can say which tab it holds.
                merges: list[tuple[str, int, str, int]] = []
                with _damaged(self.path, ws.title):
                    rows = _merged(list(_rows(ws, book, percent, merges)), merges)
                sheets[ws.title] = RawSheet(
                    ws.title, trim_rows(rows), hidden=ws.sheet_state != "visible"
                )
        finally:
            book.close()
        return RawWorkbook(sheets=sheets, description=self.path.name)


def _merged(
    rows: list[tuple[object, ...]], merges: list[tuple[str, int, str, int]]
) -> list[tuple[object, ...]]:
    """The rows with each range merged down a column showing its top value throughout."""
    for column, first, last in merged_down(merges):
        top = rows[first][column] if first < len(rows) and column < len(rows[first]) else None
        if top is None:
            continue
        for at in range(first + 1, min(last, len(rows) - 1) + 1):
            if all(v is None for v in rows[at]):
                continue  # a merge reaching below the data makes no rows of its own
            cells = list(rows[at])
            cells.extend([None] * (column + 1 - len(cells)))
            cells[column] = top
            rows[at] = tuple(cells)
    return rows


# What a damaged workbook raises while openpyxl reads it: a member that does not inflate, XML
# cut short or garbled, a part the workbook names but does not hold.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, ElementTree.ParseError, KeyError, OSError)


@contextlib.contextmanager
def _damaged(path: Path, tab: str) -> Iterator[None]:
    try:
        yield
    except _DAMAGE as exc:
        raise SourceError("source-damaged", path=str(path), tab=tab, reason=_why(exc)) from exc


def _why(exc: Exception) -> str:
    said = str(exc)
    return f"{type(exc).__name__}: {said}" if said else type(exc).__name__
