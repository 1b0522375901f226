"""Our own HTML tables kept out of Python-Markdown's way, then put back unchanged.

A generated page's tables, lists and plain paragraphs can be written as the HTML Markdown
would make of them, every cell already escaped (a person's training page: hundreds of tags).
Markdown passes a raw HTML block through as written, but only after running it through its
HTML parser twice (raw blocks, then md_in_html), and a Markdown table or list through its
inline patterns cell by cell: that is most of converting such a page. The plugin lifts each
such top-level block out of a generated page's Markdown, leaves a one-word paragraph in its
place, and puts the block back for that paragraph in the converted HTML: the same page,
without the parsing.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

# A block our templates write as Markdown would have made it, with blank lines around it: a
# `<table>` or `<ul>` alone on its first line up to its closing tag alone on a line, no blank
# line inside; or a one-line `<p>`. A paragraph with attributes, or spanning lines, is left to
# Markdown, and so is anything that does not close where it should.
BLOCK = re.compile(r"(?<=\n\n)(?:<(table|ul)>\n(?:[^\n]+\n)*?</\1>|<p>[^\n]*</p>)\n(?=\n)")


_ROW = re.compile(r"<tr>\n(.*?)\n</tr>", re.S)
_CELL = re.compile(r'<t([hd])( style="text-align: right;")?>(.*?)</t\1>')
_ITEM = re.compile(r"<li>(?:\n<p>(.*?)</p>\n|(.*?))</li>", re.S)


def as_markdown(block: str) -> str:
    """The Markdown a held block stands for: a table's cells between bars, a list's items
    (apart when each is a paragraph), a paragraph's text; each as written. Python-Markdown
    makes the block again from it (tests/test_held_html.py), and the floor bench builds it."""
    block = block.rstrip("\n")
    if block.startswith("<p>"):
        return block.removeprefix("<p>").removesuffix("</p>") + "\n"
    if block.startswith("<ul>"):
        items = _ITEM.findall(block)
        apart = "\n" if items and items[0][0] else ""
        return "".join(f"- {para or line}\n{apart}" for para, line in items)
    head, *body = [_CELL.findall(row) for row in _ROW.findall(block)]

    def line(cells: list[tuple[str, str, str]]) -> str:
        return "| " + " | ".join(text for _, _, text in cells) + " |"

    rule = "|" + "".join("---:|" if right else "---|" for _, right, _ in head)
    return "\n".join([line(head), rule, *(line(row) for row in body)]) + "\n"


# A link a template wrote to one of the site's pages: relative, to a Markdown file.
_PAGE_LINK = re.compile(r'href="([^":?#]+\.md(?:#[^"]*)?)"')


class HeldHtml:
    """The blocks lifted out of this build's pages. The placeholder carries a random key per
    build, so no cell and no hand-written page can name a block."""

    def __init__(self) -> None:
        self._key = secrets.token_hex(8)
        self._blocks: dict[str, list[str]] = {}
        self._placeholder = re.compile(rf"<p>deskbookheld{self._key}x(\d+)</p>")
        self._written = re.compile(rf"^deskbookheld{self._key}x(\d+)$", re.M)

    def hold(self, page: str, markdown: str) -> str:
        blocks: list[str] = []

        def lift(match: re.Match[str]) -> str:
            blocks.append(match[0].rstrip("\n"))
            return f"deskbookheld{self._key}x{len(blocks) - 1}\n"

        held = BLOCK.sub(lift, markdown)
        if blocks:
            self._blocks[page] = blocks
        return held

    def written(self, page: str, markdown: str) -> str:
        """`markdown` with this page's held blocks back in place: the page as its template
        wrote it, for a plain MkDocs build of the same pages (the bench's floor)."""
        blocks = self._blocks.get(page, [])
        return self._written.sub(lambda m: blocks[int(m[1])], markdown)

    def restore(self, page: str, html: str, url: Callable[[str], str] | None = None) -> str:
        """The converted page with its blocks back. `url` turns a link to a page's Markdown
        file (`staff/s001.md`) into its address, as MkDocs does for the links it converts."""
        blocks = self._blocks.pop(page, None)
        if not blocks:
            return html

        def block(match: re.Match[str]) -> str:
            text = blocks[int(match[1])]
            if url is None:
                return text
            return _PAGE_LINK.sub(lambda m: f'href="{url(m[1])}"', text)

        return self._placeholder.sub(block, html)
