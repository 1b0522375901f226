"""The owners' notice board's home page: the office's own details and its current notices.

The office's internal home page is hand-written (site/index.md), with today's counts filled in
by a marker; only the board gets a generated one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deskbook.model.pages import PUBLIC, PageSpec
from deskbook.views.announcements import announcements_view

if TYPE_CHECKING:
    from deskbook.views.context import Views


def pages(views: Views) -> list[PageSpec]:
    context = {"board": views.office, "notices": views.view(announcements_view)}
    return [PageSpec("index.md", views.office.name, "public_home.md.j2", context, PUBLIC)]
