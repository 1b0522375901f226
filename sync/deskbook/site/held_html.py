"""Our own HTML tables kept out of Python-Markdown's way, then put back unchanged.

A generated page's long tables are plain HTML whose every cell is already escaped (a person's
training history: hundreds of tags). Markdown passes a raw HTML block through as written, but
only after running it through its HTML parser twice (raw blocks, then md_in_html): that is
two thirds of converting such a page. The plugin lifts each top-level `<table>` block out of a
generated page's Markdown, leaves a placeholder, and puts the block back into the converted
HTML: the same page, without the parsing.
"""

from __future__ import annotations

import re
import secrets

# A table our templates write: `<table>` alone at the start of a line, up to `</table>` alone
# on a line, with blank lines around it (so Markdown took it as one raw block).
_TABLE = re.compile(r"(?<=\n\n)<table>\n.*?\n</table>\n(?=\n)", re.S)


class HeldHtml:
    """The blocks lifted out of this build's pages. The placeholder carries a random key per
    build, so no cell and no hand-written page can name a block."""

    def __init__(self) -> None:
        self._key = secrets.token_hex(8)
        self._blocks: dict[str, list[str]] = {}
        self._placeholder = re.compile(rf'<div data-deskbook-held="{self._key}-(\d+)"></div>')

    def hold(self, page: str, markdown: str) -> str:
        blocks: list[str] = []

        def lift(match: re.Match[str]) -> str:
            blocks.append(match[0].rstrip("\n"))
            return f'<div data-deskbook-held="{self._key}-{len(blocks) - 1}"></div>\n'

        held = _TABLE.sub(lift, markdown)
        if blocks:
            self._blocks[page] = blocks
        return held

    def written(self, page: str, markdown: str) -> str:
        """`markdown` with this page's held blocks back in place: the page as its template
        wrote it, for a plain MkDocs build of the same pages (the bench's floor)."""
        blocks = self._blocks.get(page, [])
        return self._placeholder.sub(lambda m: blocks[int(m[1])], markdown)

    def restore(self, page: str, html: str) -> str:
        blocks = self._blocks.pop(page, None)
        if not blocks:
            return html
        return self._placeholder.sub(lambda m: blocks[int(m[1])], html)
