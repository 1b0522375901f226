"""Our own HTML tables skip Python-Markdown's HTML parser and come back exactly as written."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from deskbook.site.escape import escape_text
from deskbook.site.held_html import HeldHtml

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


def test_held_tables_come_back_as_markdown_would_have_passed_them() -> None:
    held = HeldHtml()
    lifted = held.hold("training/staff/s001.md", _page())
    assert "<table>" not in lifted and lifted.count("data-deskbook-held") == 2
    assert held.restore("training/staff/s001.md", _convert(lifted)) == _convert(_page())


def test_a_held_page_reads_as_written_for_a_plain_mkdocs_build() -> None:
    held = HeldHtml()
    lifted = held.hold("training/staff/s001.md", _page())
    assert held.written("training/staff/s001.md", lifted) == _page()
    # Writing it back does not give the blocks up: the converted page still gets them.
    assert held.restore("training/staff/s001.md", _convert(lifted)) == _convert(_page())


def test_a_page_without_tables_is_left_alone() -> None:
    held = HeldHtml()
    text = "# 標題\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert held.hold("x.md", text) == text
    assert held.restore("x.md", _convert(text)) == _convert(text)


def test_a_placeholder_cannot_be_forged() -> None:
    first, second = HeldHtml(), HeldHtml()
    lifted = first.hold("a.md", _page())
    # Another build's key names nothing here; this build's key is not guessable from a cell.
    assert second.restore("a.md", _convert(lifted)) == _convert(lifted)


def test_the_demo_staff_pages_carry_their_tables(demo_site: Path) -> None:
    page = (demo_site / "training" / "staff" / "s001" / "index.html").read_text("utf-8")
    assert page.count("<table>") >= 1 and "data-deskbook-held" not in page


_BLOCK = re.compile(r"(?m)^<table>\n.*?\n</table>$", re.S)
_ROW = re.compile(r"<tr>\n(.*?)\n</tr>", re.S)
_CELL = re.compile(r'<t([hd])( style="text-align: right;")?>(.*?)</t\1>')


def _as_markdown(block: str) -> str:
    """The Markdown table a held HTML table stands for: its cells, as written, between bars."""
    head, *body = [_CELL.findall(row) for row in _ROW.findall(block)]
    line = lambda cells: "| " + " | ".join(text for _, _, text in cells) + " |"  # noqa: E731
    rule = "|" + "".join("---:|" if right else "---|" for _, right, _ in head)
    return "\n".join([line(head), rule, *(line(row) for row in body)]) + "\n"


@pytest.mark.parametrize("pages", ["training/staff/*/index.html", "service-desk/20*/index.html"])
def test_generated_tables_are_what_markdown_would_make_of_them(demo_site: Path, pages: str) -> None:
    # A page's tables are written as HTML and skip the conversion: each must be, byte for
    # byte, what Python-Markdown makes of the same cells as a Markdown table.
    blocks = [
        block
        for page in sorted(demo_site.glob(pages))
        for block in _BLOCK.findall(page.read_text("utf-8"))
    ]
    assert len(blocks) >= 12
    for block in blocks:
        assert _convert(_as_markdown(block)) == block
