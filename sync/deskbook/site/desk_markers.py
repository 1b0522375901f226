"""`<!-- deskbook:desk-counts -->` on a hand-written page becomes today's counts at the desk."""

from __future__ import annotations

import re

from deskbook.site.render import make_env
from deskbook.views.today import Today

_MARKER = re.compile(r"^<!--\s*deskbook:desk-counts\s*-->[ \t]*$", re.MULTILINE)


def fill_desk_counts(markdown: str, src_uri: str, today: Today, lang: str) -> str:
    """`src_uri` is the page's path in docs_dir, so links can climb back to the root."""
    if not _MARKER.search(markdown):
        return markdown
    block = (
        make_env(lang)
        .get_template("_office_actions.md.j2")
        .render(today=today, up=src_uri.count("/"))
    )
    return _MARKER.sub(lambda _: block, markdown)
