"""The demo handbook built for real (`deskbook build`): the training pages say what the engine
says, and what `deskbook training --json` exports, cell by cell."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner

from deskbook.cli import main
from deskbook.i18n import choice_label, text
from deskbook.render.pages import make_env, render
from deskbook.schema.validate import validate
from deskbook.training.report import compute
from deskbook.training.rules import load_rules
from deskbook.views.training import TrainingPage, training_site
from tests.conftest import make_handbook, run_cli, write_workbook
from tests.raw_books import raw_workbook

LANG = "zh-Hant"
RULES = load_rules()
LABELS = {code: rule.labels[LANG] for code, rule in RULES.categories.items()}
CODES = {label: code for code, label in LABELS.items()}


@dataclass(frozen=True)
class Demo:
    site: Path
    rows: list[dict[str, Any]]

    def row(self, staff_id: str, category: str) -> dict[str, Any]:
        return next(r for r in self.rows if (r["staff_id"], r["category"]) == (staff_id, category))

    @property
    def current(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["employment"] != "left"]


@pytest.fixture(scope="module")
def demo(demo_site: Path) -> Demo:
    """The session's demo build, with the training export of the same handbook."""
    config = str(demo_site.parent / "deskbook.toml")
    code, out, err = run_cli("training", "--config", config, "--as-of", "2026-11-27", "--json")
    assert code == 0, err
    return Demo(demo_site, json.loads(out)["rows"])


@pytest.fixture(scope="module")
def managers(manager_site: Path, demo: Demo) -> Demo:
    """The managers' site (--audience manager): the one with every score and warning."""
    return Demo(manager_site, demo.rows)


def article(path: Path) -> Tag:
    found = BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one("article")
    assert found is not None
    return found


def badges(cell: Tag) -> list[str]:
    return [b.get_text() for b in cell.select("span.deskbook-badge")]


def expected_badges(row: dict[str, Any]) -> list[str]:
    """What a cell must say for one exported row (the onboarding column aside)."""
    words = [text(f"ui.training-status-{row['status']}", LANG)]
    if row["exam_state"] in ("retake_due", "warning", "dismissal"):
        words.append(text(f"ui.training-exam-{row['exam_state']}", LANG))
    return words


def onboarding_pattern(state: str) -> re.Pattern[str]:
    template = text(f"ui.training-onboarding-{state}", LANG, day="{day}", days=7)
    return re.compile(re.escape(template).replace(re.escape("{day}"), r"\d+"))


def staff_id(cell: Tag) -> str:
    """From a name cell: a link "name id", perhaps followed by "(on leave)"."""
    return cell.find("a").get_text().split()[-1]


def role_tables(page: Tag) -> list[Tag]:
    """The matrix: one table of everyone, its name column pinned, a role column to filter by."""
    return page.select(".deskbook-matrix table")


def test_matrix_agrees_with_the_engine(demo: Demo) -> None:
    page = article(demo.site / "training/index.html")
    seen = set()
    for table in role_tables(page):
        header = [th.get_text() for th in table.select("thead th")]
        assert header[1] == "崗位"
        columns = [CODES[h] for h in header[2:-1]]
        assert "other" not in columns  # never required of anyone: no column for it
        for tr in table.select("tbody tr"):
            cells = tr.find_all("td")
            sid = staff_id(cells[0])
            seen.add(sid)
            for code, cell in zip(columns, cells[2:-1], strict=True):
                row = demo.row(sid, code)
                if code == "onboarding":
                    assert onboarding_pattern(row["onboarding_state"]).fullmatch(badges(cell)[0]), (
                        sid,
                        badges(cell),
                    )
                else:
                    assert badges(cell) == expected_badges(row), (sid, code)
            link = cells[0].find("a")["href"]
            assert (demo.site / "training" / link / "index.html").is_file(), link
    assert seen == {r["staff_id"] for r in demo.current}


def test_matrix_totals_per_category(demo: Demo) -> None:
    page = article(demo.site / "training/index.html")
    heading = next(
        h for h in page.select("h2") if h.get_text().startswith(text("ui.training-totals", LANG))
    )
    assert heading.find_next("svg") is not None  # the chart, with these numbers in the table
    totals = heading.find_next("table")
    counts = Counter((r["category"], r["status"]) for r in demo.current)
    retakes = Counter(r["category"] for r in demo.current if r["exam_state"] == "retake_due")
    for tr in totals.select("tbody tr"):
        label, *numbers = [td.get_text() for td in tr.find_all("td")]
        code = CODES[label]
        statuses = ("done", "pending", "overdue", "not_required")
        assert [int(n) for n in numbers] == [counts[(code, s)] for s in statuses] + [
            retakes[code]
        ], label


def test_leavers_are_listed_apart(demo: Demo) -> None:
    page = article(demo.site / "training/index.html")
    leavers_heading = page.select("h2")[-2]
    assert leavers_heading.get_text().startswith(text("ui.training-leavers", LANG))
    listed = [
        staff_id(tr.find("td")) for tr in leavers_heading.find_next("table").select("tbody tr")
    ]
    left = sorted({r["staff_id"] for r in demo.rows if r["employment"] == "left"})
    assert sorted(listed) == left == ["S007", "S011", "S012"]
    in_roles = {staff_id(tr.find("td")) for t in role_tables(page) for tr in t.select("tbody tr")}
    assert not in_roles & set(left)


def test_a_staff_page_agrees_with_the_engine(managers: Demo) -> None:
    # S026 failed a service retake in July (a warning) and is on the culture list.
    demo = managers
    page = article(demo.site / "training/staff/s026/index.html")
    table = page.select("h2")[1].find_next("table")
    for tr in table.select("tbody tr"):
        cells = tr.find_all("td")
        code = CODES[cells[0].get_text()]
        row = demo.row("S026", code)
        if code != "onboarding":
            assert badges(cells[1]) == expected_badges(row), code
        assert cells[4].get_text().startswith(f"{row['minutes_this_year']} 分鐘"), code
        assert cells[5].get_text().split("（")[0] == str(row["periods_missed_12m"]), code
    assert demo.row("S026", "culture")["status"] == "done"
    warnings = page.select("h2")[3].find_next("ul").select("li")
    assert len(warnings) == 1 and LABELS["service"] in warnings[0].get_text()


def test_staff_pages_stay_out_of_the_nav(demo: Demo) -> None:
    nav = BeautifulSoup(
        (demo.site / "training/index.html").read_text("utf-8"), "html.parser"
    ).select("nav.md-nav a")
    assert nav and not [a["href"] for a in nav if "staff/" in a["href"]]
    pages = list((demo.site / "training/staff").iterdir())
    assert len(pages) == len({r["staff_id"] for r in demo.rows})
    index = json.loads((demo.site / "search/search_index.json").read_text("utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("training/staff/")]


def test_onboarding_tracker(demo: Demo) -> None:
    page = article(demo.site / "training/onboarding/index.html")
    rows = {staff_id(tr.find("td")): tr for tr in page.select("table tbody tr")}
    assert set(rows) == {
        r["staff_id"] for r in demo.current if r["onboarding_state"] != "not_tracked"
    }
    # S040 was hired on 2026-11-24: day 4 of 7 on the 27th, exam on the 30th.
    cells = rows["S040"].find_all("td")
    assert badges(cells[3]) == [text("ui.training-onboarding-in_progress", LANG, day=4, days=7)]
    assert cells[4].get_text() == "2026-11-30"


def test_home_page_counts_what_needs_doing(demo: Demo) -> None:
    home = article(demo.site / "index.html")
    box = next(
        a
        for a in home.select(".admonition")
        if text("ui.training-actions-title", LANG, date="2026-11-27") in a.get_text()
    )
    # Onboarding has lines of its own, so it is not among the overdue trainings; nor are the
    # SOP acknowledgements (rows `sop:<code>`), which have theirs.
    overdue = [
        r
        for r in demo.current
        if r["status"] == "overdue"
        and r["category"] != "onboarding"
        and not r["category"].startswith("sop:")
    ]
    line = text(
        "ui.training-actions-overdue",
        LANG,
        count=len(overdue),
        staff=len({r["staff_id"] for r in overdue}),
    )
    assert line in box.get_text()
    assert box.select_one("a")["href"] == "training/"


def test_sop_page_prints_the_rules_it_is_computed_from(demo: Demo) -> None:
    page = article(demo.site / "sop/training/index.html")
    rule_rows = {
        tr.find("td").get_text(): [td.get_text() for td in tr.find_all("td")]
        for tr in page.select("h2#總覽表 + p + table tbody tr")
    }
    assert list(rule_rows) == list(LABELS.values())
    computer = rule_rows[LABELS["computer"]]
    assert "理論 30 + 上機操作 60 + 紀律 10" in computer
    assert "每人上機 20 小時或以上" in computer
    assert rule_rows[LABELS["skills"]][3] == "60 分鐘"
    assert page.select_one("h2#狀態如何計算") is not None
    assert "<!--" not in str(page)  # the marker was replaced


def test_the_matrix_chart_comes_with_the_training_view() -> None:
    now = dt.datetime(2026, 11, 27, 17, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    dataset = validate(raw_workbook(), now.tzinfo, now)
    site = training_site(compute(dataset, RULES, now.date()), LANG)
    matrix = next(spec for spec in site.pages if spec.path == "training/index.md")
    svg = BeautifulSoup(matrix.context.chart, "html.parser").find("svg")
    assert svg is not None and svg.find("title").get_text() == text("ui.training-totals", LANG)
    bars = {t.get_text() for t in svg.select("rect > title")}
    for total in site.totals:
        for status in ("done", "pending", "overdue"):
            label = text(f"ui.training-status-{status}", LANG)
            assert f"{total.column.label} {label}: {total.counts[status]}" in bars
    # The page prints the chart unconditionally: a view that forgot it fails the build.
    without = TrainingPage(site)
    with pytest.raises(jinja2.UndefinedError):
        render(make_env(LANG), replace(matrix, context=without))


def test_a_past_day_takes_the_status_column_for_what_it_is(tmp_path: Path) -> None:
    # The minimal workbook: S003 left on 2025-06-30; here S002 is marked 休假 (on leave).
    # On 2025-03-03 S003 still worked here, and the leave mark, made at the sync, says nothing
    # of that day. Today both stand as the sheet says.
    # The ticket moves to February 2025 so that the service desk has a month to chart then.
    ticket = {
        "報事報修!B2": dt.datetime(2025, 2, 10, 9, 15),
        "報事報修!J2": dt.datetime(2025, 2, 10, 15, 0),
        "報事報修!K2": dt.datetime(2025, 2, 11, 10, 0),
    }
    book = write_workbook(tmp_path / "book.xlsx", changes={"員工!F3": "休假", **ticket})
    config = str(make_handbook(tmp_path / "hb", book))
    on_leave = f"({choice_label('staff_status', 'leave', LANG)})"

    def matrix(*as_of: str) -> Tag:
        out = tmp_path / f"out{len(as_of)}"
        args = ["build", "--config", config, "--output", str(out), *as_of]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return article(out / "training/index.html")

    def names(page: Tag) -> dict[str, str]:
        cells = [tr.find("td") for t in role_tables(page) for tr in t.select("tbody tr")]
        return {staff_id(cell): cell.get_text() for cell in cells}

    past = matrix("--as-of", "2025-03-03")
    assert set(names(past)) == {"S001", "S002", "S003"}
    assert on_leave not in names(past)["S002"]
    leavers = past.select("h2")[-2]
    assert leavers.find_next("p").get_text() == text("ui.training-no-leavers", LANG)

    today = matrix()
    assert set(names(today)) == {"S001", "S002"}
    assert names(today)["S002"].endswith(on_leave)
    listed = today.select("h2")[-2].find_next("table").select("tbody tr")
    assert [staff_id(tr.find("td")) for tr in listed] == ["S003"]
