"""The owners' notice board (--audience public) built from the demo: no personal data at all."""

from __future__ import annotations

import html
from pathlib import Path

from bs4 import BeautifulSoup
from openpyxl import load_workbook

from tests.conftest import ROOT


def personal_values() -> set[str]:
    """Every owner name, phone and ID number in the demo workbook, as typed there."""
    book = load_workbook(ROOT / "examples" / "demo.xlsx", read_only=True)
    sheet = book["業主"]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    wanted = [
        header.index(h) for h in ("業主姓名", "聯繫電話1", "聯繫電話2", "聯繫電話3", "身份證號")
    ]
    values = {str(row[i]).strip() for row in rows for i in wanted if row and row[i]}
    book.close()
    return {v for v in values if len(v) >= 2}


def test_public_board_leaks_nothing(public_site: Path) -> None:
    secrets = personal_values()
    assert len(secrets) > 1000
    hits = []
    for path in public_site.rglob("*"):
        if not path.is_file():
            continue
        # Unescaped, so a value written as character references is still found.
        text = html.unescape(path.read_bytes().decode("utf-8", errors="ignore"))
        hits += [(path.name, s) for s in secrets if s in text]
    assert hits == []


def test_public_board_has_only_public_pages(public_site: Path) -> None:
    pages = {p.relative_to(public_site).as_posix() for p in public_site.rglob("index.html")}
    assert "index.html" in pages and "fees/composition/index.html" in pages
    assert "announcements/index.html" in pages
    internal = (
        "owners",
        "fees/index.html",
        "service-desk",
        "data-quality",
        "training",
        "responsibilities",
        "sop/",
    )
    assert [p for p in pages if p.startswith(internal)] == []
    assert not (public_site / "fees" / "index.html").exists()
    home = BeautifulSoup((public_site / "index.html").read_text("utf-8"), "html.parser")
    assert "0755-2688 0000" in home.select_one("article").get_text()


def test_public_home_has_no_desk_counts(public_site: Path) -> None:
    text = BeautifulSoup((public_site / "index.html").read_text("utf-8"), "html.parser").get_text()
    assert "今日待辦" not in text and "欠費" not in text
