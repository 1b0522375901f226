"""Our own HTML tables, lists and paragraphs, written as the HTML Markdown would make of them.

A generated page's tables, lists and plain paragraphs can be written as the HTML Markdown
would make of them, every cell already escaped (a person's training page: hundreds of tags):
converting them as Markdown, cell by cell, is most of converting such a page. The staged page
carries each such top-level block as that HTML, which any engine passes through as written;
only its links to other pages are written as the addresses the engine will give them.
"""

from __future__ import annotations

import re
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


def with_page_links(markdown: str, url: Callable[[str], str]) -> str:
    """`markdown` with every link its held blocks make to a page's Markdown file
    (`staff/s001.md`) written as the address the engine gives that page: the engine passes a
    raw HTML block through as written, so its links are not converted as a Markdown link is."""
    return BLOCK.sub(
        lambda block: _PAGE_LINK.sub(lambda m: f'href="{url(m[1])}"', block[0]), markdown
    )
