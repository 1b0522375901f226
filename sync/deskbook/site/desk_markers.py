"""`<!-- deskbook:desk-counts -->` on a hand-written page becomes today's counts at the desk."""

from __future__ import annotations

import re
from dataclasses import dataclass

import jinja2

from deskbook.model.pages import PageContext
from deskbook.views.today import Today

_MARKER = re.compile(r"^<!--\s*deskbook:desk-counts\s*-->[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class OfficeActionsBox(PageContext):
    """_office_actions.md.j2: today's counts at the desk, where a hand-written page asks."""

    today: Today
    up: int  # how many folders the page sits below the site's root


def fill_desk_counts(markdown: str, src_uri: str, today: Today, env: jinja2.Environment) -> str:
    """`src_uri` is the page's path in docs_dir, so links can climb back to the root."""
    if not _MARKER.search(markdown):
        return markdown
    box = OfficeActionsBox(today, src_uri.count("/"))
    block = env.get_template("_office_actions.md.j2").render(box.names())
    return _MARKER.sub(lambda _: block, markdown)
