"""Next year's training plan against SOP 4.1: each item timed, assessed, scoped and budgeted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from deskbook.model.dataset import Dataset
from deskbook.model.records import PlanRow
from deskbook.training.rules import Rules

PlanState = Literal["missing", "incomplete", "not_approved", "ready"]


@dataclass(frozen=True)
class PlanItem:
    category: str
    planned_month: str | None
    scope: str | None
    standard: str | None
    budget: Decimal | None
    submitted_on: dt.date | None
    approved_by: str | None
    approved_on: dt.date | None
    missing: tuple[str, ...]  # required columns left blank

    @property
    def approved(self) -> bool:
        return bool(self.approved_by) and self.approved_on is not None


@dataclass(frozen=True)
class PlanStatus:
    year: int
    state: PlanState
    items: tuple[PlanItem, ...]
    absent: tuple[str, ...]  # categories the plan must cover that have no item
    deadline: dt.date
    days_left: int  # negative once the deadline has passed
    banner: bool  # from the reminder day on, until the plan is ready


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _item(record: PlanRow, fields: tuple[str, ...]) -> PlanItem:
    return PlanItem(
        category=record.category,
        planned_month=record.planned_month,
        scope=record.scope,
        standard=record.standard,
        budget=record.budget,
        submitted_on=record.submitted_on,
        approved_by=record.approved_by,
        approved_on=record.approved_on,
        missing=tuple(f for f in fields if _blank(getattr(record, f))),
    )


def plan_status(dataset: Dataset, rules: Rules, as_of: dt.date) -> PlanStatus:
    year = as_of.year + 1
    order = list(rules.categories)
    items = tuple(
        sorted(
            (
                _item(r, rules.plan.fields)
                for r in dataset.records("training_plan")
                if r.year == year
            ),
            key=lambda i: order.index(i.category),
        )
    )
    planned = {i.category for i in items}
    absent = tuple(c for c, rule in rules.categories.items() if rule.in_plan and c not in planned)
    state: PlanState
    if not items:
        state = "missing"
    elif absent or any(i.missing for i in items):
        state = "incomplete"
    elif not all(i.approved for i in items):
        state = "not_approved"
    else:
        state = "ready"
    deadline = rules.plan.day("deadline", as_of.year)
    banner = state != "ready" and as_of >= rules.plan.day("reminder_from", as_of.year)
    return PlanStatus(year, state, items, absent, deadline, (deadline - as_of).days, banner)
