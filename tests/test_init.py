"""`deskbook init` then `deskbook build` in an empty folder: every language, every source kind."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from tests.conftest import run_cli as run
from tests.sheets_helpers import EMAIL, MAIN, service_account
from tests.sheets_server import SheetsServer

LANGS = ("zh-Hant", "zh-Hans", "en")
HOME = {"zh-Hant": "客服中心手冊", "zh-Hans": "客服中心手册", "en": "Service desk handbook"}
NAV = {
    "zh-Hant": ("標準作業規程", "資料檢查", "培訓"),
    "zh-Hans": ("标准作业规程", "数据检查", "培训"),
    "en": ("Standard operating procedures", "Data quality", "Training"),
}
NO_TRAINING = {"zh-Hant": "尚未記錄任何培訓", "zh-Hans": "尚未记录任何培训", "en": "No training"}
CLEAN = {
    "zh-Hant": "0 個錯誤，0 個提醒",
    "zh-Hans": "0 个错误，0 个提醒",
    "en": "0 errors, 0 warnings",
}


def _built_cleanly(folder: Path, lang: str, caplog: pytest.LogCaptureFixture) -> BeautifulSoup:
    caplog.set_level(logging.WARNING)
    code, out, err = run(
        "build", "--config", str(folder / "deskbook.toml"), "--as-of", "2026-11-27"
    )
    assert code == 0, out + err
    assert CLEAN[lang] in out
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    html = (folder / "public" / "index.html").read_text("utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1 is not None and soup.h1.get_text(strip=True).rstrip("¶") == HOME[lang]
    # Admonitions rendered (the plugin brings the extension), not shown as "!!! note".
    assert soup.select(".admonition") and "!!!" not in soup.get_text()
    nav = soup.select_one("nav.md-nav--primary")
    assert nav is not None
    for label in NAV[lang]:
        assert label in nav.get_text()
    assert NO_TRAINING[lang] in soup.get_text()
    # Chinese headings keep their characters in anchors.
    training = (folder / "public" / "sop" / "training" / "index.html").read_text("utf-8")
    ids = [h["id"] for h in BeautifulSoup(training, "html.parser").select("h2[id]")]
    assert not any(i.startswith("_") for i in ids), ids
    return soup


@pytest.mark.parametrize("source", ["xlsx", "csv"])
@pytest.mark.parametrize("lang", LANGS)
def test_init_then_build(
    tmp_path: Path, lang: str, source: str, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "office"
    code, out, err = run("init", str(folder), "--lang", lang, "--source", source)
    assert code == 0, out + err
    assert "deskbook serve" in out.splitlines()[-1]
    written = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert {"deskbook.toml", "mkdocs.yml", "training-rules.toml", ".gitignore"} <= set(written)
    assert "site/index.md" in written and "site/sop/training.md" in written
    _built_cleanly(folder, lang, caplog)


def test_the_workbook_explains_itself(tmp_path: Path) -> None:
    run("init", str(tmp_path), "--lang", "en")
    book = load_workbook(tmp_path / "workbook.xlsx")
    guide = book.worksheets[0]
    assert guide.title == "Instructions"
    rows = [tuple(c.value for c in row) for row in guide.iter_rows(min_row=4)]
    assert (
        "Owners",
        "Unit",
        "required",
        "a unit: 3-2-1201 (3棟2單元1201, 3#2-1201, 3幢2单元1201室)",
    ) in rows
    assert ("Fees", "Period", "required", "a billing month, e.g. 2026-11") in rows
    owners = book["Owners"]
    assert owners["A1"].value == "Unit" and owners["A1"].font.color.rgb.endswith("C00000")


def test_init_overwrites_nothing_without_force(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.md").write_text("# Our own home page\n", "utf-8")
    code, _, err = run("init", str(tmp_path), "--lang", "en")
    assert code == 2
    assert err.strip() == (
        f"{tmp_path} already holds: site/index.md. init wrote nothing; add --force to "
        "overwrite them, or choose another folder."
    )
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["index.md", "site"]
    code, _, _ = run("init", str(tmp_path), "--lang", "en", "--force")
    assert code == 0
    assert (tmp_path / "site" / "index.md").read_text("utf-8").startswith("---\ntitle: Service")


@pytest.mark.parametrize("lang", LANGS)
def test_init_gsheets_then_setup_sheet_then_build(
    tmp_path: Path, server: SheetsServer, lang: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.api.add_book(MAIN, "New office", {}, {EMAIL})
    folder = tmp_path / "office"
    url = f"https://docs.google.com/spreadsheets/d/{MAIN}/edit"
    code, out, err = run(
        "init", str(folder), "--lang", lang, "--source", "gsheets", "--spreadsheet", url
    )
    assert code == 0, out + err
    # What the admin does next: the service account's key, and (here) the test server.
    (folder / "key.json").write_text(json.dumps(service_account(server)), "utf-8")
    settings = (folder / "deskbook.toml").read_text("utf-8")
    google = (
        f'google = {{ credentials = "key.json", api_root = "{server.root}", timeout = 2, '
        "retry_limit = 1.5, backoff = 0.05 }"
    )
    commented = next(line for line in settings.splitlines() if line.startswith("# google = "))
    (folder / "deskbook.toml").write_text(settings.replace(commented, google), "utf-8")
    code, out, err = run("setup-sheet", "--config", str(folder / "deskbook.toml"))
    assert code == 0, out + err
    _built_cleanly(folder, lang, caplog)


def test_a_gsheets_office_without_its_spreadsheet_is_told(tmp_path: Path) -> None:
    run("init", str(tmp_path), "--lang", "en", "--source", "gsheets")
    code, _, err = run("check", "--config", str(tmp_path / "deskbook.toml"))
    assert code == 2
    assert "source.spreadsheet" in err and "spreadsheet key or address" in err


def test_init_writes_the_offices_details_and_the_board_shows_them(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    name = '翠園 "東" 物業服務中心'  # a quote must not break the TOML
    code, out, err = run(
        "init",
        str(folder),
        "--lang",
        "zh-Hans",
        "--name",
        name,
        "--phone",
        "0755-2688 0000",
        "--address",
        "深圳市南山區翠園路 8 號",
        "--hours",
        "每日 8:30–20:00",
    )
    assert code == 0, out + err
    settings = (folder / "deskbook.toml").read_text("utf-8")
    assert 'address = "深圳市南山區翠園路 8 號"' in settings and "# address" not in settings
    board = tmp_path / "board"
    code, out, err = run(
        "build",
        "--config",
        str(folder / "deskbook.toml"),
        "--as-of",
        "2026-11-27",
        "--audience",
        "public",
        "--output",
        str(board),
    )
    assert code == 0, out + err
    page = BeautifulSoup((board / "index.html").read_text("utf-8"), "html.parser")
    text = page.get_text()
    assert "深圳市南山區翠園路 8 號" in text and "每日 8:30–20:00" in text
    assert "0755-2688 0000" in text
    assert page.select_one(".md-header__title").get_text(" ", strip=True).startswith(name)


def test_init_leaves_details_blank_when_not_asked(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path), "--lang", "en")
    assert code == 0, err
    settings = (tmp_path / "deskbook.toml").read_text("utf-8")
    assert '# address = ""' in settings and 'phone = ""' in settings
