"""One handbook in either script: --lang converts pages, search finds both forms."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest
from bs4 import BeautifulSoup

from deskbook.site.scripts import for_language
from deskbook.site.search_index import preview, terms
from deskbook.site.search_terms import write_user_dict
from tests.conftest import build_demo


def article(path: Path) -> str:
    page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    return page.select_one("article").get_text()


@pytest.mark.parametrize(
    ("markdown", "lang", "expected"),
    [
        ("見[催費溝通](sop/催費.md#催費流程)", "zh-Hans", "见[催费沟通](sop/催費.md#催费流程)"),
        ("见[催费沟通](sop/fee.md)后来", "zh-Hant", "見[催費溝通](sop/fee.md)後來"),
        ("催費 fees", "en", "催費 fees"),
    ],
)
def test_pages_convert_but_link_targets_keep_their_file_names(
    markdown: str, lang: str, expected: str
) -> None:
    assert for_language(markdown, lang) == expected


def test_terms_hold_compounds_their_parts_and_both_scripts(tmp_path: Path) -> None:
    # The office's own words, as the plugin loads them for every build.
    jieba.load_userdict(str(write_user_dict(tmp_path / "words.txt")))
    words = set(terms("新同事的入職培訓與催費流程").split("\u200b"))
    assert {"入職培訓", "入職", "培訓", "入职培训", "培训", "催費", "催费"} <= words


def test_preview_is_a_sentence_not_a_table() -> None:
    text = "<p>第一句說明這一節講甚麼。</p>" + "<table>" + "<tr><td>3-2-1201</td></tr>" * 200
    shown = preview(text).replace("\u200b", "")
    assert shown == "<p>第一句說明這一節講甚麼。</p>"


def test_lang_zh_hans_converts_a_traditional_handbook(tmp_path: Path) -> None:
    site = build_demo(tmp_path, "--lang", "zh-Hans")
    home = article(site / "index.html")
    assert "内部工作手册" in home and "內部工作手冊" not in home
    sop = article(site / "sop/fee-reminders/index.html")
    assert "催费" in sop and "催費" not in sop
    desk = article(site / "service-desk/index.html")
    assert "工单" in desk and "工單" not in desk
