"""One person, one category, one day: done, pending, overdue or not required, and why."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from deskbook.training.exams import SessionResult
from deskbook.training.history import Person
from deskbook.training.periods import Period, period_of, years_before
from deskbook.training.rules import Category

Status = Literal["done", "pending", "overdue", "not_required"]
# not_passed: what colleagues read of the three failing states (deskbook.training.colleagues).
ExamState = Literal["passed", "retake_due", "warning", "dismissal", "not_passed", "none"]
STATUSES: tuple[Status, ...] = ("done", "pending", "overdue", "not_required")


@dataclass(frozen=True)
class CategoryStatus:
    category: str
    status: Status
    exam_state: ExamState
    latest_score: Decimal | None
    current: Period | None
    missed: tuple[Period, ...]  # newest first: in-scope periods not satisfied, last 12 months
    minutes_this_year: int
    machine_hours_this_year: Decimal | None  # only where the rule asks for machine hours
    sessions: tuple[SessionResult, ...]  # oldest first


class _Ledger:
    """Which periods a person satisfied: a qualifying session, plus any machine hours asked."""

    def __init__(self, rule: Category, results: tuple[SessionResult, ...]) -> None:
        self.hours_needed = rule.min_machine_hours
        self.qualified: set[dt.date] = set()
        self.hours: dict[dt.date, Decimal] = defaultdict(Decimal)
        if rule.period == "none":
            return
        for result in results:
            first = period_of(rule.period, result.session.date).first
            if self.hours_needed is not None:
                self.hours[first] += result.machine_hours
            if result.qualifies:
                self.qualified.add(first)

    def satisfied(self, period: Period) -> bool:
        if period.first not in self.qualified:
            return False
        return self.hours_needed is None or self.hours[period.first] >= self.hours_needed


def _exam_state(rule: Category, results: tuple[SessionResult, ...]) -> ExamState:
    for result in reversed(results):
        if result.outcome == "passed":
            return "passed"
        if result.outcome == "retake_due":
            return "retake_due"
        if result.outcome == "failed":
            return rule.final_failure
    return "none"


def _latest_score(results: tuple[SessionResult, ...]) -> Decimal | None:
    return next((r.latest_score for r in reversed(results) if r.attempts), None)


def applies(person: Person, rule: Category) -> bool:
    if rule.period == "none":
        return False
    return rule.applies_to == "all" or person.culture_training


def _standing(
    person: Person,
    rule: Category,
    results: tuple[SessionResult, ...],
    as_of: dt.date,
    records_from: dt.date | None,
) -> tuple[Status, Period | None, tuple[Period, ...]]:
    """The status, the current period and the periods missed in the last 12 months."""
    if rule.period == "none" or not applies(person, rule):
        return "not_required", None, ()
    ledger = _Ledger(rule, results)
    current = period_of(rule.period, as_of)

    def judged(p: Period) -> bool:
        # Before the first session on record the workbook cannot say what happened.
        return records_from is not None and p.first >= records_from

    def counts(p: Period) -> bool:
        return judged(p) and person.employed_through(p.first, p.last)

    window_start = years_before(as_of, 1)
    missed = []
    p = current.previous()
    while p.last > window_start:
        if counts(p) and not ledger.satisfied(p):
            missed.append(p)
        p = p.previous()

    last = current.previous()
    while judged(last) and last.last >= person.hire_date and not counts(last):
        last = last.previous()

    status: Status
    if person.has_left(as_of) or person.on_leave(as_of):
        status = "not_required"
    elif ledger.satisfied(current):
        status = "done"
    elif counts(last) and not ledger.satisfied(last):
        status = "overdue"
    elif person.employed_through(current.first, current.last):
        status = "pending"
    else:
        status = "not_required"
    return status, current, tuple(missed)


def category_status(
    person: Person,
    code: str,
    rule: Category,
    results: tuple[SessionResult, ...],
    as_of: dt.date,
    records_from: dt.date | None,
) -> CategoryStatus:
    status, current, missed = _standing(person, rule, results, as_of, records_from)
    this_year = [r for r in results if r.session.date.year == as_of.year]
    hours = None
    if rule.min_machine_hours is not None:
        hours = sum((r.machine_hours for r in this_year), Decimal(0))
    return CategoryStatus(
        category=code,
        status=status,
        exam_state=_exam_state(rule, results),
        latest_score=_latest_score(results),
        current=current,
        missed=missed,
        minutes_this_year=sum(r.minutes for r in this_year),
        machine_hours_this_year=hours,
        sessions=results,
    )
