"""One person's session judged by its category's rule: long enough, exam passed, qualifying."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from deskbook.training.history import Attendance
from deskbook.training.rules import Category

ExamOutcome = Literal["passed", "retake_due", "failed"]


@dataclass(frozen=True)
class Attempt:
    number: int
    total: Decimal
    passed: bool
    scores: dict[str, Decimal | None]


@dataclass(frozen=True)
class SessionResult:
    attendance: Attendance
    attempts: tuple[Attempt, ...]
    outcome: ExamOutcome | None  # None: the category has no exam, or none is recorded yet
    by_certificate: bool
    long_enough: bool
    qualifies: bool

    @property
    def latest_score(self) -> Decimal | None:
        return self.attempts[-1].total if self.attempts else None


def _attempts(
    attendance: Attendance, weights: dict[str, int], retakes: int, pass_mark: Decimal
) -> tuple[Attempt, ...]:
    attempts = []
    for sitting in attendance.sittings:
        # An attempt beyond the retakes allowed cannot change the outcome, so it is not counted.
        if sitting.attempt > 1 + retakes:
            continue
        scores = {part: sitting.scores.get(part) for part in weights}
        # A component left blank scores nothing: the clerk records every component sat.
        total = sum((v for v in scores.values() if v is not None), Decimal(0))
        attempts.append(Attempt(sitting.attempt, total, total >= pass_mark, scores))
    return tuple(attempts)


def _outcome(attempts: tuple[Attempt, ...], retakes: int) -> ExamOutcome | None:
    if not attempts:
        return None
    if any(a.passed for a in attempts):
        return "passed"
    return "retake_due" if attempts[-1].number <= retakes else "failed"


def judge(attendance: Attendance, rule: Category, pass_mark: Decimal) -> SessionResult:
    long_enough = attendance.minutes >= (rule.min_minutes or 1)
    if rule.exam is None:
        return SessionResult(attendance, (), None, False, long_enough, long_enough)
    by_certificate = (
        rule.certificate_replaces_exam
        and attendance.session.external
        and attendance.certificate is not None
    )
    attempts = _attempts(attendance, rule.exam, rule.retakes, pass_mark)
    outcome: ExamOutcome | None = "passed" if by_certificate else _outcome(attempts, rule.retakes)
    return SessionResult(
        attendance,
        attempts,
        outcome,
        by_certificate,
        long_enough,
        long_enough and outcome == "passed",
    )
