"""The owners' notice board's home page: the office's own details and its current notices.

The office's internal home page is hand-written (site/index.md), with today's counts filled in
by a marker; only the board gets a generated one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from deskbook.model.pages import PUBLIC, PageContext, PageSpec
from deskbook.views.announcements import Announcements, announcements_view

if TYPE_CHECKING:
    from deskbook.config import Office
    from deskbook.views.context import Views


@dataclass(frozen=True)
class PublicHomePage(PageContext):
    """public_home.md.j2: the owners' board's home page."""

    board: Office  # the office's name, address, phone and hours from [office]
    notices: Announcements


def pages(views: Views) -> list[PageSpec]:
    context = PublicHomePage(views.office, views.view(announcements_view))
    return [PageSpec("index.md", views.office.name, "public_home.md.j2", context, PUBLIC)]
