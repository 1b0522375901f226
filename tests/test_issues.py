"""Issue classes: where a cell reference is made, and codes, messages and README kept in step."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import re
import string
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from deskbook.checks.office import office_checks
from deskbook.domain.service_rules import load_service_rules
from deskbook.i18n import LANGUAGES, messages, tab_label
from deskbook.model.dataset import Dataset, TabData
from deskbook.model.issues import DuplicateKey, Issue, Location, MissingTab, UnknownColumn
from deskbook.schema import types
from deskbook.schema.tabs import TABS
from deskbook.schema.validate import validate
from deskbook.sources import RawSheet, RawWorkbook, trim_rows
from tests.conftest import ROOT, load_spec

ZONE = ZoneInfo("Asia/Shanghai")
MOMENT = dt.datetime(2026, 11, 27, 23, 59, tzinfo=ZONE)


def _issue_classes() -> list[type[Issue]]:
    found: list[type[Issue]] = []
    pending = list(Issue.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _validated(changes: dict[str, Any], titles: dict[str, str] | None = None) -> Dataset:
    """The minimal workbook held in memory, with cells changed by (tab, row, column index)."""
    spec = load_spec()
    sheets = {}
    titles = titles or {}
    for title, sheet in spec.items():
        rows = [list(sheet["header"]), *(list(r) for r in sheet["rows"])]
        for (tab, row, index), value in changes.items():
            if tab == title:
                rows[row - 1] += [None] * (index + 1 - len(rows[row - 1]))
                rows[row - 1][index] = value
        named = titles.get(title, title)
        sheets[named] = RawSheet(named, trim_rows([tuple(r) for r in rows]))
    workbook = RawWorkbook(sheets, "memory")
    keys = {tab_label(tab.key, "zh-Hant"): tab.key for tab in TABS}
    tab_titles = {keys[title]: named for title, named in titles.items()}
    return validate(workbook, ZONE, MOMENT, tab_titles, ["CS-SOP-01", "CS-SOP-04"])


def test_location_names_a_cell_a_column_a_row_or_a_sheet() -> None:
    assert Location("owners", "業主", 14, "phone_1", "C").cell == "業主!C14"
    assert Location("owners", "業主", None, "phone_1", "C").cell == "業主!C:C"
    assert Location("owners", "業主", 14).cell == "業主!14:14"
    assert Location("owners", "業主").cell == "業主"
    assert Location("owners", "業主", 14, "phone_1", "C").range == "C14"
    assert Location("owners", "業主").range == ""


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        ("員工", "員工!B2"),
        ("Sheet1", "Sheet1!B2"),
        ("AB12", "'AB12'!B2"),  # unquoted, it would be the cell AB12
        ("Staff list", "'Staff list'!B2"),
        ("Chan's", "'Chan''s'!B2"),
    ],
)
def test_sheet_titles_are_quoted_where_a_name_box_needs_it(title: str, cell: str) -> None:
    assert Location("staff", title, 2, "name", "B").cell == cell


def test_issue_at_takes_the_letter_from_where_the_column_was_read() -> None:
    data = TabData("staff", "員工", columns={"staff_id": 0, "name": 26, "role": 701})
    issue = DuplicateKey.at(data, 3, "staff_id", value="S001", first="員工!A2")
    assert (issue.tab, issue.row, issue.column, issue.cell) == ("staff", 3, "staff_id", "員工!A3")
    assert issue.params == {"value": "S001", "first": "員工!A2"}
    assert DuplicateKey.at(data, 3, "name").cell == "員工!AA3"
    assert DuplicateKey.at(data, 3, "role").cell == "員工!ZZ3"
    # A column not in the layout (or no column at all) names the whole row.
    assert DuplicateKey.at(data, 3, "department").cell == "員工!3:3"
    # A header cell that belongs to no known column is named by its position.
    assert UnknownColumn.at(data, 1, index=702, header="備註").cell == "員工!AAA1"
    assert MissingTab.named("staff", "員工", tab_name="員工", aliases="staff").cell == "員工"


def test_a_duplicate_names_its_first_occurrence_in_a_quoted_sheet() -> None:
    data = _validated({("培訓場次", 3, 0): "TS-001"}, titles={"培訓場次": "Sessions 2026"})
    duplicate = next(i for i in data.issues if i.code == "duplicate-key")
    assert duplicate.cell == "'Sessions 2026'!A3"
    assert duplicate.params["first"] == "'Sessions 2026'!A2"


def test_a_repeated_header_names_the_first_one() -> None:
    data = _validated({("員工", 1, 8): "姓名"})
    [issue] = data.issues
    assert (issue.code, issue.cell) == ("duplicate-column", "員工!I1")
    assert issue.params["first"] == "員工!B1"


def test_a_reused_notice_number_names_the_first_notice() -> None:
    data = _validated({("通知通告", 3, 0): "KF-2026-1"})
    rules = load_service_rules({}, "defaults")
    found = office_checks(data, rules, MOMENT)
    duplicate = next(i for i in found if i.code == "notice-number-duplicate")
    assert (duplicate.cell, duplicate.params["first"]) == ("通知通告!A3", "通知通告!A2")


def test_every_issue_class_has_its_own_code() -> None:
    codes = [cls.code for cls in _issue_classes()]
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", code) for code in codes), codes
    assert len(codes) == len(set(codes))


def test_every_code_has_a_message_in_each_language_with_the_same_placeholders() -> None:
    table = messages()["issues"]
    codes = {cls.code for cls in _issue_classes()}
    assert sorted(codes - set(table)) == [], "issue classes without a message"
    assert sorted(set(table) - codes) == [], "messages without an issue class"
    for code in sorted(codes):
        assert sorted(table[code]) == sorted(LANGUAGES), code
        names = {lang: _placeholders(table[code][lang]) for lang in LANGUAGES}
        assert names["zh-Hans"] == names["zh-Hant"] == names["en"], (code, names)


def test_every_code_is_listed_in_the_readme() -> None:
    # The README, or a page of the manual beside it (docs/pages/).
    pages = [ROOT / "README.md", *sorted((ROOT / "docs" / "pages").glob("*.md"))]
    manual = "\n".join(p.read_text("utf-8") for p in pages)
    missing = [cls.code for cls in _issue_classes() if f"`{cls.code}`" not in manual]
    assert missing == []


def test_every_code_a_cell_parser_raises_has_an_issue_class() -> None:
    """Parsers name a problem by code (they know no issue classes); each must resolve."""
    raised: set[str] = set()
    for node in ast.walk(ast.parse(inspect.getsource(types))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None)
        code = {"CellProblem": node.args[0], "_to_decimal": node.args[-1]}.get(name or "")
        if isinstance(code, ast.Constant) and isinstance(code.value, str):
            raised.add(code.value)
    assert len(raised) > 10, "codes not found: has CellProblem changed?"
    assert {code: Issue.by_code(code).code for code in raised} == {c: c for c in raised}
