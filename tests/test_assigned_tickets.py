"""Tickets have an assignee (負責人): what a person owes at the desk is on their page's 待辦, the
desk names who handles each open ticket, and a 回訪人 who is one of the staff links to them.

One handbook is built for real (`deskbook build`) from a workbook written with openpyxl."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup, Tag

from deskbook.schema.validate import validate
from tests.conftest import load_spec, make_handbook, run_cli, write_workbook
from tests.raw_books import raw_workbook

AS_OF = "2026-11-27"
# 工單號, 受理時間, 房號, 類型, 緊急程度, 渠道, 內容摘要, 處理部門, 狀態, 完成時間, 回訪時間,
# 回訪人, 滿意度, 回訪記錄, 負責人: sheet rows 3 to 8 (row 2 is the spec's own ticket).
TICKETS = [
    # Urgent (24 h): past its time limit at the end of the day.
    ["BX-002", dt.datetime(2026, 11, 25, 9), "1-1-0101", "報修", "緊急", "電話", "電梯停運",
     "工程部", "處理中", "", "", "", "", "", "S002"],
    # Within its 24 hours; assigned by name, as clerks write it.
    ["BX-003", dt.datetime(2026, 11, 27, 10), "1-1-0102", "咨詢", "", "微信", "車位出租",
     "客服部", "待處理", "", "", "", "", "", "林志強"],
    # Done on the 19th, no 回訪 by the 22nd: owed by its assignee.
    ["BX-004", dt.datetime(2026, 11, 18, 10), "1-1-0101", "報修", "一般", "電話", "門鎖故障",
     "工程部", "已完成", dt.datetime(2026, 11, 19, 11), "", "", "", "", "S001"],
    # Nobody of that ID: an error at the cell, the row held back.
    ["BX-005", dt.datetime(2026, 11, 26, 10), "", "報事", "", "電話", "路燈不亮",
     "工程部", "待處理", "", "", "", "", "", "S999"],
    # The 回訪人 planned is 陳美玲 (S001), not the assignee S002: hers to make.
    ["BX-006", dt.datetime(2026, 11, 19, 10), "1-1-0102", "報修", "一般", "電話", "水龍頭漏水",
     "工程部", "已完成", dt.datetime(2026, 11, 20, 10), "", "陳美玲", "", "", "S002"],
    # Done in September, never called back: past [followup] to_do_days, the desk's record only.
    ["BX-007", dt.datetime(2026, 9, 1, 10), "1-1-0101", "報修", "一般", "電話", "窗戶漏風",
     "工程部", "已完成", dt.datetime(2026, 9, 2, 10), "", "", "", "", "S001"],
]  # fmt: skip


@dataclass(frozen=True)
class Built:
    config: Path
    site: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("assigned")
    spec = load_spec()
    tickets = spec["報事報修"]
    tickets["header"] = [*tickets["header"], "負責人"]
    tickets["rows"] = [[*row, ""] for row in tickets["rows"]] + TICKETS
    config = make_handbook(folder / "hb", write_workbook(folder / "book.xlsx", spec))
    out = folder / "out"
    code, _, err = run_cli("build", "--config", str(config), "--as-of", AS_OF, "--output", str(out))
    assert code == 0, err
    return Built(config, out)


def article(path: Path) -> Tag:
    found = BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one("article")
    assert found is not None
    return found


def todos(site: Path, slug: str) -> list[Tag]:
    """The items of a person's 待辦, the first section of their page."""
    first = article(site / "training" / "staff" / slug / "index.html").select("h2")[0]
    assert first.get_text(strip=True).rstrip("¶") == "待辦"
    listed = first.find_next_sibling()
    return listed.select("li") if listed is not None and listed.name == "ul" else []


def ticket_lines(site: Path, slug: str) -> list[tuple[str, str, str]]:
    """(badge, words, link) of each ticket on a person's 待辦, in the page's order."""
    found = []
    for item in todos(site, slug):
        link = item.find("a")
        if link is not None and "工單" in item.get_text():
            badge = item.select_one(".deskbook-badge")
            assert badge is not None
            found.append((badge.get_text(), link.get_text(" ", strip=True), str(link["href"])))
    return found


def test_open_tickets_assigned_are_on_the_persons_to_do_late_first(built: Built) -> None:
    lines = ticket_lines(built.site, "s002")
    assert [words.split("（")[0] for _, words, _ in lines] == ["處理工單 BX-002", "處理工單 BX-003"]
    (late, late_words, late_link), (due, due_words, due_link) = lines
    assert late == "逾期" and "已超時" in late_words and "1-1-0101" in late_words
    assert due == "待完成" and "期限 2026-11-28 10:00" in due_words
    # Each links to the ticket's unit page, which lists the unit's open tickets first.
    assert (late_link, due_link) == ("../../../units/1-1-0101/", "../../../units/1-1-0102/")
    unit = article(built.site / "units" / "1-1-0101" / "index.html")
    assert "BX-002" in unit.get_text()
    # BX-006 is S002's ticket, but its 回訪 is 陳美玲's.
    assert not [w for _, w, _ in lines if "BX-006" in w]


def test_followups_due_are_on_the_to_do_of_who_owes_them(built: Built) -> None:
    lines = ticket_lines(built.site, "s001")
    assert sorted(words.split("（")[0] for _, words, _ in lines) == [
        "回訪工單 BX-004",
        "回訪工單 BX-006",
    ]
    assert {badge for badge, _, _ in lines} == {"逾期"}


def test_a_long_missed_followup_is_the_desks_record_not_a_to_do(built: Built) -> None:
    assert not [w for _, w, _ in ticket_lines(built.site, "s001") if "BX-007" in w]
    assert "BX-007" in article(built.site / "service-desk" / "index.html").get_text()


def test_a_person_who_owes_no_ticket_has_no_ticket_line(built: Built) -> None:
    assert [i for i in todos(built.site, "s003") if "工單" in i.get_text()] == []


def test_the_desk_names_each_open_tickets_assignee(built: Built) -> None:
    table = article(built.site / "service-desk" / "index.html").select_one("table")
    assert table is not None
    assert [th.get_text() for th in table.select("th")][-1] == "負責人"
    rows = {tr.td.get_text(): tr.select("td")[-1] for tr in table.select("tbody tr") if tr.td}
    assert set(rows) == {"BX-002", "BX-003"}  # BX-005 is held back
    for cell in rows.values():
        link = cell.find("a")
        assert link is not None and link.get_text() == "林志強"
        assert link["href"] == "../training/staff/s002/"


def test_a_followup_by_who_is_one_of_the_staff_links_to_them(built: Built) -> None:
    month = article(built.site / "service-desk" / "2026-11" / "index.html")
    rows = {tr.td.get_text(): tr.select("td")[-1] for tr in month.select("tbody tr") if tr.td}
    planned = rows["BX-006"].find("a")
    assert planned is not None and planned.get_text() == "陳美玲"
    assert planned["href"] == "../../training/staff/s001/"
    # The spec's own ticket was followed up by 林志強, with a note after his name.
    done = rows["BX-001"]
    assert done.get_text() == "林志強：已修好" and done.a is not None


def test_the_owners_board_names_no_assignee(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "board"
    args = ["build", "--config", str(built.config), "--as-of", AS_OF, "--audience", "public"]
    code, _, err = run_cli(*args, "--output", str(out))
    assert code == 0, err
    pages = [p.read_text("utf-8") for p in out.rglob("*.html")]
    assert pages and not [p for p in pages if "負責人" in p or "林志強" in p or "staff/s0" in p]


def test_an_unknown_assignee_is_an_error_and_a_name_a_warning(built: Built) -> None:
    code, out, _ = run_cli("check", "--config", str(built.config), "--json", "--as-of", AS_OF)
    assert code == 1
    found = {
        (i["code"], i["severity"], i["cell"]): i["message"]
        for i in json.loads(out)["issues"]
        if i["tab"] == "tickets"
    }
    unknown = found[("unknown-reference", "error", "報事報修!O6")]
    assert "S999" in unknown and "員工" in unknown
    named = found[("staff-by-name", "warning", "報事報修!O4")]
    assert "林志強" in named and "S002" in named


@pytest.mark.parametrize(
    ("assignee", "second_name", "expected"),
    [
        # A name only one person holds is read as their ID, and the row is kept.
        ("林志強", "黃雅婷", ("S002", "staff-by-name", "S002")),
        # With the name twice on 員工 it says no one: held back, naming both IDs.
        ("林志強", "林志強", (None, "unknown-reference", "S002、S003")),
        # Spaces around the name, as cells often have, do not matter.
        (" 林志強 ", "黃雅婷", ("S002", "staff-by-name", "S002")),
    ],
)
def test_a_name_where_the_assignee_goes(
    assignee: str, second_name: str, expected: tuple[str | None, str, str]
) -> None:
    spec = load_spec()
    tickets = spec["報事報修"]
    tickets["header"] = [*tickets["header"], "負責人"]
    tickets["rows"] = [[*row, assignee] for row in tickets["rows"]]
    spec["員工"]["rows"][2][1] = second_name  # S003
    zone = ZoneInfo("Asia/Shanghai")
    dataset = validate(raw_workbook(spec), zone, dt.datetime(2026, 11, 27, 17, tzinfo=zone))
    staff_id, code, said = expected
    assert [t.assignee for t in dataset.records("tickets")] == ([staff_id] if staff_id else [])
    (issue,) = [i for i in dataset.issues if i.tab == "tickets"]
    assert (issue.code, issue.cell) == (code, "報事報修!O2")
    assert said in issue.message("zh-Hant")
