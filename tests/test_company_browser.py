"""The company roll-up in a real browser (Debian's Chromium through Playwright) at phone width:
it loads the handbook's CSS and script, so its wide tables become cards, not a sideways scroll."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from tests.conftest import run_cli, serve_folder
from tests.test_company import AS_OF

pytestmark = pytest.mark.needs("chromium")
PHONE = 390
PAGES = ("", "training/", "service/", "fees/")


@pytest.fixture(scope="module")
def rollup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("company") / "co"
    code, out, err = run_cli("init", str(root), "--company", "east,west", "--lang", "en")
    assert code == 0, out + err
    code, out, err = run_cli(
        "publish", "--all", "--config", str(root / "deskbook.toml"), "--as-of", AS_OF
    )
    assert code == 0, out + err
    yield from serve_folder(root / "public" / "company")


def test_rollup_tables_are_cards_on_a_phone(rollup: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": PHONE, "height": 844})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in PAGES:
        page.goto(rollup + path)
        page.wait_for_load_state("load")
        found = page.evaluate(
            """() => {
            const vw = document.documentElement.clientWidth;
            const out = {overflow: document.documentElement.scrollWidth - vw,
                         wide: 0, cards: 0, scrolls: [], cut: []};
            for (const table of document.querySelectorAll("article table")) {
              if (table.querySelectorAll("thead th").length < 4) continue;
              out.wide++;
              if (table.closest(".deskbook-cards")) out.cards++;
              const box = table.closest(".md-typeset__scrollwrap") || table;
              if (box.scrollWidth > box.clientWidth + 1) out.scrolls.push(box.scrollWidth);
              for (const td of table.querySelectorAll("tbody td")) {
                const r = td.getBoundingClientRect();
                if (r.width && (r.right > vw + 1 || r.left < -1))
                  out.cut.push(td.textContent.trim());
              }
            }
            return out;
        }"""
        )
        assert found["wide"] >= 1, path
        assert found["cards"] == found["wide"], (path, found)
        assert found["scrolls"] == [] and found["cut"] == [], (path, found)
        assert found["overflow"] <= 0, (path, found)
    assert errors == []


def test_the_rollup_is_searchable(rollup: str, browser: Browser) -> None:
    """The search box is there and finds a roll-up page by a word of it, as on an estate."""
    page = browser.new_page(viewport={"width": PHONE, "height": 844})
    page.goto(rollup)
    page.wait_for_load_state("load")
    page.click("label[for=__search]")
    # Typed key by key, as a person does: Material searches on each keystroke.
    page.type("input[data-md-component=search-query]", "fees", delay=50)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    found = [
        a.get_attribute("href") or ""
        for a in page.query_selector_all(".md-search-result__item > a")
    ]
    assert any("fees/" in href for href in found), found
