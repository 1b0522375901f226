"""What staff came to do comes first on the page: a person's to-dos, the open tickets."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_a_persons_page_opens_with_what_they_owe(demo_site: Path) -> None:
    page = soup(demo_site / "training/staff/s003/index.html").select_one("article")
    assert page is not None
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("h2")]
    assert headings[0] == "待辦"
    todos = page.select("h2")[0].find_next("ul").select("li")
    lines = [li.get_text(" ", strip=True) for li in todos]
    assert any("CS-SOP-01" in line and "期限 2026-11-30" in line for line in lines), lines
    # An SOP to confirm links to its page, one tap away.
    sop = next(li for li in todos if "CS-SOP-01" in li.get_text())
    assert sop.a is not None and sop.a["href"] == "../../../sop/service-abilities/"
    # No table with an empty header row; categories that do not apply are one line.
    assert not [th for th in page.select("th") if not th.get_text(strip=True)]
    assert re.search(r"不需要參加：[^。]*入職培訓", page.get_text())
    table = page.select_one("table")
    assert table is not None and "不需要" not in table.get_text()


def test_everyone_has_a_to_do_heading_first(demo_site: Path) -> None:
    for person in (demo_site / "training" / "staff").iterdir():
        article = soup(person / "index.html").select_one("article")
        assert article is not None
        first = article.select_one("h2")
        assert first is not None and first.get_text(strip=True).rstrip("¶") == "待辦", person


def test_the_service_desk_opens_with_open_tickets_late_first(demo_site: Path) -> None:
    article = soup(demo_site / "service-desk/index.html").select_one("article")
    assert article is not None
    first = article.select_one("table")
    assert first is not None
    assert [th.get_text(strip=True) for th in first.select("th")][:2] == ["工單號", "內容"]
    late = ["超時" in tr.get_text() for tr in first.select("tbody tr")]
    assert late[0] and late == sorted(late, reverse=True)


def test_a_month_page_lists_open_and_late_tickets_first(demo_site: Path) -> None:
    article = soup(demo_site / "service-desk/2026-11/index.html").select_one("article")
    assert article is not None
    rows = article.select("table")[0].select("tbody tr")
    status = [tr.select("td")[5].get_text(strip=True) for tr in rows]
    over = [bool(tr.select("td")[7].get_text(strip=True)) for tr in rows]
    rank = [
        0 if s in ("處理中", "待處理", "已受理") else 1 if o else 2
        for s, o in zip(status, over, strict=True)
    ]
    assert rank == sorted(rank) and rank[0] == 0


def test_the_service_phone_is_one_tap_on_every_notice_and_the_board(
    demo_site: Path, public_site: Path
) -> None:
    for site in (demo_site, public_site):
        notices = [p for p in (site / "announcements").iterdir() if p.name.startswith("kf-")]
        assert notices
        for notice in notices:
            footer = soup(notice / "index.html").select_one(".deskbook-notice-footer a")
            assert footer is not None and footer["href"] == "tel:075526880000", notice
    home = soup(public_site / "index.html").select_one("article")
    assert home is not None and home.select_one('a[href="tel:075526880000"]') is not None


def test_an_owners_number_is_not_callable_while_phones_are_masked(demo_site: Path) -> None:
    for unit in list((demo_site / "units").iterdir())[:50]:
        if unit.is_dir():
            article = soup(unit / "index.html").select_one("article")
            assert article is not None and not article.select('a[href^="tel:"]'), unit
