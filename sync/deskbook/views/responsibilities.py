"""The department's duties, each with the SOP page that says how it is done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from deskbook.i18n import text
from deskbook.model.dataset import Dataset
from deskbook.model.pages import PageContext, PageSpec
from deskbook.model.sops import SopPage

if TYPE_CHECKING:
    from deskbook.views.context import Views


@dataclass(frozen=True)
class Duty:
    no: int
    duty: str
    role: str
    sop: SopPage | None
    sop_code: str


def duties(dataset: Dataset, sops: dict[str, SopPage]) -> list[Duty]:
    return [
        Duty(
            no=r.no,
            duty=r.duty,
            role=r.role or "",
            sop=sops.get(r.sop) if r.sop else None,
            sop_code=r.sop or "",
        )
        for r in sorted(dataset.records("responsibilities"), key=lambda r: r.no)
    ]


@dataclass(frozen=True)
class ResponsibilitiesPage(PageContext):
    """responsibilities.md.j2: the department's duties."""

    duties: list[Duty]


def pages(views: Views) -> list[PageSpec]:
    title = text("ui.responsibilities", views.lang)
    context = ResponsibilitiesPage(views.view(duties_view))
    return [PageSpec("responsibilities.md", title, "responsibilities.md.j2", context)]


def duties_view(views: Views) -> list[Duty]:
    return duties(views.dataset, views.sops)
