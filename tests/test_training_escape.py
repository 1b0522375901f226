"""Hostile cell text in the training tabs stays text on every training page of a real build,
and in the CSV export."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from openpyxl import load_workbook

from deskbook.cli import main
from deskbook.render.escape import clean_text
from tests.conftest import make_handbook, write_workbook

HOSTILE = {
    "員工!B2": "<script>alert(1)</script>",  # S001's name: titles, links, headings
    "員工!C2": "|x| **b** [l](javascript:alert(1))",  # S001's role: a heading of the matrix
    "員工!D2": '{: onclick="alert(1)" }',  # department
    "培訓場次!C2": "</td></tr><tr><td>x",  # topic of TS-001, in S001's history table
    "年度培訓計劃!C2": "<!-- deskbook:action-counts -->",  # a marker must not come alive
    "年度培訓計劃!D2": "<img src=x onerror=alert(1)>",
}
ALLOWED = {
    "h1": {"id"},
    "h2": {"id"},
    "p": {"class"},
    "div": {"class"},
    "span": {"class"},
    "a": {"href", "class", "title"},
    "strong": set(),
    "br": set(),
    "ul": set(),
    "ol": set(),
    "li": set(),
    "dl": set(),
    "dt": set(),
    "dd": set(),
    "table": set(),
    "thead": set(),
    "tbody": set(),
    "tr": set(),
    "th": {"style"},
    "td": {"style"},
    # The completion chart on the matrix page: our own SVG, its labels escaped like any cell.
    "svg": {"class", "viewbox", "role", "aria-label", "xmlns"},
    "title": set(),
    "line": {"x1", "x2", "y1", "y2", "class"},
    "rect": {"x", "y", "width", "height", "fill"},
    "text": {"x", "y", "text-anchor", "class"},
    # The matrix's role filter: our own markup, the role names escaped like any cell.
    "label": set(),
    "select": {"class"},
    "option": {"value"},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile-training")
    config = make_handbook(tmp / "hb", write_workbook(tmp / "book.xlsx", changes=HOSTILE))
    result = CliRunner().invoke(
        main,
        ["build", "--config", str(config), "--as-of", "2026-11-27", "--output", str(tmp / "out")],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return tmp / "out"


def article(site: Path, page: str) -> Tag:
    found = BeautifulSoup(
        (site / page / "index.html").read_text("utf-8"), "html.parser"
    ).select_one("article")
    assert found is not None
    for element in found.find_all(True):
        assert element.name in ALLOWED, f"{page}: injected <{element.name}>"
        extra = set(element.attrs) - ALLOWED[element.name]
        assert not extra, f"{page}: injected {extra} on <{element.name}>"
        href = element.get("href")
        assert href is None or not re.match(r"\s*javascript", href, re.I), href
    return found


def visible(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("page", "cells"),
    [
        ("training", ["員工!B2", "員工!C2"]),
        ("training/staff/s001", ["員工!B2", "員工!C2", "員工!D2", "培訓場次!C2"]),
        ("training/plan", ["年度培訓計劃!C2", "年度培訓計劃!D2"]),
    ],
)
def test_hostile_cells_read_as_typed(site: Path, page: str, cells: list[str]) -> None:
    text = visible(article(site, page).get_text())
    for cell in cells:
        assert visible(clean_text(HOSTILE[cell])) in text, (page, cell)


def test_other_training_pages_stay_clean(site: Path) -> None:
    for page in ("training/onboarding", "training/staff/s002"):
        article(site, page)
    # The marker typed into a plan cell was shown, not expanded into the action list.
    plan = article(site, "training/plan")
    assert plan.select(".admonition") == []


# Text a spreadsheet would run as a formula if the CSV gave it back as typed.
FORMULAS = {
    "員工!B2": '+HYPERLINK("http://evil.example","x")',  # S001's name
    "員工!C2": "@SUM(1+1)",  # S001's role
    "員工!B3": "-2+3",  # S002's name
    "員工!C3": "=1+1",  # S002's role, stored as text (as Excel does when typed as '=1+1)
}


def test_csv_export_never_hands_a_spreadsheet_a_formula(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "book.xlsx", changes={k: v for k, v in FORMULAS.items() if k != "員工!C3"}
    )
    # openpyxl writes a string starting with "=" as a formula unless told it is text.
    workbook = load_workbook(book)
    cell = workbook["員工"]["C3"]
    cell.value, cell.data_type = FORMULAS["員工!C3"], "s"
    workbook.save(book)
    config = make_handbook(tmp_path / "hb", book)
    result = CliRunner().invoke(
        main,
        ["training", "--config", str(config), "--as-of", "2026-11-27", "--csv"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    rows = {(r["staff_id"], r["category"]): r for r in csv.DictReader(io.StringIO(result.stdout))}
    quoted = {
        "S001": ("'" + FORMULAS["員工!B2"], "'" + FORMULAS["員工!C2"]),
        "S002": ("'" + FORMULAS["員工!B3"], "'" + FORMULAS["員工!C3"]),
        "S003": ("黃雅婷", "前台接待"),  # nothing to defuse: as typed
    }
    for (staff, _), row in rows.items():
        assert (row["name"], row["role"]) == quoted[staff]
    # Numbers stay numbers: S001 sat TS-001 for 60 minutes, S002 scored 80 + 9 at TS-002.
    assert rows[("S001", "skills")]["minutes_this_year"] == "60"
    assert rows[("S002", "property_knowledge")]["latest_score"] == "89"
