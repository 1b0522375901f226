"""Workbooks and CSV folders as offices send them: title and instruction rows above the header,
no header at all, required columns renamed. Each is read through the real readers and the real
command line, and ends in issues at their cells, never a traceback."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from deskbook.i18n import column_names, fold, tab_names
from deskbook.schema.tabs import TABS
from deskbook.schema.types import normalize_text
from deskbook.schema.validate import validate
from deskbook.sources.csv import CsvSource
from deskbook.sources.xlsx import XlsxSource
from deskbook.sources.xlsx_marks import book_parts
from tests.conftest import load_spec, make_handbook, run_cli, write_workbook

ZONE = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)
SOPS = ["CS-SOP-01", "CS-SOP-04"]
AS_OF = ("--as-of", "2026-11-27", "--lang", "en")
SPEC = load_spec()


def no_traceback(err: str) -> None:
    assert "Traceback" not in err and "Internal error" not in err, err


def _title(tab: str) -> str | None:
    """The minimal workbook's sheet for a tab key, if it has one."""
    names = {fold(n) for n in tab_names(tab)}
    return next((t for t in SPEC if fold(t) in names), None)


def _header_cell(tab: str, column: str) -> str:
    title = _title(tab)
    assert title is not None
    names = {fold(n) for n in column_names(tab, column)}
    header = SPEC[title]["header"]
    index = next(i for i, h in enumerate(header) if fold(normalize_text(h)) in names)
    return f"{title}!{chr(ord('A') + index)}1"


# Every required column of every tab the minimal workbook has.
REQUIRED = [
    (tab.key, column.key)
    for tab in TABS
    if _title(tab.key) is not None
    for column in tab.columns
    if column.required
]


def _check_json(config: Path) -> tuple[int, Any]:
    code, out, err = run_cli("check", "--config", str(config), "--json", *AS_OF)
    no_traceback(err)
    return code, json.loads(out)


# ---------------------------------------------------------------- required columns


@pytest.mark.parametrize(("tab", "column"), REQUIRED, ids=lambda v: str(v))
def test_a_missing_required_column_holds_back_every_row(
    tmp_path: Path, tab: str, column: str
) -> None:
    """Counted as rejected and kept out of the records alike: a record's required field is
    never None (views compare and add them)."""
    book = write_workbook(tmp_path / "b.xlsx", changes={_header_cell(tab, column): "某某（元）"})
    dataset = validate(XlsxSource(book).read(), ZONE, NOW, sop_codes=SOPS)
    counts = dataset.counts()[tab]
    assert counts["valid"] == 0 and counts["rejected"] == counts["rows"] > 0, counts
    assert dataset.records(tab) == []
    assert any(i.code == "missing-column" and i.tab == tab for i in dataset.issues)


def test_build_and_publish_with_required_columns_renamed(tmp_path: Path) -> None:
    """Headers written as offices write them (應收金額（元）): one per tab, every tab at once."""
    firsts = {tab: column for tab, column in reversed(REQUIRED)}
    changes = {_header_cell(tab, column): "某某（元）" for tab, column in firsts.items()}
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "b.xlsx", changes=changes))
    for command in ("build", "publish"):
        output = tmp_path / command
        code, _, err = run_cli(command, "--config", str(config), "--output", str(output), *AS_OF)
        assert code == 0, err
        no_traceback(err)
        assert (output / "index.html").is_file()


# ---------------------------------------------------------------- the header row


def _rows_above(book: Path, title: str, rows: list[str]) -> None:
    wb = load_workbook(book)
    ws = wb[title]
    ws.insert_rows(1, len(rows))
    for at, text in enumerate(rows, start=1):
        ws.cell(row=at, column=1, value=text)
    wb.save(book)


INSTRUCTIONS = [
    "翠湖花園收費明細",
    "填表說明：",
    *(f"{n}. 請按範例填寫，日期格式為 2026-11-27，金額填數字。" for n in range(1, 9)),
]


def test_header_below_ten_instruction_rows_is_found_and_said(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "b.xlsx")
    _rows_above(book, "收費", INSTRUCTIONS)
    code, report = _check_json(make_handbook(tmp_path / "hb", book))
    assert code == 0
    found = [(i["code"], i["cell"]) for i in report["issues"]]
    assert found == [("header-below-title", "收費!11:11")]
    assert report["counts"]["fees"] == {"rows": 2, "valid": 2, "rejected": 0}


def test_the_row_holding_every_required_header_wins(tmp_path: Path) -> None:
    """An instruction row naming a few columns is not the header: the row that holds all the
    required ones is, though it comes later."""
    book = write_workbook(tmp_path / "b.xlsx")
    wb = load_workbook(book)
    ws = wb["收費"]
    ws.insert_rows(1, 2)
    ws["A1"], ws["B1"] = "房號", "收據號"  # an instruction row quoting two column names
    wb.save(book)
    code, report = _check_json(make_handbook(tmp_path / "hb", book))
    assert code == 0
    found = [(i["code"], i["cell"]) for i in report["issues"]]
    assert found == [("header-below-title", "收費!3:3")]


@pytest.mark.parametrize(
    "header",
    [
        ["Name", "Phone", "Remarks"],  # another form's header
        ["第一欄", "第二欄", "第三欄", "第四欄", "第五欄", "第六欄", "第七欄"],
        None,  # no header row at all: data from row 1
    ],
    ids=["foreign-header", "numbered-columns", "no-header"],
)
def test_a_tab_with_no_known_header_is_an_issue(tmp_path: Path, header: list[str] | None) -> None:
    spec = load_spec()
    fees = spec["收費"]
    if header is None:
        fees["header"] = fees["rows"][0]
        fees["rows"] = fees["rows"][1:]
    else:
        fees["header"] = header
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "b.xlsx", spec))
    code, report = _check_json(config)
    assert code == 1
    found = [(i["code"], i["cell"]) for i in report["issues"]]
    assert found == [("no-header-row", "收費")]
    assert report["counts"]["fees"]["valid"] == 0
    for command in ("build", "publish"):
        out = tmp_path / command
        code, _, err = run_cli(command, "--config", str(config), "--output", str(out), *AS_OF)
        assert code == 0, err
        no_traceback(err)


def test_a_header_beyond_the_top_rows_is_not_guessed(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "b.xlsx")
    _rows_above(book, "收費", [f"說明 {n}" for n in range(1, 31)])
    code, report = _check_json(make_handbook(tmp_path / "hb", book))
    assert code == 1
    assert [i["code"] for i in report["issues"]] == ["no-header-row"]


# ---------------------------------------------------------------- CSV folders


def _csv_folder(tmp_path: Path, encoding: str, delimiter: str, tail: bytes = b"") -> Path:
    from tests.test_sources import write_csv_folder

    folder = write_csv_folder(tmp_path / "csv", encoding, delimiter)
    for path in folder.iterdir():
        path.write_bytes(path.read_bytes() + tail)
    return folder


def _csv_config(tmp_path: Path, folder: Path) -> Path:
    config = make_handbook(tmp_path / "hb", folder)
    config.write_text(config.read_text("utf-8").replace('kind = "xlsx"', 'kind = "csv"'))
    return config


def _hkscs(folder: Path) -> None:
    """Cantonese characters code page 950 lacks, as a Hong Kong office types them."""
    path = folder / "員工.csv"
    text = (
        path.read_bytes()
        .decode("big5hkscs")
        .replace("陳美玲", "陳嘅玲")
        .replace("林志強", "林啲強")
    )
    path.write_bytes(text.encode("big5hkscs"))


@pytest.mark.parametrize(
    ("encoding", "delimiter", "tail", "spoil"),
    [
        ("utf-8-sig", ";", b"", None),  # Excel where the decimal mark is a comma
        ("gb18030", ";", b"", None),
        ("utf-8", ",", b"\x1a", None),  # DOS end of file
        ("gb18030", ",", b"\r\n\x1a", None),
        ("big5hkscs", ",", b"", _hkscs),
        ("cp950", ";", b"\x1a", None),
    ],
    ids=["semicolon", "semicolon-gbk", "ctrl-z", "ctrl-z-after-newline", "big5-hkscs", "all"],
)
def test_csv_folders_read_as_the_office_saved_them(
    tmp_path: Path, encoding: str, delimiter: str, tail: bytes, spoil: object
) -> None:
    folder = _csv_folder(tmp_path, encoding, delimiter, tail)
    if callable(spoil):
        spoil(folder)
    code, report = _check_json(_csv_config(tmp_path, folder))
    assert report["issues"] == [] and code == 0
    assert report["counts"]["fees"] == {"rows": 2, "valid": 2, "rejected": 0}
    if callable(spoil):
        dataset = validate(CsvSource(folder).read(), ZONE, NOW, sop_codes=SOPS)
        assert [r.name for r in dataset.records("staff")][:2] == ["陳嘅玲", "林啲強"]


def test_csv_header_below_instruction_lines(tmp_path: Path) -> None:
    folder = _csv_folder(tmp_path, "utf-8", ";")
    path = folder / "收費.csv"
    path.write_text("\n".join(INSTRUCTIONS) + "\n" + path.read_text("utf-8"), "utf-8")
    code, report = _check_json(_csv_config(tmp_path, folder))
    assert code == 0
    found = [(i["code"], i["cell"]) for i in report["issues"]]
    assert found == [("header-below-title", "收費!11:11")]


# ---------------------------------------------------------------- files that are not plain .xlsx


def _encrypted(book: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with book.open("rb") as plain:
        out = io.BytesIO()
        OOXMLFile(plain).encrypt("secret", out)
    book.write_bytes(out.getvalue())


def _old_xls(book: Path) -> None:
    """An OLE2 compound file with no encrypted package in it: what Excel 97-2003 writes."""
    _encrypted(book)
    data = book.read_bytes()
    name, other = ("EncryptedPackage", "WorkbookStream00")
    book.write_bytes(data.replace(name.encode("utf-16-le"), other.encode("utf-16-le")))


# Excel's Strict Open XML names every part in the ISO namespaces.
_STRICT = {
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": (
        b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    ),
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
}


def _strict(book: Path) -> None:
    with zipfile.ZipFile(book) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            for transitional, strict in _STRICT.items():
                data = data.replace(transitional, strict)
            out.writestr(info, data)


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        (_encrypted, "is password-protected, and deskbook cannot read an encrypted workbook"),
        (_old_xls, "is an old Excel 97-2003 (.xls) file, not .xlsx"),
        (_strict, "is saved as 'Strict Open XML Spreadsheet', which deskbook does not read"),
    ],
    ids=["encrypted", "old-xls", "strict"],
)
def test_workbooks_in_other_formats_are_named(
    tmp_path: Path, spoil: Callable[[Path], None], said: str
) -> None:
    book = write_workbook(tmp_path / "b.xlsx")
    spoil(book)
    config = make_handbook(tmp_path / "hb", book)
    for command in ("check", "build", "publish"):
        code, _, err = run_cli(command, "--config", str(config), *AS_OF)
        assert code == 2
        no_traceback(err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{book} {said}"), err


# ---------------------------------------------------------------- merged cells


def _merge(book: Path, title: str, *ranges: str) -> None:
    wb = load_workbook(book)
    for cells in ranges:
        wb[title].merge_cells(cells)  # openpyxl clears all but the top cell, as Excel does
    wb.save(book)


def test_a_value_merged_down_a_column_reads_on_every_row(tmp_path: Path) -> None:
    from deskbook.sources.xlsx_full import FullXlsxSource
    from tests.test_raw_books import cells

    spec = load_spec()
    staff = spec["員工"]["rows"]
    staff[2][3] = "客服部"
    book = write_workbook(tmp_path / "b.xlsx", spec)
    # 部門 down three rows and past the data; 姓名 across two columns stays as saved.
    _merge(book, "員工", "D2:D9", "B2:C2")
    fast, full = XlsxSource(book).read(), FullXlsxSource(book).read()
    assert cells(fast) == cells(full)
    dataset = validate(fast, ZONE, NOW, sop_codes=SOPS)
    # Row 2 lost its 崗位 to the merge across columns: said, and left out.
    assert [(i.code, i.cell) for i in dataset.issues] == [("required-value", "員工!C2")]
    assert [(r.row, r.department) for r in dataset.records("staff")] == [
        (3, "客服部"),
        (4, "客服部"),
    ]
    assert dataset.counts()["staff"]["rows"] == 3  # no rows made below the data


# ---------------------------------------------------------------- WPS pictures in cells

_WPS_IMAGE = (
    b'<c r="I2" t="str"><f>_xlfn.DISPIMG("ID_7F3A2C",1)</f><v>=DISPIMG("ID_7F3A2C",1)</v></c>'
)


def _wps_picture(book: Path) -> None:
    """A certificate photo placed in 培訓簽到!I2 as WPS saves it: the formula, and its text as
    the cached value (row 2 holds nothing after C2)."""
    with zipfile.ZipFile(book) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
        sheet = book_parts(source)[0]["培訓簽到"]
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename == sheet:
                row = data.index(b'<row r="2"')
                end = data.index(b"</row>", row)
                data = data[:end] + _WPS_IMAGE + data[end:]
            out.writestr(info, data)


def test_a_wps_picture_in_a_cell_is_no_certificate(tmp_path: Path) -> None:
    from deskbook.sources.xlsx_full import FullXlsxSource

    book = write_workbook(tmp_path / "b.xlsx")
    _wps_picture(book)
    for source in (XlsxSource(book), FullXlsxSource(book)):
        dataset = validate(source.read(), ZONE, NOW, sop_codes=SOPS)
        assert [(i.code, i.cell) for i in dataset.issues] == [("cell-image", "培訓簽到!I2")]
    folder = _csv_folder(tmp_path, "utf-8", ",")
    path = folder / "培訓簽到.csv"
    lines = path.read_text("utf-8").splitlines()
    lines[1] += '"=DISPIMG(""ID_7F3A2C"",1)"'  # as WPS exports it
    path.write_text("\n".join(lines) + "\n", "utf-8")
    code, report = _check_json(_csv_config(tmp_path, folder))
    assert code == 1
    assert [(i["code"], i["cell"]) for i in report["issues"]] == [("cell-image", "培訓簽到!I2")]
