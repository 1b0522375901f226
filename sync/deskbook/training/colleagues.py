"""What colleagues may read of one another's training: what each attended and still owes, not
how anyone scored or what a failed exam brought them.

Every member of staff reads the internal handbook; exam scores, warnings and dismissals are
for the managers' site. An exam not passed reads the same whether a retake is still allowed, a
warning was earned or the SOP dismisses ("not_passed"): words that told these apart would tell
colleagues which it was, since the handbook's rules page says what a final failure brings.
"""

from __future__ import annotations

from dataclasses import replace

from deskbook.training.compliance import CategoryStatus
from deskbook.training.exams import ExamOutcome, SessionResult
from deskbook.training.onboarding import OnboardingStatus
from deskbook.training.report import StaffTraining, TrainingReport


def for_colleagues(report: TrainingReport) -> TrainingReport:
    """The report with every score, warning and exam's consequence taken out."""
    return replace(
        report,
        staff=tuple(_staff(s) for s in report.staff),
        leavers=tuple(_staff(s) for s in report.leavers),
        withheld=True,
    )


def _staff(staff: StaffTraining) -> StaffTraining:
    return replace(
        staff,
        onboarding=_onboarding(staff.onboarding),
        categories=tuple(_category(c) for c in staff.categories),
        warnings=(),
        missing_certificates=tuple(_result(r) for r in staff.missing_certificates),
    )


def _onboarding(status: OnboardingStatus) -> OnboardingStatus:
    return replace(
        status,
        state="not_passed" if status.state == "failed" else status.state,
        exam=None if status.exam is None else _result(status.exam),
    )


def _category(status: CategoryStatus) -> CategoryStatus:
    return replace(
        status,
        exam_state=status.exam_state if status.exam_state in ("passed", "none") else "not_passed",
        latest_score=None,
        sessions=tuple(_result(r) for r in status.sessions),
    )


def _result(result: SessionResult) -> SessionResult:
    if result.outcome is None:
        return result
    outcome: ExamOutcome = "passed" if result.outcome == "passed" else "not_passed"
    return result._replace(attempts=(), outcome=outcome)
