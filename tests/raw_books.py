"""Workbooks built in memory, for unit tests where writing a file adds nothing.

`raw_workbook(spec, changes, drop)` is the RawWorkbook that XlsxSource reads from the file
`write_workbook` writes for the same arguments; test_raw_books holds the two to that. Tests of
the readers themselves keep writing real files.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from deskbook.model.cells import ERROR_VALUES, ErrorValue, Percent
from deskbook.sources import RawSheet, RawWorkbook, trim_rows
from tests.conftest import load_spec


def raw_workbook(
    spec: dict[str, dict[str, Any]] | None = None,
    changes: dict[str, Any] | None = None,
    drop: tuple[str, ...] = (),
    *,
    copies: dict[str, str] | None = None,
    hidden: tuple[str, ...] = (),
    formats: dict[str, str] | None = None,
    clear: tuple[str, ...] = (),
) -> RawWorkbook:
    """One sheet per spec entry (header, then rows), then A1-addressed cell changes; the
    keyword arguments as write_workbook takes them."""
    spec = spec if spec is not None else load_spec()
    grids = {
        title: [list(sheet["header"]), *([] if title in clear else map(list, sheet["rows"]))]
        for title, sheet in spec.items()
        if title not in drop
    }
    for title, original in (copies or {}).items():
        grids[title] = [list(row) for row in grids[original]]
    percent = {ref for ref, number_format in (formats or {}).items() if "%" in number_format}
    for ref, value in (changes or {}).items():
        title, _, coord = ref.partition("!")
        letters, number = coordinate_from_string(coord)
        column = column_index_from_string(letters)
        grid = grids[title]
        grid.extend([] for _ in range(number - len(grid)))
        grid[number - 1].extend([None] * (column - len(grid[number - 1])))
        grid[number - 1][column - 1] = Percent(value) if ref in percent else value
    sheets = {
        title: RawSheet(
            title,
            trim_rows([tuple(_as_read(v) for v in row) for row in grid]),
            hidden=title in hidden,
        )
        for title, grid in grids.items()
    }
    return RawWorkbook(sheets=sheets, description="memory")


def _as_read(value: object) -> object:
    """The value as openpyxl reads it back from a cell it wrote."""
    if value == "" or value is None:
        return None
    if isinstance(value, str) and value.startswith("="):
        raise ValueError(f"{value!r} is a formula: write a real .xlsx for it")
    if isinstance(value, str) and value in ERROR_VALUES:
        return ErrorValue(value)  # openpyxl writes these as error values
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, float) and value.is_integer() and "e" not in repr(value):
        return int(value)
    return value
