"""An SOP page nothing leads to is a warning, and two pages with one code an error: both at the
responsibilities tab's SOP column, naming the file, from `deskbook check` and on the built
data-quality page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from deskbook.sources.sop_pages import linked_pages
from tests.conftest import load_spec, make_handbook, run_cli, write_workbook

AS_OF = "2026-11-27"


def sop(code: str, title: str, more: str = "") -> str:
    return f"---\ncode: {code}\ntitle: {title}\nversion: '1.0'\n{more}---\n\n# {title}\n"


# Page (under the docs folder) -> its text; CS-SOP-08 is named by a duty row.
PAGES = {
    "sop/repair.md": sop("CS-SOP-05", "報修受理"),  # reachable from nowhere
    "sop/lifts.md": sop("CS-SOP-06", "電梯困人"),  # linked from guide/night.md
    "sop/keys.md": sop("CS-SOP-07", "鑰匙代管", "audience: [管家]\n"),  # 管家 must read it
    "procedures/parking.md": sop("CS-SOP-08", "車位管理"),
    "sop/zz-copy.md": sop("CS-SOP-01", "服務四力（舊版）"),  # the code of service-abilities.md
    "guide/night.md": "# 夜班\n\n遇到電梯困人，見[規程](../sop/lifts.md#steps)。\n",
}


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sops")
    spec = load_spec()
    spec["職責"]["rows"].append([3, "管理地面車位", "管家", "CS-SOP-08"])
    config = make_handbook(folder / "hb", write_workbook(folder / "book.xlsx", spec))
    for name, text in PAGES.items():
        page = config.parent / "site" / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, "utf-8")
    return config


def test_check_names_the_orphan_page_and_the_duplicate_code(handbook: Path) -> None:
    code, out, _ = run_cli("check", "--config", str(handbook), "--json", "--as-of", AS_OF)
    assert code == 1  # the duplicate code is an error
    found = [
        (i["code"], i["severity"], i["cell"], i["message"])
        for i in json.loads(out)["issues"]
        if i["code"].startswith("sop-")
    ]
    assert [f[:3] for f in found] == [
        ("sop-orphan", "warning", "職責!D:D"),
        ("sop-code-duplicate", "error", "職責!D:D"),
    ]
    orphan, duplicate = found[0][3], found[1][3]
    assert "sop/repair.md" in orphan and "CS-SOP-05" in orphan and "相關規程" in orphan
    assert "sop/zz-copy.md" in duplicate and "sop/service-abilities.md" in duplicate


def test_the_data_quality_page_lists_them_and_the_orphan_stays_listed(
    handbook: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, _, err = run_cli(
        "build", "--config", str(handbook), "--as-of", AS_OF, "--output", str(out)
    )
    assert code == 0, err
    page = BeautifulSoup((out / "data-quality" / "index.html").read_text("utf-8"), "html.parser")
    text = page.get_text()
    assert "沒有任何地方連到的規程頁" in text and "sop/repair.md" in text
    assert "兩個規程頁用了同一個代碼" in text
    # The first page by path keeps the code; the orphan is still in the SOP index.
    index = BeautifulSoup((out / "sop" / "index.html").read_text("utf-8"), "html.parser")
    listed = {a["href"] for a in index.select("article a")}
    assert {"repair/", "service-abilities/"} <= listed and "zz-copy/" not in listed


@pytest.mark.parametrize(
    ("page", "text", "expected"),
    [
        ("guide/a.md", "[x](../sop/b.md#step-2)", {"sop/b.md"}),
        ("a.md", "[x]: sop/b.md 'title'", {"sop/b.md"}),
        ("a.md", '<a href="sop/b.md">x</a>', {"sop/b.md"}),
        ("guide/a.md", "[x](../sop/b/)", {"sop/b.md", "sop/b/index.md"}),
        ("a.md", "[x](sop/%E5%A0%B1.md)", {"sop/報.md"}),
        ("a.md", "[x](https://example.com/sop/b.md) [y](mailto:a@b.c) ![p](i.png)", set()),
        ("a.md", "[x](../outside.md)", set()),
    ],
)
def test_the_links_a_page_makes(page: str, text: str, expected: set[str]) -> None:
    assert linked_pages(page, text) == expected
