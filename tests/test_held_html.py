"""Our own HTML tables skip Python-Markdown's HTML parser and come back exactly as written."""

from __future__ import annotations

from pathlib import Path

import markdown

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
