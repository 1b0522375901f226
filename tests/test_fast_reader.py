"""The fast xlsx reader (calamine + a scan of the sheet XML) reads every workbook exactly as the
complete cell-by-cell reader does: the demo, and every bad-input case, formulas included."""

from __future__ import annotations

import os
import shutil
import threading
import time
import zipfile
from pathlib import Path

import pytest

from deskbook.model.cells import ErrorValue, Percent, Uncomputed
from deskbook.sources import Grid, RawSheet, RawWorkbook, trim_rows
from deskbook.sources.xlsx import XlsxSource, _cell
from deskbook.sources.xlsx_full import FullXlsxSource
from deskbook.sources.xlsx_marks import BUILTIN_PERCENT, _place, marks
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


PREFIXED = (
    b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<x:sheetData>"
    b'<x:row r="2"><x:c r="B2"><x:f>1+2</x:f></x:c><x:c r="C2" s="1"><x:v>0.5</x:v></x:c></x:row>'
    b'<x:row r="3"><x:c r="A3"\tt="e"><x:v>#REF!</x:v></x:c>'
    b'<x:c r="B3" t="inlineStr"><x:is><x:t>a t="e" :f x:f&lt;f</x:t></x:is></x:c></x:row>'
    b"</x:sheetData></x:worksheet>"
)
PLAIN = PREFIXED.replace(b"<x:", b"<").replace(b"</x:", b"</")


@pytest.mark.parametrize("xml", [PREFIXED, PLAIN], ids=["prefixed", "plain"])
def test_the_scan_finds_marked_cells_with_or_without_a_namespace_prefix(xml: bytes) -> None:
    grid: list[list[object]] = [[], [None, None, 0.5], [None, 'a t="e" :f x:f<f']]
    assert marks(xml, grid, frozenset({1})) == {
        (1, 1): Uncomputed("=1+2"),
        (1, 2): Percent(0.5),
        (2, 0): ErrorValue("#REF!"),
    }


def test_sheets_are_read_on_demand_from_the_file_the_sync_opened(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "b.xlsx")
    read = XlsxSource(book).read()
    # Saved again mid-sync (Excel writes a new file and renames it over the old one).
    newer = write_workbook(tmp_path / "newer.xlsx", changes={"員工!B2": "改過的名字"})
    os.replace(newer, book)
    same(read, FullXlsxSource(write_workbook(tmp_path / "again.xlsx")).read())
    assert "改過的名字" in str(cells(XlsxSource(book).read()))


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


def bodies(book: RawWorkbook) -> dict[str, tuple[list[int], list[list[object]], list[object]]]:
    """Each sheet's body as validation takes it: row numbers, columns as read, rows."""
    got = {}
    for title, sheet in book.sheets.items():
        body = sheet.body(1)
        width = max((len(r.values) for r in sheet.rows), default=0) + 1
        normal = body.normal or (lambda v: v)
        columns = body.columns(range(width))
        for index, column in enumerate(columns):
            spaces = {v for v in column if isinstance(v, str) and v.isspace()}
            if spaces and body.blank_tail is not None:
                body.blank_tail(index, column, spaces)  # as the column's reader does
        columns = [list(map(normal, c)) for c in columns]
        got[title] = (body.numbers, columns, [body.row(at) for at in range(len(body.numbers))])
    return got


@pytest.mark.parametrize("case", [None, *BAD], ids=["demo", *(p.stem for p in BAD)])
def test_validation_reads_the_same_columns(case: Path | None, tmp_path: Path) -> None:
    """The fast reader hands validation its grid untouched, each distinct value made what a
    RawRow holds by the column's reader: the columns match the complete reader's rows."""
    book = ROOT / "examples" / "demo.xlsx"
    if case is not None:
        book = write_workbook(tmp_path / "b.xlsx", **bad_case(case))
    assert bodies(XlsxSource(book).read()) == bodies(FullXlsxSource(book).read())


def test_a_trailing_spaces_only_cell_is_no_cell() -> None:
    """A RawRow drops trailing blank cells: a spaces-only cell (plain or no-break) at a row's
    end reads as None by columns too; one followed by a value stays as typed."""
    grid: list[list[object]] = [
        ["編號", "名稱", "備註"],
        ["A1", "  ", "x"],
        ["A2", "\u00a0", " "],
        [" ", "", ""],
        ["A3", 60.0, ""],
        ["", "", ""],
    ]
    fast = RawSheet("表", Grid([list(r) for r in grid], _cell))
    full = RawSheet("表", trim_rows([tuple(map(_cell, r)) for r in grid]))
    assert fast.rows == full.rows
    assert bodies(RawWorkbook({"表": fast}, "")) == bodies(RawWorkbook({"表": full}, ""))
    assert bodies(RawWorkbook({"表": fast}, ""))["表"][1] == [
        ["A1", "A2", "A3"],
        ["  ", None, 60],
        ["x", None, None],
        [None, None, None],
    ]


def _parse_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("xlsx-parse")]


def test_sheets_expected_are_parsed_ahead_and_read_the_same() -> None:
    """Told the order, the reader parses ahead on a thread a core, two at most; every sheet,
    asked for in that order or not (or never announced), reads as without it, and the
    threads end after the last."""
    book = ROOT / "examples" / "demo.xlsx"
    plain = {title: sheet.rows for title, sheet in XlsxSource(book).read().sheets.items()}
    workbook = XlsxSource(book).read()
    titles = list(workbook.sheets)
    workbook.expect(titles[:-1])
    assert 1 <= len(_parse_threads()) <= min(2, len(os.sched_getaffinity(0)))
    asked = [titles[-1], *reversed(titles[:-1])]
    assert {title: workbook.sheets[title].rows for title in asked} == plain
    for _ in range(100):
        if not _parse_threads():
            break
        time.sleep(0.05)
    assert not _parse_threads()


def test_a_workbook_saved_again_during_the_sync_is_read_as_it_was(tmp_path: Path) -> None:
    """The threads that parse ahead open the file again: saved over in the meantime, it is no
    longer the one the sync began with, and every sheet still comes from that one."""
    book = tmp_path / "office.xlsx"
    shutil.copy(ROOT / "examples" / "demo.xlsx", book)
    plain = {title: sheet.rows for title, sheet in XlsxSource(book).read().sheets.items()}
    workbook = XlsxSource(book).read()
    other = write_workbook(tmp_path / "other.xlsx", **bad_case(BAD[0]))
    os.replace(other, book)  # how Excel saves: a new file put in the old one's place
    titles = list(workbook.sheets)
    workbook.expect(titles)
    assert {title: workbook.sheets[title].rows for title in titles} == plain
