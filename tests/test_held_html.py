"""Our own HTML tables are in the staged Markdown as that HTML and come out exactly as written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest

from deskbook.render.escape import escape_text
from deskbook.render.held_html import BLOCK, as_markdown, with_page_links

from .conftest import ROOT, run_cli

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc", "admonition"]
HOSTILE = ("<script>x</script>", "| a | b |", "**bold**", "{: onclick=x }", "--8<-- x")


def _page() -> str:
    rows = "\n".join(
        f"<tr><td>{escape_text(cell)}</td><td>2026-10-0{i}</td></tr>"
        for i, cell in enumerate(HOSTILE, 1)
    )
    head = "<thead><tr><th>主題</th><th>日期</th></tr></thead>"
    table = f"<table>\n{head}\n<tbody>\n{rows}\n</tbody>\n</table>\n"
    return f"# 王小明\n\n## 考核\n\n{table}\n## 培訓紀錄\n\n{table}\n**完**\n"


def _convert(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def _same(target: str) -> str:
    return target


def test_held_tables_pass_through_markdown_as_written() -> None:
    staged = with_page_links(_page(), _same)
    assert staged == _page()
    blocks = [match[0].rstrip("\n") for match in BLOCK.finditer(staged)]
    assert len(blocks) == 2
    assert all(block in _convert(staged) for block in blocks)


def test_a_page_without_tables_is_left_alone() -> None:
    text = "# 標題\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[返回](index.md)\n"
    assert with_page_links(text, lambda target: "changed") == text


def test_the_staged_pages_carry_held_html_as_html(tmp_path: Path) -> None:
    for name in ("deskbook.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "site", tmp_path / "site")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    staged = tmp_path / "staged"
    code, _, err = run_cli(
        "build", "--config", str(tmp_path / "deskbook.toml"), "--as-of", "2026-11-27",
        "--stage-only", str(staged),
    )  # fmt: skip
    assert code == 0, err
    matrix = (staged / "docs" / "training" / "index.md").read_text("utf-8")
    assert "<table>" in matrix and "deskbookheld" not in matrix
    links = re.findall(r'<td><a href="([^"]+)">', matrix)
    assert links and all(re.fullmatch(r"staff/[a-z0-9-]+/", link) for link in links)


def test_the_demo_staff_pages_carry_their_tables(demo_site: Path) -> None:
    page = (demo_site / "training" / "staff" / "s001" / "index.html").read_text("utf-8")
    assert page.count("<table>") >= 1 and "deskbookheld" not in page


_BLOCK = re.compile(r"(?m)^(?:<(table|ul)>\n.*?\n</\1>|<p>[^\n]*</p>)$", re.S)


@pytest.mark.parametrize(
    "pages", ["training/staff/*/index.html", "service-desk/20*/index.html", "training/index.html"]
)
def test_generated_blocks_are_what_markdown_would_make_of_them(demo_site: Path, pages: str) -> None:
    # A page's tables, lists and paragraphs written as HTML skip the conversion: each must be,
    # byte for byte, what Python-Markdown makes of the same text as Markdown.
    blocks = [
        match[0]
        for page in sorted(demo_site.glob(pages))
        for match in _BLOCK.finditer(page.read_text("utf-8").split("<article", 1)[1])
    ]
    assert len(blocks) >= 3
    for block in blocks:
        assert _convert(as_markdown(block)) == block


def test_a_list_of_items_apart_is_held_as_markdown_makes_it() -> None:
    items = "<ul>\n<li>\n<p>一</p>\n</li>\n<li>\n<p>二</p>\n</li>\n</ul>"
    page = f"# 標題\n\n{items}\n\n## 下一節\n\n<p>完</p>\n\n[返回](index.md)\n"
    assert _convert(as_markdown(items)) == items
    staged = with_page_links(page, lambda target: "changed")
    assert staged == page  # no link to a page in its blocks; the Markdown link is MkDocs'
    assert items in _convert(staged)


def test_a_held_link_to_a_page_gets_the_address_mkdocs_gives_it() -> None:
    table = (
        '<table>\n<tbody>\n<tr>\n<td><a href="staff/s001.md">王</a></td>\n'
        '<td><a href="../sop/training.md#exam">SOP</a></td>\n'
        '<td><a href="https://example.com/a.md">out</a></td>\n</tr>\n</tbody>\n</table>'
    )
    addresses = {"staff/s001.md": "staff/s001/", "../sop/training.md": "../../sop/training/"}
    page = with_page_links(
        f"# 培訓\n\n{table}\n\n[返回](staff/s001.md)\n",
        lambda target: (
            addresses[target.split("#")[0]] + target.partition("#")[1] + target.partition("#")[2]
        ),
    )
    assert '<a href="staff/s001/">王</a>' in page
    assert '<a href="../../sop/training/#exam">SOP</a>' in page
    assert '<a href="https://example.com/a.md">out</a>' in page  # not a page of the site
    assert "[返回](staff/s001.md)" in page  # a Markdown link: the engine converts it


def test_held_links_follow_the_sites_address_style(tmp_path: Path) -> None:
    # With use_directory_urls off, MkDocs addresses a page as a .html file: so must a held
    # link, and the person's page must be there to open.
    for name in ("deskbook.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "site", tmp_path / "site")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    settings = tmp_path / "mkdocs.yml"
    text = settings.read_text("utf-8").replace(
        "use_directory_urls: true", "use_directory_urls: false"
    )
    settings.write_text(text, "utf-8")
    code, _, _ = run_cli(
        "build", "--config", str(tmp_path / "deskbook.toml"), "--as-of", "2026-11-27"
    )
    assert code == 0
    matrix = (tmp_path / "public" / "training" / "index.html").read_text("utf-8")
    links = re.findall(r'<td><a href="([^"]+)">', matrix)
    assert links and all(re.fullmatch(r"staff/[a-z0-9-]+\.html", link) for link in links)
    assert all((tmp_path / "public" / "training" / link).is_file() for link in links)
