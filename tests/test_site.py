"""A real `deskbook build` (MkDocs + Material) of the demo handbook, inspected as HTML."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from deskbook.cli import main
from tests.conftest import make_handbook, write_workbook


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_every_page_kind_is_built(demo_site: Path) -> None:
    for page in (
        "index.html",
        "sop/training/index.html",
        "sop/service-abilities/index.html",
        "sop/move-in/index.html",
        "sop/fee-reminders/index.html",
        "responsibilities/index.html",
        "announcements/index.html",
        "announcements/archive/index.html",
        "data-quality/index.html",
    ):
        assert (demo_site / page).is_file(), page
    notices = [
        p for p in (demo_site / "announcements").iterdir() if p.is_dir() and p.name != "archive"
    ]
    assert len(notices) >= 10


def test_responsibilities_link_their_sop(demo_site: Path) -> None:
    page = soup(demo_site / "responsibilities/index.html")
    rows = page.select("article table tbody tr")
    # 14 duties in the demo; one points at an SOP code that does not exist and is held back.
    assert len(rows) == 13
    links = {a["href"] for a in page.select("article table a")}
    assert "../sop/fee-reminders/" in links
    assert "../sop/service-abilities/" in links


def test_data_quality_lists_the_demo_mistakes(demo_site: Path) -> None:
    page = soup(demo_site / "data-quality/index.html")
    tables = page.select("article table")
    # The fixes come first, each headed by its title with the code small; the counts after.
    summary, groups = tables[-1], page.select("article details.deskbook-issues")
    assert page.select("article details")[0].find_previous("table") is None
    assert groups[0].select_one("summary small.deskbook-code") is not None
    assert not re.search(r"[a-z]-[a-z]", groups[0].select_one("summary").contents[0])
    assert len(summary.select("tbody tr")) == 11
    cells = [tr.find("td").get_text() for g in groups for tr in g.select("tbody tr")]
    assert len(cells) >= 8
    assert all(re.fullmatch(r"\S+![A-Z]+\d+|\S+", c) for c in cells), cells
    # One block per tab and code, errors first and open, warnings after and collapsed, each
    # headed by its count.
    kinds = ["failure" in g["class"] for g in groups]
    assert kinds == sorted(kinds, reverse=True) and kinds[0] and not kinds[-1]
    assert all(g.has_attr("open") == ("failure" in g["class"]) for g in groups)
    for g in groups:
        count = int(g.select_one("summary").get_text().rsplit("·", 1)[1])
        assert count >= len(g.select("tbody tr"))


def test_notice_page_has_the_posting_format(demo_site: Path) -> None:
    index = soup(demo_site / "announcements/index.html")
    first = index.select_one("article table tbody tr a")
    page = soup(demo_site / "announcements" / first["href"] / "index.html")
    article = page.select_one("article")
    assert article.select_one(".deskbook-notice-office").get_text() == "翠湖花園物業服務中心"
    assert article.select_one("h1").get_text(strip=True).rstrip("¶") == first.get_text()
    assert "編號" in article.select_one(".deskbook-notice-meta").get_text()
    assert article.select_one(".deskbook-body")


def test_footer_says_when_and_where_from(demo_site: Path) -> None:
    for page in ("index.html", "sop/training/index.html", "data-quality/index.html"):
        footer = soup(demo_site / page).select_one(".deskbook-synced").get_text()
        assert re.fullmatch(
            r"資料同步於 \d{4}-\d\d-\d\d \d\d:\d\d（Asia/Shanghai），來源：demo\.xlsx", footer
        ), footer


def test_search_index_segments_traditional_chinese(demo_site: Path) -> None:
    index = json.loads((demo_site / "search/search_index.json").read_text("utf-8"))
    tokens: set[str] = set()
    for doc in index["docs"]:
        tokens.update(
            re.split(
                r"[\s\u200b\u3000\-、。，．？！；]+",
                doc["title"] + " " + doc["text"] + " " + doc["terms"],
            )
        )
    for word in (
        "物業管理知識",
        "補考",
        "警告",
        "員工記錄表",
        "入職培訓",
        "催費",
        "回訪",
        "望聞問切",
    ):
        assert word in tokens, word
    assert not any(doc["location"].startswith("data-quality") for doc in index["docs"])


def test_no_external_assets(demo_site: Path) -> None:
    external = re.compile(r"^(https?:)?//", re.IGNORECASE)
    for path in demo_site.rglob("*.html"):
        page = soup(path)
        for tag, attr in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "src"),
        ):
            for element in page.find_all(tag):
                value = element.get(attr)
                assert not (value and external.match(value)), f"{path}: {element}"
    for path in demo_site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", path.read_text("utf-8")):
            assert not external.match(url.strip("'\" ")), f"{path}: {url}"
        assert "@import" not in path.read_text("utf-8") or "fonts.googleapis" not in path.read_text(
            "utf-8"
        )


def test_chinese_heading_anchors_keep_their_characters(demo_site: Path) -> None:
    page = soup(demo_site / "sop/training/index.html")
    ids = [h["id"] for h in page.select("article h2[id]")]
    assert ids and all(re.search(r"[\u4e00-\u9fff]", i) for i in ids), ids


@pytest.mark.parametrize(
    ("lang", "html_lang", "heading", "footer"),
    [("zh-Hans", "zh", "数据检查", "数据同步于"), ("en", "en", "Data quality", "Data synced")],
)
def test_language_by_option(
    tmp_path: Path, lang: str, html_lang: str, heading: str, footer: str
) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--config", str(config), "--lang", lang, "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = soup(out / "data-quality/index.html")
    assert page.html["lang"] == html_lang
    assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == heading
    assert page.select_one(".deskbook-synced").get_text().startswith(footer)


def test_sop_pages_may_have_chinese_file_names(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    sop = config.parent / "site" / "sop"
    (sop / "fee-reminders.md").rename(sop / "催費溝通.md")
    mkdocs_yml = config.parent / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text("utf-8").replace("sop/fee-reminders.md", "sop/催費溝通.md"), "utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--config", str(config), "--output", str(out)])
    assert result.exit_code == 0, result.output
    links = [a["href"] for a in soup(out / "responsibilities/index.html").select("article td a")]
    assert "../sop/%E5%82%AC%E8%B2%BB%E6%BA%9D%E9%80%9A/" in links


def test_a_day_before_any_record_still_builds(tmp_path: Path) -> None:
    # No tickets, fees or sessions yet on that day: every chart and table is empty, not an error.
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--config", str(config), "--as-of", "2018-01-01", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "service-desk/index.html").is_file()


def pages_without_footer(site: Path) -> dict[str, str]:
    """Every HTML page, less the sync time in the footer, the stale banner and the print line
    (each build syncs anew), and the sync times the what-changed page's history lists (a
    minute may turn between two builds)."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        page = soup(path)
        for synced in page.select(".deskbook-synced, .deskbook-stale, .deskbook-print-synced"):
            synced.decompose()
        name = path.relative_to(site).as_posix()
        text = str(page)
        if name == "changes/index.html":
            text = re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "<synced>", text)
        pages[name] = text
    return pages


@pytest.mark.parametrize(("audience", "lang"), [("internal", "en"), ("public", "zh-Hans")])
def test_plain_mkdocs_builds_the_staged_folder_as_deskbook_builds(
    tmp_path: Path, audience: str, lang: str
) -> None:
    # The staged folder is the whole site's source: MkDocs alone, with no deskbook plugin,
    # builds the same pages from it.
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    args = ["--as-of", "2026-11-20", "--lang", lang, "--audience", audience]
    by_deskbook = tmp_path / "deskbook"
    result = CliRunner().invoke(
        main, ["build", "--config", str(config), *args, "--output", str(by_deskbook)]
    )
    assert result.exit_code == 0, result.output
    staged = tmp_path / "staged"
    result = CliRunner().invoke(
        main, ["build", "--config", str(config), *args, "--stage-only", str(staged)]
    )
    assert result.exit_code == 0, result.output
    assert not (staged / "site").exists()  # staged, not built
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(staged / "mkdocs.yml")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    built = pages_without_footer(by_deskbook)
    by_mkdocs = pages_without_footer(staged / "site")
    assert sorted(by_mkdocs) == sorted(built)
    assert by_mkdocs == built
    assert soup(by_deskbook / "index.html").html["lang"] == {"en": "en", "zh-Hans": "zh"}[lang]
    assert ("owners/index.html" in built) == (audience == "internal")


def test_home_page_counts_agree_with_the_service_desk(demo_site: Path) -> None:
    home = soup(demo_site / "index.html").select_one("article").get_text()
    desk = soup(demo_site / "service-desk/index.html")
    breaches = next(h for h in desk.select("article h2") if h.get_text().startswith("超時工單"))
    still_open = breaches.find_next("table").select("tbody tr")  # the desk lists only those
    assert f"超時仍未完成的工單 {len(still_open)} 張" in home
    owners = soup(demo_site / "owners/index.html")
    stale = next(
        h for h in owners.select("article h2") if h.get_text().startswith("聯繫方式待核實")
    )
    # The page lists as many as a phone scrolls through; the CSV beside it holds them all.
    shown = stale.find_next("table").select("tbody tr")
    listed = (demo_site / "owners-stale-contacts.csv").read_text("utf-8-sig").splitlines()[1:]
    assert len(shown) == 150 and len(listed) > len(shown)
    assert f"聯繫方式待核實 {len(listed)} 戶" in home
