"""One person's session judged by its category's rule: long enough, exam passed, qualifying."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, NamedTuple

from deskbook.training.history import Rows, Session
from deskbook.training.rules import Category, Component

# not_passed: what colleagues read of retake_due or failed (deskbook.training.colleagues).
ExamOutcome = Literal["passed", "retake_due", "failed", "not_passed"]
SCORE_COLUMNS = {
    "theory": "theory_score",
    "practical": "practical_score",
    "discipline": "discipline_score",
}
_ZERO = Decimal(0)


class Attempt(NamedTuple):
    number: int
    total: Decimal
    passed: bool
    scores: dict[Component, Decimal | None]


# A NamedTuple rather than a dataclass: there is one per attendance, 400,000 at 2,000 staff.
class SessionResult(NamedTuple):
    session: Session
    minutes: int
    machine_hours: Decimal
    certificate: str | None
    attempts: tuple[Attempt, ...]
    outcome: ExamOutcome | None  # None: the category has no exam, or none is recorded yet
    by_certificate: bool
    qualifies: bool

    @property
    def latest_score(self) -> Decimal | None:
        return self.attempts[-1].total if self.attempts else None


def _attempts(
    rows: Rows, weights: dict[Component, int], retakes: int, pass_mark: Decimal
) -> tuple[Attempt, ...]:
    attempts = []
    for row in rows:
        number = row.attempt or 1
        scores = {part: getattr(row, SCORE_COLUMNS[part]) for part in weights}
        # A row with no score is attendance only; an attempt beyond the retakes allowed cannot
        # change the outcome. Neither is an attempt.
        if number > 1 + retakes or all(v is None for v in scores.values()):
            continue
        # A component left blank scores nothing: the clerk records every component sat.
        total = sum((v for v in scores.values() if v is not None), _ZERO)
        attempts.append(Attempt(number, total, total >= pass_mark, scores))
    return tuple(sorted(attempts, key=lambda a: a.number))


def _outcome(attempts: tuple[Attempt, ...], retakes: int) -> ExamOutcome | None:
    if not attempts:
        return None
    if any(a.passed for a in attempts):
        return "passed"
    return "retake_due" if attempts[-1].number <= retakes else "failed"


def judge(session: Session, rows: Rows, rule: Category, pass_mark: Decimal) -> SessionResult:
    if len(rows) == 1:  # by far the most common case: no retake
        row = rows[0]
        minutes, hours, certificate = row.minutes, row.machine_hours, row.certificate
    else:
        # The first attempt's row carries the time; a retake's row usually says 0 minutes.
        minutes = max(r.minutes for r in rows)
        hours = sum((r.machine_hours for r in rows if r.machine_hours is not None), _ZERO)
        certificate = next((r.certificate for r in rows if r.certificate), None)
    hours = hours or _ZERO
    certificate = certificate or None
    long_enough = minutes >= (rule.min_minutes or 1)
    if rule.exam is None:
        return SessionResult(session, minutes, hours, certificate, (), None, False, long_enough)
    by_certificate = rule.certificate_replaces_exam and session.external and bool(certificate)
    attempts = _attempts(rows, rule.exam, rule.retakes, pass_mark)
    outcome: ExamOutcome | None = "passed" if by_certificate else _outcome(attempts, rule.retakes)
    return SessionResult(
        session,
        minutes,
        hours,
        certificate,
        attempts,
        outcome,
        by_certificate,
        long_enough and outcome == "passed",
    )
