"""Every page shows a banner once its data is older than [site] stale_after when it is read,
decided in the browser from the sync time (Debian's Chromium, the page clock set by
Playwright); printed, the page carries the sync time."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM, make_handbook, run_cli, write_workbook
from tests.test_print import FLAGS

pytestmark = pytest.mark.needs("chromium")


def test_stale_banner_follows_the_readers_clock(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    with config.open("a", encoding="utf-8") as f:
        f.write('[site]\nstale_after = "6h"\n')
    site = tmp_path / "www"
    code, out, err = run_cli(
        "publish", "--config", str(config), "--output", str(site), "--lang", "en", "--quiet"
    )
    assert code == 0, out + err
    synced = dt.datetime.fromisoformat(json.loads((site / "status.json").read_text())["synced_at"])
    pages = [site / "index.html", site / "service-desk" / "index.html"]
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for hours, shown in ((1, False), (5.9, False), (6.1, True), (48, True)):
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.clock.set_fixed_time(synced + dt.timedelta(hours=hours))
            for path in pages:
                page.goto(path.as_uri())
                stale = page.locator(".deskbook-stale")
                assert stale.is_visible() is shown, (path, hours)
                if shown:
                    assert "more than 6 hours ago" in stale.inner_text()
            page.close()
        page = browser.new_page()
        page.goto(pages[1].as_uri())
        page.emulate_media(media="print")
        printed = page.locator(".deskbook-print-synced")
        assert printed.is_visible()
        assert printed.inner_text().startswith(
            "Data synced "
            + synced.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")
        )
        page.emulate_media(media="screen")
        assert not printed.is_visible()
        browser.close()
    assert all(url.startswith("file://") for url in requests)  # no network request
