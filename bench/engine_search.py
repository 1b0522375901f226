"""What staff find in each engine's search: hits for ten office words, typed in Traditional and
in Simplified, on two builds of the demo (the same handbook, one per engine).

Each query is typed into the site's own search box in Debian's Chromium at phone width, as a
person types it; the count is the number of results the box says it found (Material counts
pages and their sections, Zensical its own way), and the first result's page is printed beside.

Usage: python bench/engine_search.py MKDOCS_SITE ZENSICAL_SITE
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Where each engine's search box says how many results it found (Zensical lists ten at a time).
STATUS = {"mkdocs": ".md-search-result__meta", "zensical": "[role=status]"}
WORDS = ("催費", "培訓", "入職", "回訪", "漏水", "投訴", "物業費", "裝修", "鑰匙", "停車費")


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        print(__doc__)
        return
    from playwright.sync_api import sync_playwright

    from deskbook.site.scripts import to_simplified
    from tests.conftest import CHROMIUM, serve_folder
    from tests.test_browser import PHONE, SEARCH

    sites = dict(zip(("mkdocs", "zensical"), map(Path, argv), strict=True))
    counts: dict[tuple[str, str], tuple[int, str]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        for engine, site in sites.items():
            box, results = SEARCH[engine]
            for base in serve_folder(site):
                page = browser.new_page(viewport={"width": PHONE, "height": 844})
                page.goto(base)
                page.wait_for_load_state("networkidle")
                page.locator("label.md-header__button[for=__search]").click()
                for word in WORDS:
                    for typed in (word, to_simplified(word)):
                        page.locator(box).fill(typed)
                        page.keyboard.press("End")
                        page.wait_for_timeout(800)
                        links = page.locator(results).evaluate_all(
                            "as => as.map(a => a.getAttribute('href'))"
                        )
                        first = str(links[0]).split("#")[0].split("/", 3)[-1] if links else "-"
                        said = page.locator(STATUS[engine]).first.inner_text()
                        found = re.search(r"\d+", said.replace(",", ""))
                        counts[engine, typed] = (int(found[0]) if found else len(links), first)
                page.close()
        browser.close()
    print("word      mkdocs hits (first)                  zensical hits (first)")
    for word in WORDS:
        for typed in dict.fromkeys((word, to_simplified(word))):
            m, z = counts["mkdocs", typed], counts["zensical", typed]
            print(f"{typed:6} {m[0]:5}  {m[1][:30]:30} {z[0]:5}  {z[1][:30]}")


if __name__ == "__main__":
    main(sys.argv[1:])
