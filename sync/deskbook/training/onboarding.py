"""A new hire's seven days: where they are, and what the day-7 exam decided."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from deskbook.training.exams import SessionResult
from deskbook.training.history import Person

OnboardingState = Literal["in_progress", "passed", "failed", "late", "not_applicable"]


@dataclass(frozen=True)
class OnboardingStatus:
    state: OnboardingState
    day: int  # day n since hire, day 1 being the hire date
    days: int
    exam_due: dt.date
    exam: SessionResult | None  # the session whose exam decided it, if any


def onboarding_status(
    person: Person,
    days: int,
    results: tuple[SessionResult, ...],
    as_of: dt.date,
    records_from: dt.date | None,
) -> OnboardingStatus:
    day = (as_of - person.hire_date).days + 1
    exam_due = person.hire_date + dt.timedelta(days=days - 1)
    # Hired before the first session on record: the workbook cannot show their onboarding.
    if records_from is None or person.hire_date < records_from:
        return OnboardingStatus("not_applicable", day, days, exam_due, None)
    decided = [r for r in results if r.outcome in ("passed", "failed")]
    if decided:
        exam = decided[-1]
        return OnboardingStatus(
            "passed" if exam.outcome == "passed" else "failed", day, days, exam_due, exam
        )
    return OnboardingStatus("in_progress" if day <= days else "late", day, days, exam_due, None)
