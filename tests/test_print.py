"""Every demo notice prints on one A4 page in Debian's Chromium (driven by Playwright)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM

pytestmark = pytest.mark.needs("chromium")

# Flags for a closed network: no background fetches, no sandbox as root in CI.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def notices(site: Path) -> list[Path]:
    folder = site / "announcements"
    return sorted(p / "index.html" for p in folder.iterdir() if p.name.startswith("kf-"))


def test_each_notice_fits_one_a4_page(public_site: Path) -> None:
    demo_notices = notices(public_site)
    assert len(demo_notices) >= 10
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        for notice in demo_notices:
            page.goto(notice.as_uri())
            pdf = page.pdf(prefer_css_page_size=True)
            pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
            assert len(pages) == 1, notice
            box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
            assert box is not None
            # A4 is 210 x 297 mm = 595.3 x 841.9 points.
            assert (round(float(box[1])), round(float(box[2]))) == (595, 842), notice
        browser.close()
