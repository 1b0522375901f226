"""The demo in a real browser (Debian's Chromium through Playwright), at phone and desk width.

The site is built once per session by each engine (conftest's demo_site and public_site with
MkDocs, zensical_site and zensical_public_site with Zensical) and served on loopback; every
test runs on both, and every page load counts console errors and requests that would leave the
machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from deskbook.site.scripts import to_simplified
from tests.conftest import serve_folder

PHONE, DESK = 390, 1280
DATA_PAGES = (
    "service-desk/",
    "service-desk/2026-11/",
    "data-quality/",
    "training/",
    "responsibilities/",
    "fees/",
    "owners/",
    "sop/fee-reminders/",
)
# What staff type, and a page each query must find: Traditional, and the same in Simplified.
QUERIES = (
    ("催費", "fees/"),
    ("培訓", "training/"),
    ("入職", "training/"),
    ("回訪", "service-desk/"),
    ("漏水", "announcements/kf-2026-010"),  # a month's ticket table is not in the index
    ("投訴", "service-desk/"),
    ("侯國慶", "training/"),
)


ENGINES = ("mkdocs", "zensical")
# Each engine's built sites: the handbook and the owners' board.
SITES = {
    "mkdocs": ("demo_site", "public_site"),
    "zensical": ("zensical_site", "zensical_public_site"),
}


@dataclass
class Served:
    base: str
    browser: Browser
    engine: str = "mkdocs"
    problems: list[str] = field(default_factory=list)

    def open(self, path: str, width: int, media: str = "screen") -> Page:
        page = self.browser.new_page(viewport={"width": width, "height": 844})
        page.emulate_media(media=media)  # type: ignore[arg-type]
        page.on(
            "console",
            lambda m: m.type == "error" and self.problems.append(f"{path}: {m.text}"),
        )
        page.on("pageerror", lambda e: self.problems.append(f"{path}: {e}"))

        def request(route: object, req: object) -> None:
            url = req.url  # type: ignore[attr-defined]
            if not url.startswith(self.base):
                self.problems.append(f"{path}: request to {url}")
                route.abort()  # type: ignore[attr-defined]
            else:
                route.continue_()  # type: ignore[attr-defined]

        page.route("**/*", request)
        page.goto(self.base + path)
        page.wait_for_load_state("load")
        return page


@pytest.fixture(scope="module", params=ENGINES)
def site(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Served]:
    built: Path = request.getfixturevalue(SITES[request.param][0])
    for base in serve_folder(built):
        served = Served(base, browser, request.param)
        yield served
        assert served.problems == []


@pytest.fixture(scope="module", params=ENGINES)
def board(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Served]:
    built: Path = request.getfixturevalue(SITES[request.param][1])
    for base in serve_folder(built):
        served = Served(base, browser, request.param)
        yield served
        assert served.problems == []


@pytest.mark.needs("chromium")
@pytest.mark.parametrize("width", [PHONE, DESK])
@pytest.mark.parametrize("path", DATA_PAGES)
def test_tables_fit_and_tokens_stay_whole(site: Served, path: str, width: int) -> None:
    page = site.open(path, width)
    found = page.evaluate(
        """() => {
        const vw = document.documentElement.clientWidth;
        const out = {pageOverflow: document.documentElement.scrollWidth - vw, cut: [],
                     broken: [], tables: 0};
        for (const table of document.querySelectorAll("article table")) {
          out.tables++;
          for (const tr of table.querySelectorAll("tbody tr")) {
            const key = tr.querySelector("td");
            if (!key || tr.hidden) continue;
            const r = key.getBoundingClientRect();
            // The key field must be on screen, whole, without scrolling sideways.
            if (r.right > vw + 1 || r.left < -1) out.cut.push(key.textContent.trim());
          }
        }
        for (const t of document.querySelectorAll("article .deskbook-token")) {
          const lines = new Set([...t.getClientRects()].map(r => Math.round(r.top)));
          if (lines.size > 1) out.broken.push(t.textContent);
        }
        return out;
    }"""
    )
    page.close()
    assert found["tables"] > 0
    assert found["pageOverflow"] <= 0, path
    assert found["cut"][:5] == [], (path, width)
    assert found["broken"][:5] == [], (path, width)


@pytest.mark.needs("chromium")
def test_phone_cards_give_the_text_column_the_width(site: Served) -> None:
    page = site.open("data-quality/", PHONE)
    widths = page.evaluate(
        """() => [...document.querySelectorAll("details.deskbook-issues tbody tr")]
            .slice(0, 20).map(tr => [tr.getBoundingClientRect().width,
                                     tr.children[1].getBoundingClientRect().width])"""
    )
    page.close()
    assert widths
    # The message (說明) wraps across the card's width, not a 3-5 character column.
    assert min(message / row for row, message in widths) >= 0.55, widths


@pytest.mark.needs("chromium")
def test_training_matrix_pins_names_and_filters_by_role(site: Served) -> None:
    page = site.open("training/", PHONE)
    table = page.locator(".deskbook-matrix table")
    first = table.locator("tbody tr td").first
    before = first.bounding_box()
    page.locator(".deskbook-matrix .md-typeset__scrollwrap").evaluate("e => e.scrollLeft = 400")
    after = first.bounding_box()
    assert before is not None and after is not None
    # Pinned while the marks scroll under it (at the scroll box's edge, inside the screen).
    assert 0 <= after["x"] <= before["x"] and after["x"] + after["width"] <= PHONE
    roles = page.locator("select.deskbook-role-filter option").all_inner_texts()[1:]
    assert len(roles) >= 2
    page.select_option("select.deskbook-role-filter", label=roles[0])
    shown = page.evaluate(
        """() => [...document.querySelectorAll(".deskbook-matrix tbody tr")]
            .filter(tr => !tr.hidden).map(tr => tr.children[1].textContent.trim())"""
    )
    page.close()
    assert shown and set(shown) == {roles[0]}


# Each engine's search box and its results' links (Zensical's live in a shadow root, which
# Playwright's CSS locators pierce).
SEARCH = {
    "mkdocs": ("input.md-search__input", ".md-search-result__item a"),
    "zensical": ("input[role=combobox]", "ol[role=listbox] > li a"),
}


def _search(page: Page, query: str, engine: str) -> list[str]:
    box_selector, result_selector = SEARCH[engine]
    page.locator("label.md-header__button[for=__search]").click()
    box = page.locator(box_selector)
    box.click()
    for ch in query:  # as a person types: one key event after another
        page.keyboard.type(ch, delay=30)
    # A Chinese input method commits the characters, then a key is released: the search box
    # reacts to that key event, as it does for a person.
    page.keyboard.press("End")
    page.locator(result_selector).first.wait_for(timeout=10_000)
    links = page.locator(result_selector).evaluate_all("as => as.map(a => a.getAttribute('href'))")
    return [str(link) for link in links]


@pytest.mark.needs("chromium")
@pytest.mark.parametrize("script", ["zh-Hant", "zh-Hans"])
@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_search_finds_pages_in_either_script(
    site: Served, query: str, expected: str, script: str
) -> None:
    typed = query if script == "zh-Hant" else to_simplified(query)
    page = site.open("", PHONE)
    page.wait_for_load_state("networkidle")  # the search index is loaded
    links = _search(page, typed, site.engine)
    page.close()
    assert any(expected in link for link in links), (typed, links)


def test_search_previews_are_sentences(demo_site: Path) -> None:
    import json

    index = json.loads((demo_site / "search/search_index.json").read_text("utf-8"))
    for doc in index["docs"]:
        shown = re.sub(r"<[^>]+>|\u200b", "", doc["text"])
        assert len(shown) <= 121, doc["location"]


@pytest.mark.needs("chromium")
@pytest.mark.parametrize("path", ["service-desk/", "fees/", "training/"])
def test_chart_ticks_readable_at_phone_width(site: Served, path: str) -> None:
    page = site.open(path, PHONE)
    labels = page.evaluate(
        """() => [...document.querySelectorAll("svg.deskbook-chart text")]
            .filter(t => getComputedStyle(t).display !== "none")
            .map(t => ({text: t.textContent, cls: t.getAttribute("class") || "",
                        px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a}))"""
    )
    summaries = page.locator(".deskbook-chart-box .deskbook-chart-summary").count()
    page.close()
    assert labels and summaries >= 1
    assert min(label["px"] for label in labels) >= 11, labels
    ticks = [label["text"] for label in labels if "tick" in label["cls"]]
    assert all(re.fullmatch(r"\d+%?", t) for t in ticks), ticks
    if path == "fees/":  # the collection rate starts from a marked floor, not from 0 %
        assert ticks[0] != "0%"


@pytest.mark.needs("chromium")
def test_cjk_font_stack_applies(site: Served) -> None:
    page = site.open("", DESK)
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    page.close()
    assert "PingFang TC" in family and "Noto Sans CJK" in family


@pytest.mark.needs("chromium")
def test_notice_prints_on_one_a4_page_at_board_size(site: Served) -> None:
    page = site.open("announcements/", DESK)
    href = page.locator("article table tbody tr a").first.get_attribute("href")
    page.close()
    page = site.open(f"announcements/{href}", DESK, media="print")
    body_pt = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.deskbook-body p')).fontSize) * 0.75"
    )
    office = page.locator(".deskbook-notice-office").inner_text()
    seal = page.locator(".deskbook-notice-seal").bounding_box()
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    page.close()
    assert 13 <= body_pt <= 15
    assert office and seal is not None and seal["height"] > 100
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


@pytest.mark.needs("chromium")
def test_owners_board_is_the_offices(board: Served) -> None:
    page = board.open("", PHONE)
    header = page.locator(".md-header").inner_text()
    footer = page.locator(".md-footer").inner_text()
    article = page.locator("article").inner_text()
    page.close()
    assert "翠湖花園業主公告欄" in header and "手冊" not in header
    assert "demo.xlsx" not in footer and "來源" not in footer
    assert "翠湖路 88 號" in article and "08:30" in article


def test_one_units_arrears_in_two_taps_from_the_home_page(site: Served) -> None:
    """Tap search, type the unit: the first result is the unit's page, its arrears on top."""
    page = site.open("", PHONE)
    page.wait_for_load_state("networkidle")  # the search index is loaded
    links = _search(page, "8-1-0602", site.engine)
    assert links and links[0].split("?")[0].endswith("units/8-1-0602/"), links
    page.goto(links[0])
    page.wait_for_load_state("load")
    first_screen = page.evaluate(
        """() => [...document.querySelectorAll("article .admonition, article li")]
            .filter(e => e.getBoundingClientRect().bottom <= innerHeight)
            .map(e => e.textContent.trim())"""
    )
    page.close()
    assert any(line.startswith("欠費 9 個月") for line in first_screen), first_screen
    assert any(line.startswith("聯繫電話：188****8761") for line in first_screen), first_screen


def test_a_persons_first_screen_shows_their_to_dos(site: Served) -> None:
    page = site.open("training/staff/s003/", PHONE)
    seen = page.evaluate(
        """() => { const h = document.querySelector("article h2");
            const items = [...h.nextElementSibling.querySelectorAll("li")]
                .filter(li => li.getBoundingClientRect().bottom <= innerHeight);
            return [h.textContent.trim(), h.getBoundingClientRect().top, items.length]; }"""
    )
    page.close()
    heading, top, visible = seen
    assert heading.rstrip("¶") == "待辦" and top < 844 / 3 and visible >= 3, seen


def test_the_service_desks_first_screen_shows_open_tickets(site: Served) -> None:
    page = site.open("service-desk/", PHONE)
    cards = page.evaluate(
        """() => [...document.querySelector("article table").querySelectorAll("tbody tr")]
            .filter(tr => tr.getBoundingClientRect().top < innerHeight)
            .map(tr => tr.children[0].textContent.trim())"""
    )
    page.close()
    assert cards and all(c.startswith("BX-") for c in cards), cards
