"""本次更新 / What changed: two hand-built workbooks published in sequence through the real
CLI, the page read from the published site; the history list's bound; no owner's phone."""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
from pathlib import Path

from click.testing import CliRunner

from deskbook.cli import main
from deskbook.state.publishes import KEEP, Published, PublishLog
from tests.conftest import load_spec, make_handbook, write_workbook

OWNER_PHONES = ("13812345678", "13987654321", "0755-26880001", "11010519491231002X")


def publish(config: Path, output: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["publish", "--config", str(config), "--output", str(output), "--as-of", "2026-11-27"],
    )
    assert result.exit_code == 0, result.stdout + result.stderr


def page_text(site: Path) -> str:
    page = (site / "changes" / "index.html").read_text("utf-8")
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    # As a reader sees it: tags gone (codes sit in spans of their own), runs of spaces folded.
    return re.sub(r"[ \t]+", " ", html.unescape(re.sub(r"<[^>]+>", "", article)))


def second_book() -> dict:
    """The first book a day later: a ticket in and one out, a notice, a new hire, a bad date."""
    spec = copy.deepcopy(load_spec())
    tickets = spec["報事報修"]["rows"]
    tickets.append(
        ["BX-002", dt.datetime(2026, 11, 25, 8, 0), "1-1-0102", "報修", "緊急", "電話",
         "業主 13987654321 來電：電梯異響", "工程部", "處理中", "", "", "", "", ""]
    )  # fmt: skip
    tickets.append(
        ["BX-003", dt.datetime(2026, 11, 26, 9, 0), "1-1-0101", "報修", "一般", "電話",
         "門禁卡失效", "工程部", "已完成", dt.datetime(2026, 11, 26, 11, 0), "", "", "", ""]
    )  # fmt: skip
    spec["通知通告"]["rows"].append(
        ["KF-2026-009", "電梯年檢<安排>", "通知", "內部", "週五上午年檢。", dt.date(2026, 11, 26),
         "", "客服部", "否", "已發佈"]
    )  # fmt: skip
    spec["培訓簽到"]["rows"].append(["TS-001", "S002", 60, "", "", "", "", "", ""])
    spec["員工"]["rows"].append(
        ["S004", "周家豪", "客服專員", "客服部", dt.date(2026, 11, 23), "在職", "", "否", "", ""]
    )
    spec["收費"]["rows"][0][5] = "上週"  # a date nobody can read: a new data error
    return spec


def test_what_changed_between_two_publishes(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    config = make_handbook(tmp_path / "hb", write_workbook(book))
    site = tmp_path / "www" / "handbook"
    publish(config, site)
    first = page_text(site)
    assert "This is the site's first publish" in first or "第一次發佈" in first

    write_workbook(book, second_book())
    publish(config, site)
    text = page_text(site)
    assert "第一次發佈" not in text
    groups = "新工單|已結單|新逾時工單|新通知|培訓狀態變動（按員工）|新資料錯誤"
    sections = dict(re.findall(rf"({groups}) \((\d+)\)", text))
    assert sections["新工單"] == "2"
    assert "BX-002 · 已逾時" in text  # urgent, two days open
    assert "BX-003 · 已結單" in text
    assert sections["新逾時工單"] == "1"
    assert sections["新通知"] == "1"
    assert "KF-2026-009 · 電梯年檢<安排>" in text  # escaped in the HTML, shown as typed
    assert "<安排>" not in (site / "changes" / "index.html").read_text("utf-8")
    assert "培訓狀態變動（按員工） (1)" in text
    assert re.search(r"周家豪 \(S004\): 工作技能 — → 待完成\s*$", text, re.M), text
    assert sections["新資料錯誤"] == "1"
    assert "收費!F2" in text
    rows = re.search(r"報事報修\s+1\s+3\s+\+2", text)
    assert rows, text
    assert len(re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d\s+\d{4}-\d\d-\d\d", text)) == 1
    for number in OWNER_PHONES:
        assert number not in text

    # A day on: BX-002 done and the date put right.
    third = second_book()
    third["報事報修"]["rows"][1][8:10] = ["已完成", dt.datetime(2026, 11, 26, 17, 0)]
    third["收費"]["rows"][0][5] = dt.date(2026, 10, 8)
    write_workbook(book, third)
    publish(config, site)
    text = page_text(site)
    assert "已修正的資料錯誤 (1)" in text and "收費!F2 · invalid-date" in text
    assert "已結單 (1)" in text and "BX-002" in text
    assert "新工單" not in text and "新資料錯誤" not in text
    assert len(re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d\s+\d{4}-\d\d-\d\d", text)) == 2


def test_history_is_bounded_and_groups_are_cut_short(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    config = make_handbook(tmp_path / "hb", write_workbook(book))
    site = tmp_path / "www" / "handbook"
    log = PublishLog(config.parent / ".deskbook" / "deskbook.sqlite")
    synced = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)
    many = {f"BX-{n:03}": "closed" for n in range(100, 140)}  # all closed since
    for day in range(KEEP + 5):
        at = synced + dt.timedelta(days=day)
        summary = {"tickets": dict(many) if day == KEEP + 4 else {}}
        if day == KEEP + 4:
            summary["tickets"] = {k: "open" for k in many}
        log.record(str(site.absolute()), Published(at, at, "x", summary))
    assert len(log.history(str(site.absolute()), limit=100)) == KEEP

    publish(config, site)
    text = page_text(site)
    history = re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d\s+\d{4}-\d\d-\d\d \d\d:\d\d", text)
    assert len(history) == KEEP - 1  # and "This one", whose publish time is now
    assert "已結單 (40)" in text
    assert text.count("BX-1") == 10
    assert "……另有 30 項" in text
