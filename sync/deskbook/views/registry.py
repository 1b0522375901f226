"""The page registry: one run's views, each computed once, and the functions that make pages.

A new page is one function here in REGISTRY (returning PageSpecs) and one template. The order
of REGISTRY is the order generated sections join the nav.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from deskbook.training.report import compute
from deskbook.views import (
    announcements,
    changes,
    fees,
    home,
    owners,
    quality,
    responsibilities,
    service_desk,
    today,
    training,
)
from deskbook.views.pages import PageSpec

if TYPE_CHECKING:
    from deskbook.config import Office
    from deskbook.dataset import Dataset
    from deskbook.domain.service_rules import ServiceRules
    from deskbook.site.sops import SopPage
    from deskbook.state.publishes import Published
    from deskbook.training.rules import Rules
    from deskbook.views.announcements import Announcements
    from deskbook.views.changes import Changes
    from deskbook.views.fees import Fees
    from deskbook.views.owners import Owners
    from deskbook.views.quality import Quality
    from deskbook.views.responsibilities import Duty
    from deskbook.views.service_desk import ServiceDesk
    from deskbook.views.today import Today
    from deskbook.views.training import TrainingSite


@dataclass
class Views:
    """What one run's pages are made from; a view is computed the first time a page asks."""

    dataset: Dataset
    sops: dict[str, SopPage]
    rules: ServiceRules
    training_rules: Rules
    office: Office
    lang: str
    as_of: dt.date
    moment: dt.datetime  # the instant ages and deadlines are measured at
    audience: str  # internal, or public: the owners' notice board
    full_phones: bool
    acknowledge_days: int = 14  # [sop] acknowledge_days
    onboarding_from: dt.date | None = None  # [training] onboarding_from
    # This output's earlier publishes, newest first: what the what-changed page compares with.
    publishes: tuple[Published, ...] = ()
    page_months: int = 13  # [site] page_months
    table_rows: int = 500  # [site] table_rows

    @property
    def public(self) -> bool:
        return self.audience == "public"

    @cached_property
    def duties(self) -> list[Duty]:
        return responsibilities.duties(self.dataset, self.sops)

    @cached_property
    def announcements(self) -> Announcements:
        # The owners' board knows only notices addressed to owners.
        audiences = {"owners"} if self.public else None
        return announcements.announcements(self.dataset, self.as_of, audiences)

    @cached_property
    def quality(self) -> Quality:
        return quality.quality(self.dataset, self.lang)

    @cached_property
    def training(self) -> TrainingSite:
        report = compute(
            self.dataset,
            self.training_rules,
            self.as_of,
            self.sops,
            self.acknowledge_days,
            self.onboarding_from,
        )
        return training.training_site(report, self.lang)

    @cached_property
    def desk(self) -> ServiceDesk:
        return service_desk.service_desk(self.dataset, self.rules, self.moment, self.full_phones)

    @cached_property
    def fees(self) -> Fees:
        return fees.fees(self.dataset, self.rules, self.as_of, self.full_phones)

    @cached_property
    def owners(self) -> Owners:
        return owners.owners(self.dataset, self.rules, self.as_of, self.full_phones)

    @cached_property
    def today(self) -> Today:
        """The desk's counts for the office's home page."""
        return today.today(self.dataset, self.desk, self.fees, self.owners, self.as_of)

    @cached_property
    def changes(self) -> Changes:
        return changes.changes(self)


PageSource = Callable[[Views], list[PageSpec]]

REGISTRY: tuple[PageSource, ...] = (
    home.pages,
    responsibilities.pages,
    training.pages,
    service_desk.pages,
    fees.pages,
    owners.pages,
    announcements.pages,
    quality.pages,
    changes.pages,
)


def pages_for(views: Views) -> list[PageSpec]:
    """Every page of the run's audience, in registry order."""
    specs = [spec for source in REGISTRY for spec in source(views)]
    return [spec for spec in specs if views.audience in spec.audiences]
