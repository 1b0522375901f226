"""The plugin adds the generated pages to the nav: an office's mkdocs.yml lists only its own."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from deskbook.cli import main
from deskbook.model.pages import EVERYONE, PUBLIC, PageSpec
from deskbook.site.nav import site_nav
from tests.conftest import ROOT, make_handbook, write_workbook

# What the registry gives, in its order: pages of their own, sections, per-entity pages.
SPECS = [
    PageSpec("responsibilities.md", "部門職責", "t"),
    PageSpec("training/index.md", "培訓狀況", "t", section="training"),
    PageSpec("training/plan.md", "年度培訓計劃", "t", section="training"),
    PageSpec("training/staff/s001.md", "S001", "t", section="training", in_nav=False),
    PageSpec("service-desk.md", "服務台", "t"),
    PageSpec("fees/index.md", "收費", "t", section="fees"),
    PageSpec(
        "announcements/index.md", "通知通告", "t", audiences=EVERYONE, section="announcements"
    ),
    PageSpec("announcements/n1.md", "N1", "t", audiences=EVERYONE, in_nav=False),
    PageSpec("data-quality.md", "資料檢查", "t"),
]
HOME = {"首頁": "index.md"}
SOP = {"標準作業規程": ["sop/index.md"]}


def titles(nav: list[object]) -> list[str]:
    return [next(iter(e)) if isinstance(e, dict) else str(e) for e in nav]


def test_generated_sections_join_around_the_ones_the_office_placed() -> None:
    office = [HOME, SOP, {"收費": ["fees/composition.md"]}]
    nav = site_nav(office, SPECS, "zh-Hant")
    assert nav == [
        HOME,
        SOP,
        {"部門職責": "responsibilities.md"},
        {"培訓": ["training/index.md", "training/plan.md"]},
        {"服務台": "service-desk.md"},
        # The office's section gets the generated index page first, its own pages after.
        {"收費": ["fees/index.md", "fees/composition.md"]},
        {"通知通告": ["announcements/index.md"]},
        {"資料檢查": "data-quality.md"},
    ]
    assert office == [HOME, SOP, {"收費": ["fees/composition.md"]}]  # mkdocs.yml's nav as read


def test_with_nothing_placed_generated_pages_follow_the_offices() -> None:
    nav = site_nav([HOME, SOP], SPECS, "en")
    assert titles(nav or []) == [
        "首頁",
        "標準作業規程",
        "部門職責",
        "Training",
        "服務台",
        "Fees",
        "Announcements",
        "資料檢查",
    ]


def test_the_offices_placement_and_order_are_kept() -> None:
    office = [
        {"資料檢查": "data-quality.md"},
        HOME,
        {"Notices": ["announcements/index.md"]},  # a section of its own, for a generated page
        {"Desk": [{"服務台": "service-desk.md"}, "sop/index.md"]},
    ]
    nav = site_nav(office, SPECS, "zh-Hant")
    assert nav == [
        {"資料檢查": "data-quality.md"},
        HOME,
        {"Notices": ["announcements/index.md"]},
        # Before the service desk in the registry's order, so just ahead of where it is.
        {"部門職責": "responsibilities.md"},
        {"培訓": ["training/index.md", "training/plan.md"]},
        {"Desk": [{"服務台": "service-desk.md"}, "sop/index.md"]},
        {"收費": ["fees/index.md"]},
    ]


def test_a_section_is_known_by_its_title_in_any_language() -> None:
    # mkdocs.yml says 收費; a build in English still puts the fee pages there.
    nav = site_nav([{"收費": ["fees/composition.md"]}], SPECS, "en")
    assert {"收費": ["fees/index.md", "fees/composition.md"]} in (nav or [])
    assert "Fees" not in titles(nav or [])


def test_the_owners_board_keeps_only_entries_for_its_pages() -> None:
    office = [
        HOME,
        SOP,
        {"收費": ["fees/composition.md", "fees/index.md"]},
        {"Intranet": "https://intranet.example/"},
    ]
    home = PageSpec("index.md", "翠湖花園物業服務中心", "t", audiences=PUBLIC)
    public = [home, *(s for s in SPECS if "public" in s.audiences)]
    nav = site_nav(
        office,
        public,
        "zh-Hant",
        {"index.md", "fees/composition.md", "announcements/index.md", "announcements/n1.md"},
    )
    assert nav == [
        HOME,
        {"通知通告": ["announcements/index.md"]},
        {"收費": ["fees/composition.md"]},
    ]


def test_without_a_nav_mkdocs_builds_one_from_the_files() -> None:
    assert site_nav(None, SPECS, "zh-Hant") is None


def nav_links(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    return [a["href"] for a in soup.select("nav.md-nav--primary a.md-nav__link[href]")]


def test_the_demo_nav_lists_generated_pages_it_does_not_name(demo_site: Path) -> None:
    mkdocs_yml = (ROOT / "mkdocs.yml").read_text("utf-8")
    named = yaml.safe_load(mkdocs_yml[mkdocs_yml.index("\nnav:") :])["nav"]
    assert "service-desk.md" not in str(named) and "training/index.md" not in str(named)
    soup = BeautifulSoup((demo_site / "index.html").read_text("utf-8"), "html.parser")
    top = [
        item.find(["a", "label"], class_="md-nav__link").get_text(" ", strip=True)
        for item in soup.select("nav.md-nav--primary > ul > li")
    ]
    assert top == [
        "首頁",
        "標準作業規程",
        "部門職責",
        "培訓",
        "服務台",
        "收費",
        "業主與房屋",
        "房屋一覽",
        "通知通告",
        "資料檢查",
        "本次更新",
    ]


def test_a_handbook_without_a_nav_keeps_per_entity_pages_out_of_it(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    mkdocs_yml = config.parent / "mkdocs.yml"
    text = mkdocs_yml.read_text("utf-8")
    mkdocs_yml.write_text(text[: text.index("\nnav:")] + "\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--config", str(config), "--output", str(out)])
    assert result.exit_code == 0, result.output
    links = nav_links(out / "training/index.html")
    assert "../service-desk/" in links and "./" in links  # generated pages are in it
    assert (out / "training/staff").is_dir() and (out / "announcements/kf-2026-001").is_dir()
    assert [href for href in links if "staff/" in href or "kf-" in href] == []


def test_an_sop_page_joins_the_section_of_the_other_sops_without_mkdocs_yml() -> None:
    office = [HOME, {"標準作業規程": ["sop/index.md", "sop/move-in.md"]}]
    nav = site_nav(office, [], "zh-Hant", sops=["sop/move-in.md", "sop/repair.md"])
    assert nav == [HOME, {"標準作業規程": ["sop/index.md", "sop/move-in.md", "sop/repair.md"]}]
    # With none of them listed, they get a section of their own after the office's entries.
    nav = site_nav([HOME], [], "zh-Hans", sops=["procedures/repair.md"])
    assert nav == [HOME, {"标准作业规程": ["procedures/repair.md"]}]
    # The owners' board lists only the SOP pages it carries.
    assert site_nav([HOME], [], "zh-Hant", {"index.md"}, ["sop/repair.md"]) == [HOME]


def test_a_new_sop_page_is_in_the_nav_the_sop_index_and_the_duties(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "book", write_workbook(tmp_path / "book.xlsx"))
    sop = tmp_path / "book" / "site" / "sop" / "repair.md"
    sop.write_text(
        "---\ncode: CS-SOP-05\ntitle: 報修受理\nversion: '1.0'\n---\n\n# 報修受理\n", "utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--config", str(config), "--as-of", "2026-11-27", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = BeautifulSoup((out / "sop" / "index.html").read_text("utf-8"), "html.parser")
    nav = {a["href"] for a in page.select("nav.md-nav a.md-nav__link")}
    assert "repair/" in nav
    assert page.select_one('article a[href="repair/"]') is not None
