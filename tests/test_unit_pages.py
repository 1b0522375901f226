"""A page per unit in the built demo: what a clerk on the phone with an owner needs."""

from __future__ import annotations

import csv
import html as html_lib
import re
from pathlib import Path

import openpyxl

DEMO = Path(__file__).parent.parent / "examples" / "demo.xlsx"


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def _article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def _text(html: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


def test_every_unit_of_the_owners_tab_has_a_page_and_the_index_links_it(demo_site: Path) -> None:
    book = openpyxl.load_workbook(DEMO, read_only=True)
    sheet = book["業主"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    column = header.index("房號")
    units = {str(r[column]) for r in sheet.iter_rows(min_row=2, values_only=True) if r[column]}
    pages = {p.name for p in (demo_site / "units").iterdir() if p.is_dir()}
    assert len(pages) >= 600 and pages >= {u for u in units if re.fullmatch(r"\d+-\d+-\d{4}", u)}
    index = _article(_page(demo_site, "units"))
    assert all(f'href="{u}/"' in index for u in pages)


def test_a_unit_in_arrears_shows_its_months_owner_calls_and_tickets(demo_site: Path) -> None:
    fees = _article(_page(demo_site, "fees"))
    # The arrears table is one row per unit, each unit a link to its page.
    first = re.search(r'href="\.\./units/([^/"]+)/"', fees)
    assert first is not None
    unit = first[1]
    html = _article(_page(demo_site, f"units/{unit}"))
    text = _text(html)
    assert text.count(unit) >= 1
    assert "欠費" in text and re.search(r"欠費 \d+ 個月，合計 ¥[\d,.]+，最早 \d{4}-\d{2}", text)
    # Arrears by month with their age, oldest first.
    rows = re.findall(r"<tr>(.*?)</tr>", html[: html.index("工單")], re.S)
    owed = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows[1:]]
    owed = [(_text(cells[0]), _text(cells[2])) for cells in owed]
    assert owed and [m for m, _ in owed] == sorted(m for m, _ in owed)
    assert all(re.fullmatch(r"\d+ 個月", age) for _, age in owed)
    # The owner's phones are masked (the demo keeps show_full_phone off) and not callable.
    assert re.search(r"聯繫電話：\d{3}\*{4}\d{4}", text)
    assert "tel:" not in html.replace('href="tel:0755', "")
    # Every 催費 call of the unit in the whole log is on its page, newest first.
    with (demo_site / "fees" / "reminders.csv").open(encoding="utf-8-sig") as f:
        calls = [r for r in csv.reader(f) if r[0] == unit]
    log = html[html.index("催費記錄") :]
    dates = [_text(d) for d in re.findall(r"<tr>\s*<td>(.*?)</td>", log, re.S)]
    assert dates[: len(calls)] == sorted((r[1] for r in calls), reverse=True)


def test_open_tickets_come_first_on_a_unit_page(demo_site: Path) -> None:
    desk = _article(_page(demo_site, "service-desk"))
    start = desk.index("未完成工單")
    unit = re.search(r'href="\.\./units/([^/"]+)/"', desk[start:])
    assert unit is not None
    html = _article(_page(demo_site, f"units/{unit[1]}"))
    rows = re.findall(r"<tr>(.*?)</tr>", html[html.index("工單") :], re.S)
    states = ["<strong>" in row for row in rows if "BX" in row or "&#45;" in row]
    assert states and states[0] and states == sorted(states, reverse=True)


def test_every_unit_code_on_the_service_desk_and_owners_pages_links_its_page(
    demo_site: Path,
) -> None:
    for path in ("service-desk", "service-desk/2026-11", "owners"):
        html = _article(_page(demo_site, path))
        linked = re.findall(r'href="(?:\.\./)*units/([^/"]+)/"', html)
        assert linked, path
        assert all((demo_site / "units" / u / "index.html").is_file() for u in linked)
