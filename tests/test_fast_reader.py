"""The fast xlsx reader (calamine + a scan of the sheet XML) reads every workbook exactly as the
complete cell-by-cell reader does: the demo, and every bad-input case, formulas included."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from deskbook.sources import RawWorkbook
from deskbook.sources.xlsx import XlsxSource
from deskbook.sources.xlsx_full import FullXlsxSource
from deskbook.sources.xlsx_marks import BUILTIN_PERCENT, _place
from tests.conftest import DATA, ROOT, bad_case, write_workbook
from tests.test_raw_books import cells

BAD = sorted((DATA / "bad").glob("*.toml"))


def same(fast: RawWorkbook, full: RawWorkbook) -> None:
    assert cells(fast) == cells(full)
    assert [(s.title, s.hidden) for s in fast.sheets.values()] == [
        (s.title, s.hidden) for s in full.sheets.values()
    ]


def test_the_demo_reads_the_same() -> None:
    book = ROOT / "examples" / "demo.xlsx"
    same(XlsxSource(book).read(), FullXlsxSource(book).read())


@pytest.mark.parametrize("case", BAD, ids=[p.stem for p in BAD])
def test_each_bad_case_reads_the_same(case: Path, tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "b.xlsx", **bad_case(case))
    same(XlsxSource(book).read(), FullXlsxSource(book).read())


def test_a_marked_cell_without_its_address_is_read_by_the_complete_reader(
    tmp_path: Path,
) -> None:
    # r="..." is optional in the format; a formula cell without it cannot be placed by a scan.
    book = write_workbook(tmp_path / "b.xlsx", changes={"業主!D2": "=1+2", "員工!B3": "#N/A"})
    stripped = tmp_path / "stripped.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(stripped, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b'<c r="D2"', b"<c")
            dst.writestr(info, data)
    read = XlsxSource(stripped).read()
    same(read, FullXlsxSource(stripped).read())
    assert str(read.sheets["員工"].rows[2].values[1]) == "#N/A"


def test_the_percent_formats_are_openpyxls_builtin_ones() -> None:
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    shown = {k: v for k, v in BUILTIN_FORMATS.items() if "%" in v}
    assert shown == BUILTIN_PERCENT


@pytest.mark.parametrize(
    ("address", "place"),
    [(b"A1", (0, 0)), (b"Z9", (8, 25)), (b"AB12", (11, 27)), (b"XFD3", (2, 16383))],
)
def test_a_marked_cell_is_placed_by_its_address(address: bytes, place: tuple[int, int]) -> None:
    assert _place({b"r": address}) == place
