"""The department's duties, each with the SOP page that says how it is done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from deskbook.dataset import Dataset
from deskbook.i18n import text
from deskbook.site.sops import SopPage
from deskbook.views.pages import PageSpec

if TYPE_CHECKING:
    from deskbook.views.registry import Views


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
            no=r["no"],
            duty=r["duty"],
            role=r["role"] or "",
            sop=sops.get(r["sop"]) if r["sop"] else None,
            sop_code=r["sop"] or "",
        )
        for r in sorted(dataset.records("responsibilities"), key=lambda r: r["no"])
    ]


def pages(views: Views) -> list[PageSpec]:
    title = text("ui.responsibilities", views.lang)
    context = {"duties": views.duties}
    return [PageSpec("responsibilities.md", title, "responsibilities.md.j2", context)]
