"""The page registry: one run's views, each computed once, and the functions that make pages.

A new page is one function here in REGISTRY (returning PageSpecs) and one template. The order
of REGISTRY is the order generated sections join the nav.
"""

from __future__ import annotations

from collections.abc import Callable

from deskbook.model.pages import PageSpec
from deskbook.views import (
    announcements,
    changes,
    fees,
    home,
    owners,
    quality,
    responsibilities,
    service_desk,
    training,
    units,
)
from deskbook.views.context import Views

PageSource = Callable[[Views], list[PageSpec]]

REGISTRY: tuple[PageSource, ...] = (
    home.pages,
    responsibilities.pages,
    training.pages,
    service_desk.pages,
    fees.pages,
    owners.pages,
    units.pages,
    announcements.pages,
    quality.pages,
    changes.pages,
)


def pages_for(views: Views) -> list[PageSpec]:
    """Every page of the run's audience, in registry order."""
    specs = [spec for source in REGISTRY for spec in source(views)]
    return [spec for spec in specs if views.audience in spec.audiences]
