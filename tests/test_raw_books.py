"""The in-memory workbook of unit tests is what the xlsx reader makes of the same file."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from deskbook.sources import RawWorkbook
from deskbook.sources.xlsx import XlsxSource
from tests.conftest import DATA, bad_case, write_workbook
from tests.raw_books import raw_workbook

BAD = sorted((DATA / "bad").glob("*.toml"))
EVERY_KIND: dict[str, Any] = {
    "員工!E2": dt.date(2019, 3, 1),
    "報事報修!B2": dt.datetime(2025, 2, 10, 9, 15),
    "培訓場次!E2": dt.time(14, 0),
    "收費!D2": 100.0,
    "收費!E3": 336.7,
    "培訓簽到!C2": 60,
    "員工!H2": True,
    "業主!B2": "",
    "業主!C2": "138-12",
    "職責!F9": "past the last row and column",
}


def cells(book: RawWorkbook) -> list[tuple[str, list[tuple[int, list[tuple[str, object]]]]]]:
    """Sheets in order and every cell with its type: 100 and 100.0 are equal, not the same."""
    return [
        (title, [(r.number, [(type(v).__name__, v) for v in r.values]) for r in sheet.rows])
        for title, sheet in book.sheets.items()
    ]


def _has_formula(case: Path) -> bool:
    changes = tomllib.loads(case.read_text("utf-8")).get("set", {})
    return any(isinstance(v, str) and v.startswith("=") for v in changes.values())


# A formula's cell is what only a real file can show (test_a_formula_needs_a_real_file).
IN_MEMORY = [case for case in BAD if not _has_formula(case)]


@pytest.mark.parametrize("case", IN_MEMORY, ids=[p.stem for p in IN_MEMORY])
def test_each_bad_case_reads_the_same(case: Path, tmp_path: Path) -> None:
    args = bad_case(case)
    from_file = XlsxSource(write_workbook(tmp_path / "b.xlsx", **args)).read()
    assert cells(raw_workbook(**args)) == cells(from_file)
    assert [s.hidden for s in raw_workbook(**args).sheets.values()] == [
        s.hidden for s in from_file.sheets.values()
    ]


def test_every_kind_of_value_reads_the_same(tmp_path: Path) -> None:
    from_file = XlsxSource(write_workbook(tmp_path / "b.xlsx", changes=EVERY_KIND)).read()
    assert cells(raw_workbook(changes=EVERY_KIND)) == cells(from_file)


def test_a_formula_needs_a_real_file() -> None:
    with pytest.raises(ValueError, match="formula"):
        raw_workbook(changes={"業主!B2": "=1+1"})
