"""A new hire's seven days: where they are, and what the day-7 exam decided."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from deskbook.training.exams import SessionResult
from deskbook.training.history import Person

# not_passed: what colleagues read of failed (deskbook.training.colleagues).
OnboardingState = Literal["in_progress", "passed", "failed", "not_passed", "late", "not_tracked"]


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
    tracked_from: dt.date | None,
) -> OnboardingStatus:
    """`tracked_from`: the first hire date whose onboarding the records can show (see
    `tracked_from`); anyone hired earlier with no onboarding row is not tracked, not late."""
    day = (as_of - person.hire_date).days + 1
    exam_due = person.hire_date + dt.timedelta(days=days - 1)
    if not results and (tracked_from is None or person.hire_date < tracked_from):
        return OnboardingStatus("not_tracked", day, days, exam_due, None)
    decided = [r for r in results if r.outcome in ("passed", "failed")]
    if decided:
        exam = decided[-1]
        if (
            exam.outcome == "failed"
            and tracked_from is not None
            and person.hire_date < tracked_from
        ):
            # Hired before onboarding is judged: an old onboarding exam decides nothing now
            # (a failed one would read as dismissal).
            return OnboardingStatus("not_tracked", day, days, exam_due, exam)
        return OnboardingStatus(
            "passed" if exam.outcome == "passed" else "failed", day, days, exam_due, exam
        )
    return OnboardingStatus("in_progress" if day <= days else "late", day, days, exam_due, None)


def tracked_from(
    configured: dt.date | None, first_session: dt.date | None, days: int
) -> dt.date | None:
    """The office's `[training] onboarding_from`, or else the first onboarding session on
    record less the onboarding days: whoever sat that session may have been hired a few days
    before it. Imported records from before onboarding was written down show no one late."""
    if configured is not None:
        return configured
    return None if first_session is None else first_session - dt.timedelta(days=days - 1)
