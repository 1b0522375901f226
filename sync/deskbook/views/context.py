"""What one run's pages are made from: `Views`, the run's data and settings, and each area's
view computed the first time a page asks for it (`Views.view`).

A view module defines `of(views)` that computes its area once per run; pages and other areas ask
`views.view(fees.of)`. Views knows none of the areas, so they can all import it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from deskbook.i18n import choice_label
from deskbook.model.conventions import CN, Conventions

if TYPE_CHECKING:
    from deskbook.config import Office
    from deskbook.domain.service_rules import ServiceRules
    from deskbook.model.dataset import Dataset
    from deskbook.model.sops import SopPage
    from deskbook.state.publishes import Published
    from deskbook.training.rules import Rules

T = TypeVar("T")


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
    audience: str  # public (the owners' notice board), internal (staff) or manager
    full_phones: bool
    acknowledge_days: int = 14  # [sop] acknowledge_days
    onboarding_from: dt.date | None = None  # [training] onboarding_from
    # This output's earlier publishes, newest first: what the what-changed page compares with.
    publishes: tuple[Published, ...] = ()
    page_months: int = 13  # [site] page_months
    table_rows: int = 500  # [site] table_rows
    # How the office writes: its currency's symbol on pages, its own dropdown values' labels.
    conventions: Conventions = CN

    _made: dict[Callable[[Views], Any], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def currency(self) -> str:
        return self.conventions.currency.symbol

    def choice_label(self, enum: str, code: str) -> str:
        """A choice's label in the run's language, the office's own values included."""
        return self.conventions.choice_label(enum, code) or choice_label(enum, code, self.lang)

    @property
    def public(self) -> bool:
        return self.audience == "public"

    @property
    def manager(self) -> bool:
        """Whether the pages may show what colleagues must not read of one another."""
        return self.audience == "manager"

    def view(self, make: Callable[[Views], T]) -> T:
        """The view `make` computes, computed once for this run."""
        if make not in self._made:
            self._made[make] = make(self)
        return cast(T, self._made[make])
